import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createOrganisation } from '../helpers/fixtures.js';

// On PostgreSQL the app's role is the privilege boundary: these hold even for SQL the app
// never meant to run (an injected statement, a forgotten filter).
let t: TestDatabase;
let app: pg.Client;

beforeAll(async () => {
  t = await openTestDatabase('postgres');
  await createOrganisation(t.db, 'east');
  await createOrganisation(t.db, 'west');
  app = new pg.Client({ connectionString: t.urls!.app });
  await app.connect();
});
afterAll(async () => {
  await app.end();
  await t.close();
});

async function inTx<T>(fn: () => Promise<T>): Promise<T> {
  await app.query('BEGIN');
  try {
    return await fn();
  } finally {
    await app.query('ROLLBACK');
  }
}

describe('isolation on PostgreSQL as the app role', () => {
  it('connects as mitte_app: not superuser, no BYPASSRLS, owns nothing', async () => {
    const { rows } = await app.query(
      `SELECT current_user AS role, rolsuper, rolbypassrls,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE rolname = current_user`,
    );
    expect(rows[0]).toEqual({ role: 'mitte_app', rolsuper: false, rolbypassrls: false, owned: 0 });
  });

  it('with no organisation set, a query without filter returns zero rows', async () => {
    const { rows } = await app.query('SELECT org FROM tenant.site_settings');
    expect(rows).toEqual([]);
    const events = await app.query('SELECT count(*)::int AS n FROM audit.events');
    expect(events.rows[0].n).toBe(0);
  });

  it('a query that omits the organisation filter gets only its own rows', async () => {
    const rows = await inTx(async () => {
      await app.query("SELECT set_config('app.org', 'east', true)");
      return (await app.query('SELECT org FROM tenant.site_settings')).rows;
    });
    expect(rows).toEqual([{ org: 'east' }]);
  });

  it('inserting a row for another organisation is refused', async () => {
    await expect(
      inTx(async () => {
        await app.query("SELECT set_config('app.org', 'east', true)");
        await app.query("INSERT INTO tenant.site_settings (org) VALUES ('west')");
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it('SET ROLE to the owner is refused', async () => {
    await expect(app.query('SET ROLE mitte_owner')).rejects.toThrow(/permission denied/);
    await expect(app.query('SET ROLE postgres')).rejects.toThrow(/permission denied/);
  });

  it('ALTER TABLE … DISABLE / NO FORCE ROW LEVEL SECURITY and DROP POLICY are refused', async () => {
    await expect(app.query('ALTER TABLE tenant.site_settings DISABLE ROW LEVEL SECURITY')).rejects.toThrow(
      /must be owner/,
    );
    await expect(app.query('ALTER TABLE tenant.site_settings NO FORCE ROW LEVEL SECURITY')).rejects.toThrow(
      /must be owner/,
    );
    await expect(app.query('DROP POLICY tenant_isolation ON tenant.site_settings')).rejects.toThrow(
      /must be owner/,
    );
  });

  it('cannot create objects in the schemas or change the organisation registry key', async () => {
    await expect(app.query('CREATE TABLE tenant.sneaky (x int)')).rejects.toThrow(/permission denied/);
    await expect(app.query('CREATE TABLE public.sneaky (x int)')).rejects.toThrow(/permission denied/);
    await expect(
      app.query("UPDATE provider.organisations SET service_code = 'x' WHERE service_code = 'east'"),
    ).rejects.toThrow(/permission denied/);
    await expect(app.query("DELETE FROM provider.organisations WHERE service_code = 'east'")).rejects.toThrow(
      /permission denied/,
    );
  });

  it('cannot UPDATE, DELETE or TRUNCATE the audit log', async () => {
    await expect(app.query("UPDATE audit.events SET action = 'x.y'")).rejects.toThrow(/permission denied/);
    await expect(app.query('DELETE FROM audit.events')).rejects.toThrow(/permission denied/);
    await expect(app.query('TRUNCATE audit.events')).rejects.toThrow(/permission denied/);
  });
});
