import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await startTestApp();
  await createOrganisation(t.database.db, 'yuki');
  admin = await signedIn(t, 'yuki', await seedUser(t, 'yuki', { role: 'admin' }));
});
afterAll(() => t.close());

async function sessionRow(client: Client) {
  const list = await client.get('/api/v1/me/sessions');
  return (list.body as { items: { id: string; current: boolean }[] }).items.find((s) => s.current)!;
}

describe('session lifetime', () => {
  it('a session idle longer than the organisation idle timeout ends (and the end is audited)', async () => {
    const user = await signedIn(t, 'yuki', await seedUser(t, 'yuki', { totp: false }));
    const { id } = await sessionRow(user);
    await t.database.superuser.query(
      "UPDATE auth.sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1",
      [id],
    );
    expect((await user.get('/api/v1/me')).status).toBe(401);
    const { rows } = await t.database.superuser.query(
      "SELECT details FROM audit.events WHERE org = 'yuki' AND action = 'auth.session_ended' AND target_id = $1",
      [id],
    );
    expect(rows[0]?.details.reason).toBe('idle');
  });

  it('a session past its absolute lifetime ends even when active', async () => {
    const user = await signedIn(t, 'yuki', await seedUser(t, 'yuki', { totp: false }));
    const { id } = await sessionRow(user);
    await t.database.superuser.query(
      "UPDATE auth.sessions SET expires_at = now() - interval '1 second' WHERE id = $1",
      [id],
    );
    expect((await user.get('/api/v1/me')).status).toBe(401);
  });

  it('the organisation sets its own idle timeout and lifetime for new sessions', async () => {
    const res = await admin.put('/api/v1/organisation/security', {
      totpRequiredForGeneral: false,
      idleTimeoutMinutes: 10,
      absoluteLifetimeHours: 2,
    });
    expect(res.status).toBe(200);
    const user = await signedIn(t, 'yuki', await seedUser(t, 'yuki', { totp: false }));
    const { id } = await sessionRow(user);
    const { rows } = await t.database.superuser.query(
      'SELECT idle_seconds, extract(epoch FROM expires_at - created_at)::int AS lifetime FROM auth.sessions WHERE id = $1',
      [id],
    );
    expect(rows[0].idle_seconds).toBe(600);
    expect(Math.abs(rows[0].lifetime - 7200)).toBeLessThan(5);
    const invalid = await admin.put('/api/v1/organisation/security', {
      totpRequiredForGeneral: false,
      idleTimeoutMinutes: 1,
      absoluteLifetimeHours: 2,
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { error: { field: string } }).error.field).toBe('idleTimeoutMinutes');
  });
});

