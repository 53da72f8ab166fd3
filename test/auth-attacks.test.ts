import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/platform/auth/totp.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, errorCode, type SeededAccount, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';
import { linkIn, type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';

// Each attack its own test. No waits between failed attempts here (LOGIN_DELAY_BASE_MS=0) so
// the lock is reached quickly; the growing delay has its own app below.
let t: TestApp;
let smtp: SmtpCatcher;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({
    env: { SMTP_URL: smtp.url, LOGIN_DELAY_BASE_MS: '0', LOGIN_LOCK_THRESHOLD: '10' },
  });
  await createOrganisation(t.database.db, 'aoba');
  await createOrganisation(t.database.db, 'kaede');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

function login(client: Client, org: string, email: string, password: string) {
  return client.post('/api/v1/auth/login', { serviceCode: org, email, password });
}

async function auditActions(org: string | null, action: string): Promise<number> {
  const { rows } = await t.database.superuser.query(
    `SELECT count(*)::int AS n FROM audit.events WHERE ${org ? 'org = $1' : 'org IS NULL AND $1::text IS NULL'} AND action = $2`,
    [org, action],
  );
  return rows[0].n;
}

describe('sign-in attacks', () => {
  it('brute force reaches the lock; the holder is told by mail; the right password is then refused too', async () => {
    const victim = await seedUser(t, 'aoba', { role: 'general', totp: false });
    const attacker = new Client(t.url);
    for (let i = 0; i < 10; i += 1) {
      const res = await login(attacker, 'aoba', victim.email, `wrong password number ${i}`);
      expect(res.status).toBe(401);
      expect(errorCode(res)).toBe('invalid_credentials');
    }
    const locked = await login(attacker, 'aoba', victim.email, victim.password);
    expect(locked.status).toBe(429);
    expect(errorCode(locked)).toBe('account_locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    const mail = await smtp.waitFor((m) => m.to.includes(victim.email));
    expect(mail.subject).toContain('ロック');
    expect(await auditActions('aoba', 'auth.lockout')).toBe(1);
  });

  it('rotating X-Forwarded-For or varying body fields does not reset the limiter', async () => {
    const victim = await seedUser(t, 'aoba', { role: 'general', totp: false });
    for (let i = 0; i < 10; i += 1) {
      // Each attempt claims a different client address and spells the account differently.
      const client = new Client(t.url, {
        'x-forwarded-for': `203.0.113.${i}`,
        'x-real-ip': `198.51.100.${i}`,
      });
      const email = i % 2 ? `  ${victim.email.toUpperCase()} ` : victim.email;
      const org = i % 3 ? 'AOBA' : 'aoba';
      expect((await login(client, org, email, `guess ${i}`)).status).toBe(401);
    }
    const res = await login(
      new Client(t.url, { 'x-forwarded-for': '192.0.2.77' }),
      'aoba',
      victim.email,
      victim.password,
    );
    expect(res.status).toBe(429);
    expect(errorCode(res)).toBe('account_locked');
  });

  it('an unknown account, a wrong password and a suspended account all answer the same', async () => {
    const known = await seedUser(t, 'aoba', { totp: false });
    const a = await login(new Client(t.url), 'aoba', 'nobody@aoba.example.jp', 'whatever password 1');
    const b = await login(new Client(t.url), 'aoba', known.email, 'whatever password 1');
    const c = await login(new Client(t.url), 'no-such-org', known.email, known.password);
    for (const res of [a, b, c]) {
      expect(res.status).toBe(401);
      expect((res.body as { error: { message: unknown } }).error.message).toEqual(
        (a.body as { error: { message: unknown } }).error.message,
      );
    }
  });
});

describe('tokens and codes', () => {
  it('a reset token that expired is refused', async () => {
    const user = await seedUser(t, 'aoba', { totp: false });
    smtp.clear();
    await new Client(t.url).post('/api/v1/auth/password-reset', { serviceCode: 'aoba', email: user.email });
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    const token = new URL(linkIn(mail, '/console/password-reset')).searchParams.get('token')!;
    await t.database.superuser.query(
      "UPDATE tenant.user_tokens SET expires_at = now() - interval '1 second' WHERE org = 'aoba' AND purpose = 'password_reset'",
    );
    const res = await new Client(t.url).post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'A completely new passphrase 1',
    });
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('link_invalid');
    expect((await login(new Client(t.url), 'aoba', user.email, user.password)).status).toBe(200);
  });

  it('a reset token is single-use', async () => {
    const user = await seedUser(t, 'aoba', { totp: false });
    smtp.clear();
    await new Client(t.url).post('/api/v1/auth/password-reset', { serviceCode: 'aoba', email: user.email });
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    const token = new URL(linkIn(mail, '/console/password-reset')).searchParams.get('token')!;
    const first = await new Client(t.url).post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'First new passphrase here 1',
    });
    expect(first.status).toBe(204);
    const second = await new Client(t.url).post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'Second new passphrase here 2',
    });
    expect(second.status).toBe(404);
    expect((await login(new Client(t.url), 'aoba', user.email, 'First new passphrase here 1')).status).toBe(
      200,
    );
  });

  it('a TOTP code is refused when replayed', async () => {
    const user = await seedUser(t, 'aoba', { totp: true });
    const code = await currentTotp(user.totpSecret!);
    const first = new Client(t.url);
    await login(first, 'aoba', user.email, user.password);
    expect((await first.post('/api/v1/auth/totp', { code })).status).toBe(200);
    const second = new Client(t.url);
    await login(second, 'aoba', user.email, user.password);
    const replay = await second.post('/api/v1/auth/totp', { code });
    expect(replay.status).toBe(401);
    expect(errorCode(replay)).toBe('invalid_code');
    expect(await auditActions('aoba', 'auth.totp')).toBeGreaterThanOrEqual(1);
  });
});

