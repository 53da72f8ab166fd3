import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHousekeeping } from '../src/modules/housekeeping/housekeeping.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await createOrganisation(t.database.db, 'kura');
});
afterAll(() => t.close());

async function currentSessionId(client: Client): Promise<string> {
  const list = await client.get('/api/v1/me/sessions');
  return (list.body as { items: { id: string; current: boolean }[] }).items.find((s) => s.current)!.id;
}

const q = (text: string, values: unknown[] = []) => t.database.superuser.query(text, values);

describe('housekeeping', () => {
  it('purges sessions ended or expired over 30 days ago and keeps the rest, including the live one', async () => {
    const users = await Promise.all(
      [0, 1, 2, 3].map(async () => signedIn(t, 'kura', await seedUser(t, 'kura', { totp: false }))),
    );
    const [live, endedLongAgo, expiredLongAgo, endedRecently] = await Promise.all(
      users.map(currentSessionId),
    );
    await q("UPDATE auth.sessions SET ended_at = now() - interval '31 days' WHERE id = $1", [endedLongAgo]);
    await q("UPDATE auth.sessions SET expires_at = now() - interval '31 days' WHERE id = $1", [
      expiredLongAgo,
    ]);
    await q("UPDATE auth.sessions SET ended_at = now() - interval '29 days' WHERE id = $1", [endedRecently]);

    const result = await runHousekeeping(t.database.db);

    expect(result.sessions).toBe(2);
    const { rows } = await q('SELECT id FROM auth.sessions WHERE id = ANY($1)', [
      [live, endedLongAgo, expiredLongAgo, endedRecently],
    ]);
    expect(rows.map((r) => r.id).sort()).toEqual([live, endedRecently].sort());
    // The live session still works after housekeeping.
    expect((await users[0]!.get('/api/v1/me')).status).toBe(200);
  });

  it('purges finished throttle counters but keeps recent failures and active locks', async () => {
    await q(
      `INSERT INTO auth.throttles (key, failures, window_start, last_failure_at, locked_until) VALUES
       ('hk:old', 3, now() - interval '3 days', now() - interval '2 days', NULL),
       ('hk:recent', 2, now() - interval '1 hour', now() - interval '1 hour', NULL),
       ('hk:locked', 10, now() - interval '3 days', now() - interval '2 days', now() + interval '1 hour'),
       ('hk:lock-over', 10, now() - interval '3 days', now() - interval '2 days', now() - interval '1 day')`,
    );
    const result = await runHousekeeping(t.database.db);
    expect(result.throttles).toBeGreaterThanOrEqual(2);
    const { rows } = await q("SELECT key FROM auth.throttles WHERE key LIKE 'hk:%' ORDER BY key");
    expect(rows.map((r) => r.key)).toEqual(['hk:locked', 'hk:recent']);
  });

  it('purges used or expired tokens over 30 days old, organisation by organisation', async () => {
    const { rows: before } = await q("SELECT count(*)::int AS n FROM tenant.user_tokens WHERE org = 'kura'");
    const { rows: ids } = await q("SELECT id FROM tenant.users WHERE org = 'kura' LIMIT 1");
    const user = ids[0]!.id;
    await q(
      `INSERT INTO tenant.user_tokens (org, user_id, purpose, token_hash, expires_at, used_at) VALUES
       ('kura', $1, 'password_reset', 'hk-old-used', now() - interval '40 days', now() - interval '40 days'),
       ('kura', $1, 'password_reset', 'hk-old-expired', now() - interval '31 days', NULL),
       ('kura', $1, 'password_reset', 'hk-fresh', now() + interval '10 minutes', NULL)`,
      [user],
    );
    const result = await runHousekeeping(t.database.db);
    expect(result.tokens).toBe(2);
    const { rows } = await q(
      "SELECT token_hash FROM tenant.user_tokens WHERE org = 'kura' AND token_hash LIKE 'hk-%'",
    );
    expect(rows.map((r) => r.token_hash)).toEqual(['hk-fresh']);
    const { rows: after } = await q("SELECT count(*)::int AS n FROM tenant.user_tokens WHERE org = 'kura'");
    expect(after[0].n).toBe(before[0].n + 1);
  });
});
