import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../src/db/scope.js';
import { audit } from '../src/platform/audit/audit.js';
import { verifyAuditLog } from '../src/platform/audit/verify.js';
import { defineRoute } from '../src/platform/http/route.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    before(app, deps) {
      // A public tenant route that audits, to produce many events from concurrent requests.
      defineRoute(
        app,
        { db: deps.db, authenticate: async () => null },
        {
          method: 'POST',
          url: '/api/v1/public/:serviceCode/ping',
          access: { public: true },
          scope: 'tenant',
          schema: { summary: 'test ping' },
          async handler(ctx) {
            await audit(ctx, { action: 'test.ping', details: { password: 'hunter2', note: 'kept' } });
            return { ok: true };
          },
        },
      );
    },
  });
  await createOrganisation(t.database.db, 'alpha');
  await createOrganisation(t.database.db, 'beta');
});
afterAll(() => t.close());

/** Runs SQL as a superuser with triggers off: what an attacker with database access could do. */
async function tamper(sql: string): Promise<void> {
  const client = await t.database.superuser.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(sql);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function snapshot(): Promise<string> {
  const { rows } = await t.database.superuser.query(
    'SELECT json_agg(e ORDER BY id)::text AS events FROM audit.events e',
  );
  const heads = await t.database.superuser.query(
    'SELECT json_agg(h ORDER BY chain)::text AS heads FROM audit.chain_heads h',
  );
  return JSON.stringify([rows[0].events, heads.rows[0].heads]);
}

/** Restores the audit tables to a snapshot taken earlier (superuser, triggers off). */
async function restore(state: string): Promise<void> {
  const [events, heads] = JSON.parse(state) as [string, string];
  await tamper(`DELETE FROM audit.events; DELETE FROM audit.chain_heads;
    INSERT INTO audit.chain_heads SELECT * FROM json_populate_recordset(null::audit.chain_heads, '${heads.replace(/'/g, "''")}');
    INSERT INTO audit.events SELECT * FROM json_populate_recordset(null::audit.events, '${events.replace(/'/g, "''")}');`);
}

describe('audit hash chain', () => {
  let state: string;

  it('verifies after many events from concurrent requests, in tenant and provider chains', async () => {
    const tenantCalls = Array.from({ length: 30 }, (_, i) =>
      fetch(`${t.url}/api/v1/public/${i % 2 ? 'alpha' : 'beta'}/ping`, { method: 'POST' }),
    );
    // Unauthenticated calls to an operator route are denied and audited in the provider chain.
    const deniedCalls = Array.from({ length: 20 }, () => fetch(`${t.url}/api/v1/ops/organisations`));
    const responses = await Promise.all([...tenantCalls, ...deniedCalls]);
    expect(responses.slice(0, 30).every((r) => r.status === 200)).toBe(true);
    expect(responses.slice(30).every((r) => r.status === 401)).toBe(true);

    const report = await verifyAuditLog(t.database.db);
    expect(report.ok).toBe(true);
    const byChain = Object.fromEntries(report.chains.map((c) => [c.chain, c.events]));
    // Each organisation: 1 provisioning event + 15 pings. Provider: 2 provisionings + 20 denials.
    expect(byChain).toEqual({ '#provider': 22, alpha: 16, beta: 16 });
    state = await snapshot();
  });

  it('stores each event with UTC time, service code, actor, action, source IP, outcome and no secrets', async () => {
    const { rows } = await t.database.superuser.query(
      "SELECT * FROM audit.events WHERE org = 'alpha' AND action = 'test.ping' ORDER BY seq LIMIT 1",
    );
    const event = rows[0];
    expect(event.chain).toBe('alpha');
    expect(event.actor_type).toBe('anonymous');
    expect(event.ip).toBe('127.0.0.1');
    expect(event.outcome).toBe('success');
    expect(event.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.details).toEqual({ password: '[REDACTED]', note: 'kept' });
    const denied = await t.database.superuser.query(
      "SELECT * FROM audit.events WHERE chain = '#provider' AND action = 'http.unauthenticated' LIMIT 1",
    );
    expect(denied.rows[0].outcome).toBe('denied');
    expect(denied.rows[0].target_id).toBe('GET /api/v1/ops/organisations');
  });

  it('an organisation scope sees only its own chain', async () => {
    const rows = await withTenant(t.database.db, 'alpha', (tx) =>
      tx.selectFrom('audit.events').select(['chain']).distinct().execute(),
    );
    expect(rows).toEqual([{ chain: 'alpha' }]);
  });

  it('detects one changed byte in any stored event', async () => {
    await tamper(
      `UPDATE audit.events SET details = jsonb_set(details, '{note}', '"kepT"') WHERE chain = 'alpha' AND seq = 5`,
    );
    const report = await verifyAuditLog(t.database.db);
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.chain === 'alpha')?.broken).toEqual({
      seq: 5,
      reason: 'stored content does not match its hash',
    });
    expect(report.chains.find((c) => c.chain === 'beta')?.ok).toBe(true);
    await restore(state);
    expect((await verifyAuditLog(t.database.db)).ok).toBe(true);
  });

  it('detects a changed IP or time', async () => {
    await tamper(`UPDATE audit.events SET ip = '10.0.0.1' WHERE chain = '#provider' AND seq = 7`);
    let report = await verifyAuditLog(t.database.db);
    expect(report.chains.find((c) => c.chain === '#provider')?.broken?.seq).toBe(7);
    await restore(state);
    await tamper(
      `UPDATE audit.events SET at = at + interval '1 millisecond' WHERE chain = 'beta' AND seq = 3`,
    );
    report = await verifyAuditLog(t.database.db);
    expect(report.chains.find((c) => c.chain === 'beta')?.broken?.seq).toBe(3);
    await restore(state);
  });

  it('detects a deleted event in the middle and at the end', async () => {
    await tamper(`DELETE FROM audit.events WHERE chain = 'beta' AND seq = 8`);
    let report = await verifyAuditLog(t.database.db);
    expect(report.chains.find((c) => c.chain === 'beta')?.broken).toEqual({
      seq: 8,
      reason: 'event 8 is missing (next stored is 9)',
    });
    await restore(state);
    await tamper(`DELETE FROM audit.events WHERE chain = 'beta' AND seq = 16`);
    report = await verifyAuditLog(t.database.db);
    expect(report.chains.find((c) => c.chain === 'beta')?.broken?.seq).toBe(16);
    await restore(state);
  });

  it('detects two reordered events', async () => {
    await tamper(`UPDATE audit.events SET seq = seq + 1000 WHERE chain = 'alpha' AND seq IN (3, 4);
      UPDATE audit.events SET seq = 4 WHERE chain = 'alpha' AND seq = 1003;
      UPDATE audit.events SET seq = 3 WHERE chain = 'alpha' AND seq = 1004;`);
    const report = await verifyAuditLog(t.database.db);
    expect(report.chains.find((c) => c.chain === 'alpha')?.broken?.seq).toBe(3);
    await restore(state);
    expect((await verifyAuditLog(t.database.db)).ok).toBe(true);
  });

  it('refuses UPDATE and DELETE by the app role', async () => {
    await expect(
      withTenant(t.database.db, 'alpha', (tx) =>
        tx.updateTable('audit.events').set({ action: 'x.y' }).where('seq', '=', 1).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(t.database.db, 'alpha', (tx) =>
        tx.deleteFrom('audit.events').where('seq', '=', 1).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE even by the table owner (trigger)', async () => {
    await expect(
      t.database.superuser.query("UPDATE audit.events SET action = 'x.y' WHERE seq = 1"),
    ).rejects.toThrow(/append-only/);
    await expect(t.database.superuser.query('DELETE FROM audit.events WHERE seq = 1')).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.superuser.query('TRUNCATE audit.events')).rejects.toThrow(/append-only/);
    expect((await verifyAuditLog(t.database.db)).ok).toBe(true);
  });
});