describe('sessions', () => {
  let admin: SeededAccount;
  let adminClient: Client;

  beforeAll(async () => {
    admin = await seedUser(t, 'aoba', { role: 'admin' });
    adminClient = await signedIn(t, 'aoba', admin);
  });

  it('a password-only session can call nothing but the second step', async () => {
    const user = await seedUser(t, 'aoba', { role: 'admin', totp: true });
    const half = new Client(t.url);
    expect((await login(half, 'aoba', user.email, user.password)).body).toEqual({ status: 'totp_required' });
    const guarded = t.app.declaredRoutes.filter(
      (r) => !('public' in r.access) && !('pending' in r.access) && r.method !== 'HEAD',
    );
    expect(guarded.length).toBeGreaterThan(15);
    for (const route of guarded) {
      const path = route.url.replace(/:[a-zA-Z]+/g, '00000000-0000-0000-0000-000000000000');
      const res = await half.request(route.method, path, route.method === 'GET' ? undefined : {});
      expect(res.status, `${route.method} ${route.url}`).toBe(401);
    }
    // Enrolment is not open to it either (two-factor is already set up).
    expect((await half.get('/api/v1/auth/totp/enrolment')).status).toBe(401);
    expect((await half.post('/api/v1/auth/totp', { code: await currentTotp(user.totpSecret!) })).status).toBe(
      200,
    );
    expect((await half.get('/api/v1/users')).status).toBe(200);
  });

  it("a suspended user's existing session gets 401 at the next request", async () => {
    const user = await seedUser(t, 'aoba', { totp: false });
    const session = await signedIn(t, 'aoba', user);
    expect((await session.get('/api/v1/me')).status).toBe(200);
    expect((await adminClient.post(`/api/v1/users/${user.id}/suspend`)).status).toBe(200);
    expect((await session.get('/api/v1/me')).status).toBe(401);
    expect((await login(new Client(t.url), 'aoba', user.email, user.password)).status).toBe(401);
  });

  it('a session after logout is dead, even when its cookie is replayed', async () => {
    const user = await seedUser(t, 'aoba', { totp: false });
    const session = await signedIn(t, 'aoba', user);
    const stolen = new Map(session.cookies);
    expect((await session.post('/api/v1/auth/logout')).status).toBe(204);
    const replay = new Client(t.url);
    for (const [k, v] of stolen) replay.cookies.set(k, v);
    expect((await replay.get('/api/v1/me')).status).toBe(401);
  });

  it('a session after the password was reset elsewhere is dead', async () => {
    const user = await seedUser(t, 'aoba', { totp: false });
    const session = await signedIn(t, 'aoba', user);
    smtp.clear();
    await new Client(t.url).post('/api/v1/auth/password-reset', { serviceCode: 'aoba', email: user.email });
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    const token = new URL(linkIn(mail, '/console/password-reset')).searchParams.get('token')!;
    await new Client(t.url).post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'Reset from another place 42',
    });
    expect((await session.get('/api/v1/me')).status).toBe(401);
  });

  it('the session id changes at sign-in (a planted cookie is not adopted)', async () => {
    const user = await seedUser(t, 'aoba', { totp: false });
    const planted = await signedIn(t, 'aoba', await seedUser(t, 'aoba', { totp: false }));
    const victim = new Client(t.url);
    victim.cookies.set('mitte_session', planted.sessionCookie!);
    await login(victim, 'aoba', user.email, user.password);
    expect(victim.sessionCookie).toBeDefined();
    expect(victim.sessionCookie).not.toBe(planted.sessionCookie);
    const me = await victim.get('/api/v1/me');
    expect((me.body as { user: { email: string } }).user.email).toBe(user.email);
    // The planted session was ended, so whoever planted it is not signed in as the victim.
    expect((await planted.get('/api/v1/me')).status).toBe(401);
  });

  it('a state-changing request without the CSRF token is refused and changes nothing', async () => {
    const target = await seedUser(t, 'aoba', { totp: false });
    adminClient.csrf = false;
    const res = await adminClient.post(`/api/v1/users/${target.id}/suspend`);
    adminClient.csrf = true;
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('csrf_failed');
    const user = await adminClient.get(`/api/v1/users/${target.id}`);
    expect((user.body as { status: string }).status).toBe('active');
    const wrong = await adminClient.request(
      'POST',
      `/api/v1/users/${target.id}/suspend`,
      {},
      { 'x-csrf-token': 'forged' },
    );
    expect(wrong.status).toBe(403);
  });

  it('users see their active sessions and can end one', async () => {
    const user = await seedUser(t, 'aoba', { totp: false });
    const laptop = await signedIn(t, 'aoba', user);
    const phone = await signedIn(t, 'aoba', user);
    const list = await laptop.get('/api/v1/me/sessions');
    const items = (list.body as { items: { id: string; current: boolean }[] }).items;
    expect(items).toHaveLength(2);
    const other = items.find((s) => !s.current)!;
    expect((await laptop.delete(`/api/v1/me/sessions/${other.id}`)).status).toBe(204);
    expect((await phone.get('/api/v1/me')).status).toBe(401);
    expect((await laptop.get('/api/v1/me')).status).toBe(200);
  });
});