describe('events that end every session of a user', () => {
  it('password change ends the other sessions, keeps this one, and needs the current password', async () => {
    const account = await seedUser(t, 'yuki', { totp: false });
    const here = await signedIn(t, 'yuki', account);
    const there = await signedIn(t, 'yuki', account);
    const wrong = await here.post('/api/v1/me/password', {
      currentPassword: 'not it at all',
      newPassword: 'A fresh long passphrase 11',
    });
    expect(wrong.status).toBe(400);
    expect((wrong.body as { error: { field: string } }).error.field).toBe('currentPassword');
    const common = await here.post('/api/v1/me/password', {
      currentPassword: account.password,
      newPassword: 'password123456',
    });
    expect(common.status).toBe(400);
    expect((common.body as { error: { field: string } }).error.field).toBe('newPassword');
    const ok = await here.post('/api/v1/me/password', {
      currentPassword: account.password,
      newPassword: 'A fresh long passphrase 11',
    });
    expect(ok.status).toBe(204);
    expect((await here.get('/api/v1/me')).status).toBe(200);
    expect((await there.get('/api/v1/me')).status).toBe(401);
  });

  it('deletion ends sessions, removes personal data and keeps the audit history', async () => {
    const account = await seedUser(t, 'yuki', { totp: false });
    const session = await signedIn(t, 'yuki', account);
    expect((await admin.delete(`/api/v1/users/${account.id}`)).status).toBe(204);
    expect((await session.get('/api/v1/me')).status).toBe(401);
    expect((await admin.get(`/api/v1/users/${account.id}`)).status).toBe(404);
    const { rows } = await t.database.superuser.query(
      'SELECT email, name, password_hash FROM tenant.users WHERE id = $1',
      [account.id],
    );
    expect(rows[0].email).not.toContain(account.email.split('@')[0]);
    expect(rows[0].password_hash).toBeNull();
    const history = await t.database.superuser.query(
      "SELECT count(*)::int AS n FROM audit.events WHERE org = 'yuki' AND (actor_id = $1 OR target_id = $1)",
      [account.id],
    );
    expect(history.rows[0].n).toBeGreaterThanOrEqual(2);
  });

  it('two-factor reset ends sessions; the user enrols again at the next sign-in', async () => {
    const account = await seedUser(t, 'yuki', { role: 'general', totp: true });
    const session = await signedIn(t, 'yuki', account);
    const reset = await admin.post(`/api/v1/users/${account.id}/reset-totp`);
    expect(reset.status).toBe(200);
    expect((reset.body as { totpEnabled: boolean }).totpEnabled).toBe(false);
    expect((await session.get('/api/v1/me')).status).toBe(401);
    // General users here are not required to use two-factor, so they sign straight in.
    const again = new Client(t.url);
    const login = await again.post('/api/v1/auth/login', {
      serviceCode: 'yuki',
      email: account.email,
      password: account.password,
    });
    expect(login.body).toEqual({ status: 'signed_in' });
  });

  it('an admin cannot suspend or delete themselves, nor remove the last admin', async () => {
    const soleAdminOrg = 'ichigo';
    await createOrganisation(t.database.db, soleAdminOrg);
    const sole = await seedUser(t, soleAdminOrg, { role: 'admin' });
    const client = await signedIn(t, soleAdminOrg, sole);
    expect((await client.post(`/api/v1/users/${sole.id}/suspend`)).status).toBe(409);
    expect((await client.delete(`/api/v1/users/${sole.id}`)).status).toBe(409);
    const demote = await client.patch(`/api/v1/users/${sole.id}`, { role: 'general' });
    expect(demote.status).toBe(409);
    expect((demote.body as { error: { code: string } }).error.code).toBe('last_admin');
  });

  it('refuses a name of spaces or line breaks alone (400, the field named) when inviting or renaming, and changes nothing', async () => {
    const account = await seedUser(t, 'yuki', { role: 'general' });
    const stored = async () =>
      (
        await t.database.superuser.query(
          "SELECT (SELECT name FROM tenant.users WHERE id = $1) AS name, (SELECT count(*)::int FROM tenant.users WHERE email = 'blank@yuki.example.jp') AS invited",
          [account.id],
        )
      ).rows[0];
    const before = await stored();
    expect(before.invited).toBe(0);
    for (const name of ['\n', '   ', '\u3000\t']) {
      const renamed = await admin.patch(`/api/v1/users/${account.id}`, { name, role: 'general' });
      expect(renamed.status, JSON.stringify(name)).toBe(400);
      expect(JSON.stringify(renamed.body), JSON.stringify(name)).toContain('name');
      const invited = await admin.post('/api/v1/users', { name, email: 'blank@yuki.example.jp' });
      expect(invited.status, JSON.stringify(name)).toBe(400);
    }
    expect(await stored()).toEqual(before);
  });

  it('a re-sent invitation invalidates the earlier link; revoking removes the invited account', async () => {
    const created = await admin.post('/api/v1/users', {
      name: '招待 花子',
      email: 'hanako@yuki.example.jp',
      rights: { spots: 'view' },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const { rows: first } = await t.database.superuser.query(
      'SELECT token_hash FROM tenant.user_tokens WHERE user_id = $1 AND revoked_at IS NULL',
      [id],
    );
    expect((await admin.post(`/api/v1/users/${id}/invitation`)).status).toBe(200);
    const { rows: live } = await t.database.superuser.query(
      'SELECT token_hash FROM tenant.user_tokens WHERE user_id = $1 AND revoked_at IS NULL',
      [id],
    );
    expect(live).toHaveLength(1);
    expect(live[0].token_hash).not.toBe(first[0].token_hash);
    expect((await admin.delete(`/api/v1/users/${id}/invitation`)).status).toBe(204);
    expect((await admin.get(`/api/v1/users/${id}`)).status).toBe(404);
    const dup = await admin.post('/api/v1/users', { name: '招待 花子', email: 'HANAKO@yuki.example.jp' });
    expect(dup.status).toBe(201);
    const again = await admin.post('/api/v1/users', { name: '別人', email: 'hanako@yuki.example.jp' });
    expect(again.status).toBe(409);
    expect((again.body as { error: { field: string } }).error.field).toBe('email');
  });
});

describe('the sign-in success path commits in one transaction', () => {
  it('when its last write (the audit event) fails, nothing of the success is kept', async () => {
    const account = await seedUser(t, 'yuki', { totp: false });
    const client = await signedIn(t, 'yuki', account);
    const before = await sessionRow(client);
    const throttleKey = `acct:u:yuki:${account.email}`;
    const wrong = await client.post('/api/v1/auth/login', {
      serviceCode: 'yuki',
      email: account.email,
      password: 'not the password at all',
    });
    expect(wrong.status).toBe(401);
    const state = async () => {
      const q = (text: string, values: unknown[]) => t.database.superuser.query(text, values);
      const sessions = await q('SELECT id, ended_at FROM auth.sessions WHERE account_id = $1', [account.id]);
      const throttle = await q('SELECT failures FROM auth.throttles WHERE key = $1', [throttleKey]);
      const user = await q('SELECT last_sign_in_at FROM tenant.users WHERE id = $1', [account.id]);
      const signIns = await q(
        "SELECT count(*)::int AS n FROM audit.events WHERE action = 'auth.sign_in' AND outcome = 'success' AND target_id = $1",
        [account.id],
      );
      return {
        open: sessions.rows.filter((r) => r.ended_at === null).map((r) => r.id),
        sessions: sessions.rows.length,
        failures: throttle.rows[0]?.failures ?? 0,
        lastSignIn: user.rows[0].last_sign_in_at?.toISOString(),
        signIns: signIns.rows[0].n,
      };
    };
    const failed = await state();
    expect(failed).toMatchObject({ open: [before.id], sessions: 1, failures: 1, signIns: 1 });

    // The audit event is written last, inside the account's realm: refuse it for this account.
    await t.database.superuser.query(`
      CREATE FUNCTION refuse_sign_in_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action = 'auth.sign_in' AND NEW.target_id = '${account.id}' THEN
          RAISE EXCEPTION 'audit refused by the test';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_sign_in_audit BEFORE INSERT ON audit.events
        FOR EACH ROW EXECUTE FUNCTION refuse_sign_in_audit()`);
    try {
      const refused = await client.post('/api/v1/auth/login', {
        serviceCode: 'yuki',
        email: account.email,
        password: account.password,
      });
      expect(refused.status).toBe(500);
      // No new session, the browser's session not ended, the failure counter not cleared, no last
      // sign-in: the session, throttle, account and audit writes rolled back together.
      expect(await state()).toEqual(failed);
    } finally {
      await t.database.superuser.query(`
        DROP TRIGGER refuse_sign_in_audit ON audit.events;
        DROP FUNCTION refuse_sign_in_audit()`);
    }

    const ok = await client.post('/api/v1/auth/login', {
      serviceCode: 'yuki',
      email: account.email,
      password: account.password,
    });
    expect(ok.status).toBe(200);
    const after = await state();
    expect(after).toMatchObject({ sessions: 2, failures: 0, signIns: 2 });
    expect(after.open).toHaveLength(1);
    expect(after.open[0]).not.toBe(before.id);
    expect(after.lastSignIn).not.toBe(failed.lastSignIn);
  });
});
