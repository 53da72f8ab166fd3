import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOrganisation, eachOrganisation, withProvider, withTenant } from '../src/db/scope.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
  await createOrganisation(t.db, 'north');
  await createOrganisation(t.db, 'south');
});
afterAll(() => t.close());

describe(`tenancy on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('every table in the tenant, audit and auth schemas has ENABLE + FORCE row-level security and a policy', async () => {
    const { rows } = await t.superuser.query<{
      name: string;
      enabled: boolean;
      forced: boolean;
      policies: number;
    }>(
      `SELECT n.nspname || '.' || c.relname AS name, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('tenant', 'audit', 'auth') AND c.relkind = 'r' ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(9);
    // Tables added later are in the sweep (the campaigns' history, issue 16 item 1).
    expect(rows.map((r) => r.name)).toContain('tenant.rally_campaign_revisions');
    for (const row of rows) expect(row, row.name).toMatchObject({ enabled: true, forced: true, policies: 1 });
  });

  it('every tenant table carries the organisation key, referencing the organisation registry', async () => {
    const { rows } = await t.superuser.query<{ table: string; has_org: boolean; fk: boolean }>(
      `SELECT c.relname AS table,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org' AND a.attnotnull) AS has_org,
              EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f'
                        AND k.confrelid = 'provider.organisations'::regclass) AS fk
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'tenant' AND c.relkind = 'r'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row, row.table).toMatchObject({ has_org: true, fk: true });
  });

  it('a query that omits the organisation filter still sees only its own rows', async () => {
    const rows = await withTenant(t.db, 'north', (tx) =>
      tx.selectFrom('tenant.site_settings').select('org').execute(),
    );
    expect(rows).toEqual([{ org: 'north' }]);
  });

  it('writing a row for another organisation is refused', async () => {
    await expect(
      withTenant(t.db, 'north', (tx) =>
        tx.updateTable('tenant.site_settings').set({ org: 'south' }).where('org', '=', 'north').execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    // And a foreign row is invisible to UPDATE: nothing changes.
    const changed = await withTenant(t.db, 'north', (tx) =>
      tx
        .updateTable('tenant.site_settings')
        .set({ default_language: 'en' })
        .where('org', '=', 'south')
        .execute(),
    );
    expect(Number(changed[0]?.numUpdatedRows)).toBe(0);
  });

  it('the provider scope sees no customer rows', async () => {
    const rows = await withProvider(t.db, (tx) =>
      tx.selectFrom('tenant.site_settings').select('org').execute(),
    );
    expect(rows).toEqual([]);
  });

  it('without an organisation set there are no rows (fails closed)', async () => {
    const rows = await t.db.kysely.transaction().execute(async (tx) => {
      if (t.kind === 'pglite') await sql`SET LOCAL ROLE mitte_app`.execute(tx);
      return tx.selectFrom('tenant.site_settings').select('org').execute();
    });
    expect(rows).toEqual([]);
  });

  it('the scope settings that travel with BEGIN reach only that transaction', async () => {
    const settings = sql<{ org: string | null; realm: string | null }>`
      SELECT current_setting('app.org', true) AS org, current_setting('app.realm', true) AS realm`;
    const { inside, other } = await withTenant(t.db, 'north', async (tx) => {
      const [inside] = (await settings.execute(tx)).rows;
      // A transaction begun later in the same async context (bypassing withScope, as no code may)
      // must not inherit the settings: on PGlite it would wait for the one session, so PostgreSQL only.
      const other =
        t.kind === 'postgres'
          ? await t.db.kysely.transaction().execute(async (own) => (await settings.execute(own)).rows[0])
          : undefined;
      return { inside, other };
    });
    expect(inside).toEqual({ org: 'north', realm: 'tenant' });
    if (t.kind === 'postgres') expect(other?.org ?? '').toBe('');
    const after = await withProvider(t.db, async (tx) => (await settings.execute(tx)).rows[0]);
    expect(after).toEqual({ org: '', realm: 'provider' });
  });

  it('refuses a tenant scope without a valid service code', async () => {
    await expect(withTenant(t.db, '', async () => 1)).rejects.toThrow(/service code/);
    await expect(withTenant(t.db, "north' OR '1'='1", async () => 1)).rejects.toThrow(/service code/);
  });

  it('asOrganisation is refused outside the provider and auth scopes', async () => {
    await expect(
      withTenant(t.db, 'north', (tx) => asOrganisation(tx, 'south', async () => 1)),
    ).rejects.toThrow(/provider or auth scope/);
  });

  it('eachOrganisation runs in each existing organisation’s scope in turn, from the provider scope only, and switches back', async () => {
    const seen = await withProvider(t.db, async (tx) => {
      const rows: string[] = [];
      // 'gone-town' is a well-formed code of no organisation (one purged meanwhile): left out.
      await eachOrganisation(tx, ['north', 'gone-town', 'south'], async (org) => {
        const own = await sql<{ org: string }>`SELECT org FROM tenant.site_settings`.execute(tx);
        rows.push(`${org}:${own.rows.map((r) => r.org).join(',')}`);
      });
      const after = await sql<{ realm: string; org: string }>`
        SELECT current_setting('app.realm', true) AS realm, current_setting('app.org', true) AS org`.execute(
        tx,
      );
      rows.push(`${after.rows[0]!.realm}:${after.rows[0]!.org}`);
      return rows;
    });
    // Each sees only its own row; the provider scope is back afterwards.
    expect(seen).toEqual(['north:north', 'south:south', 'provider:']);
    await expect(
      withTenant(t.db, 'north', (tx) => eachOrganisation(tx, ['south'], async () => {})),
    ).rejects.toThrow(/tenant scope is only allowed from the provider scope/);
    await expect(
      withProvider(t.db, (tx) => eachOrganisation(tx, ["north' OR '1'='1"], async () => {})),
    ).rejects.toThrow(/service codes/);
  });

  it('the service code is immutable', async () => {
    await expect(
      t.superuser.query(
        "UPDATE provider.organisations SET service_code = 'west' WHERE service_code = 'north'",
      ),
    ).rejects.toThrow(/immutable|foreign key/);
  });
});