describe('authorisation', () => {
  it('a general user calling admin routes gets 403, recorded in the audit log', async () => {
    const user = await seedUser(t, 'aoba', { role: 'general', rights: { spots: 'publish' }, totp: false });
    const client = await signedIn(t, 'aoba', user);
    const before = await auditActions('aoba', 'http.forbidden');
    expect((await client.get('/api/v1/users')).status).toBe(403);
    expect((await client.post('/api/v1/users', { name: 'x', email: 'x@aoba.example.jp' })).status).toBe(403);
    expect(
      (
        await client.put('/api/v1/organisation/security', {
          totpRequiredForGeneral: false,
          idleTimeoutMinutes: 30,
          absoluteLifetimeHours: 12,
        })
      ).status,
    ).toBe(403);
    expect((await client.get('/api/v1/ops/organisations')).status).toBe(403);
    expect(await auditActions('aoba', 'http.forbidden')).toBe(before + 4);
  });

  it('guard bypass by trailing slash, case or percent-encoding does not reach the data', async () => {
    const user = await seedUser(t, 'aoba', { role: 'general', totp: false });
    const client = await signedIn(t, 'aoba', user);
    for (const path of [
      '/api/v1/users/',
      '/API/v1/users',
      '/api/v1/Users',
      '/api/v1/%75sers',
      '/api/v1/users%2F',
      '/api/v1//users',
      '/api/v1/./users',
    ]) {
      const res = await client.get(path);
      expect([403, 404], path).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain(user.email);
    }
  });

  it("an admin of one organisation gets 404 for another's users, with valid ids", async () => {
    const foreign = await seedUser(t, 'kaede', { role: 'general', totp: false });
    const adminA = await signedIn(t, 'aoba', await seedUser(t, 'aoba', { role: 'admin' }));
    const missing = await adminA.get('/api/v1/users/6b0f7d3e-2d7a-4c55-9a43-000000000000');
    for (const res of [
      await adminA.get(`/api/v1/users/${foreign.id}`),
      await adminA.patch(`/api/v1/users/${foreign.id}`, { name: 'hijacked' }),
      await adminA.post(`/api/v1/users/${foreign.id}/suspend`),
      await adminA.delete(`/api/v1/users/${foreign.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect((res.body as { error: { message: unknown } }).error.message).toEqual(
        (missing.body as { error: { message: unknown } }).error.message,
      );
    }
    expect((await signedIn(t, 'kaede', foreign).then((c) => c.get('/api/v1/me'))).status).toBe(200);
    const list = await adminA.get('/api/v1/users');
    expect(JSON.stringify(list.body)).not.toContain(foreign.email);
  });

  it('an admin cannot give anyone operator privileges', async () => {
    const adminA = await signedIn(t, 'aoba', await seedUser(t, 'aoba', { role: 'admin' }));
    const res = await adminA.post('/api/v1/users', {
      name: 'x',
      email: 'ops@aoba.example.jp',
      role: 'operator',
    });
    expect(res.status).toBe(400);
    const rights = await adminA.post('/api/v1/users', {
      name: 'x',
      email: 'ops2@aoba.example.jp',
      rights: { ops: 'publish' },
    });
    expect(rights.status).toBe(400);
    expect((await adminA.get('/api/v1/ops/organisations')).status).toBe(403);
  });
});

describe('growing delays', () => {
  it('after three failures the next attempt must wait, with Retry-After', async () => {
    const slow = await startTestApp({ env: { LOGIN_DELAY_BASE_MS: '4000' } });
    try {
      await createOrganisation(slow.database.db, 'sakura');
      const user = await seedUser(slow, 'sakura', { totp: false });
      const client = new Client(slow.url);
      for (let i = 0; i < 3; i += 1) {
        expect((await login(client, 'sakura', user.email, `nope ${i}`)).status).toBe(401);
      }
      const fourth = await login(client, 'sakura', user.email, user.password);
      expect(fourth.status).toBe(429);
      expect(errorCode(fourth)).toBe('too_many_attempts');
      expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(fourth.headers.get('retry-after'))).toBeLessThanOrEqual(4);
    } finally {
      await slow.close();
    }
  });
});
