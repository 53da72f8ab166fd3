import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../src/platform/auth/totp.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, errorCode, nextTotp, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';
import { linkIn, type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';

// Through HTTP, with a real SMTP listener reading the mails.
let t: TestApp;
let smtp: SmtpCatcher;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, BASE_URL: 'https://kanko.example.jp' } });
  await createOrganisation(t.database.db, 'hanamachi', '花町');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}

describe('invitation → accept → sign in with TOTP', () => {
  it('an admin invites a general user who sets a password, enrols two-factor when required, and signs in', async () => {
    const admin = await seedUser(t, 'hanamachi', { role: 'admin' });
    const console = await signedIn(t, 'hanamachi', admin);

    // The organisation requires two-factor for general users too.
    const policy = await console.put('/api/v1/organisation/security', {
      totpRequiredForGeneral: true,
      idleTimeoutMinutes: 30,
      absoluteLifetimeHours: 12,
    });
    expect(policy.status).toBe(200);

    const created = await console.post('/api/v1/users', {
      name: '観光 太郎',
      email: 'Taro.Kanko@Hanamachi.example.jp',
      rights: { spots: 'edit', events: 'view' },
    });
    expect(created.status).toBe(201);
    const user = created.body as {
      id: string;
      status: string;
      email: string;
      rights: Record<string, string>;
      invitationExpiresAt: string;
    };
    expect(user).toMatchObject({ status: 'invited', email: 'taro.kanko@hanamachi.example.jp' });
    expect(user.rights).toMatchObject({ spots: 'edit', events: 'view', media: 'none' });
    const hours = (new Date(user.invitationExpiresAt).getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);

    const mail = await smtp.waitFor((m) => m.to.includes('taro.kanko@hanamachi.example.jp'));
    expect(mail.subject).toContain('花町');
    expect(mail.headers.get('x-mitte-service-code')).toBe('hanamachi');
    const link = linkIn(mail, '/console/invitation');
    expect(link.startsWith('https://kanko.example.jp/console/invitation?token=hanamachi.')).toBe(true);
    const token = tokenOf(link);

    const visitor = new Client(t.url);
    const info = await visitor.get(`/api/v1/auth/invitations/${encodeURIComponent(token)}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      organisation: { serviceCode: 'hanamachi', nameJa: '花町' },
      email: 'taro.kanko@hanamachi.example.jp',
      totpRequired: true,
    });

    // The password policy applies: the e-mail's local part is refused.
    const weak = await visitor.post('/api/v1/auth/invitations/accept', {
      token,
      password: 'taro.kanko-is-my-password',
    });
    expect(weak.status).toBe(400);
    expect((weak.body as { error: { field: string } }).error.field).toBe('password');

    const accepted = await visitor.post('/api/v1/auth/invitations/accept', {
      token,
      password: 'Sakura no hana ga saku 2026!',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ status: 'totp_enrolment_required' });
    // Part-way: nothing else works yet.
    expect((await visitor.get('/api/v1/me')).status).toBe(401);

    const enrolment = await visitor.get('/api/v1/auth/totp/enrolment');
    expect(enrolment.status).toBe(200);
    const { secret, otpauthUri, qrSvg } = enrolment.body as {
      secret: string;
      otpauthUri: string;
      qrSvg: string;
    };
    expect(otpauthUri).toContain('otpauth://totp/mitte-C:hanamachi');
    expect(qrSvg).toContain('<svg');
    const confirmed = await visitor.post('/api/v1/auth/totp/enrolment', { code: await currentTotp(secret) });
    expect(confirmed.status).toBe(200);
    const codes = (confirmed.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);

    const me = await visitor.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { email: 'taro.kanko@hanamachi.example.jp', role: 'general', totpEnabled: true },
    });

    // The link works once.
    const again = await new Client(t.url).post('/api/v1/auth/invitations/accept', {
      token,
      password: 'Another long passphrase 99',
    });
    expect(again.status).toBe(404);
    expect(errorCode(again)).toBe('link_invalid');

    // Sign in afresh: password, then TOTP (a later step than the enrolment code).
    const fresh = new Client(t.url);
    const login = await fresh.post('/api/v1/auth/login', {
      serviceCode: 'hanamachi',
      email: 'taro.kanko@hanamachi.example.jp',
      password: 'Sakura no hana ga saku 2026!',
    });
    expect(login.body).toEqual({ status: 'totp_required' });
    const second = await fresh.post('/api/v1/auth/totp', { code: await nextTotp(secret) });
    expect(second.status).toBe(200);
    expect((await fresh.get('/api/v1/me')).status).toBe(200);

    // A recovery code works once instead of a TOTP code.
    const viaRecovery = new Client(t.url);
    await viaRecovery.post('/api/v1/auth/login', {
      serviceCode: 'hanamachi',
      email: 'taro.kanko@hanamachi.example.jp',
      password: 'Sakura no hana ga saku 2026!',
    });
    expect((await viaRecovery.post('/api/v1/auth/totp', { code: codes[0]!.toUpperCase() })).status).toBe(200);
    const reuse = new Client(t.url);
    await reuse.post('/api/v1/auth/login', {
      serviceCode: 'hanamachi',
      email: 'taro.kanko@hanamachi.example.jp',
      password: 'Sakura no hana ga saku 2026!',
    });
    expect((await reuse.post('/api/v1/auth/totp', { code: codes[0] })).status).toBe(401);

    // Audit: the whole story is in the organisation's log.
    const { rows } = await t.database.superuser.query(
      "SELECT action FROM audit.events WHERE org = 'hanamachi' ORDER BY seq",
    );
    const actions = rows.map((r) => r.action);
    for (const action of [
      'user.invited',
      'user.invitation_accepted',
      'auth.totp_enrolled',
      'auth.sign_in',
      'auth.totp',
    ]) {
      expect(actions).toContain(action);
    }
  });
});

describe('password reset by mail', () => {
  it('mails a single-use link; the new password works; two-factor is still asked; old sessions end', async () => {
    const user = await seedUser(t, 'hanamachi', { role: 'general', totp: true });
    const before = await signedIn(t, 'hanamachi', user);
    smtp.clear();

    const anonymous = new Client(t.url);
    const request = await anonymous.post('/api/v1/auth/password-reset', {
      serviceCode: 'hanamachi',
      email: user.email,
    });
    expect(request.status).toBe(202);
    // The same answer for an account that does not exist.
    const unknown = await anonymous.post('/api/v1/auth/password-reset', {
      serviceCode: 'hanamachi',
      email: 'nobody@hanamachi.example.jp',
    });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(request.body);

    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    expect(smtp.messages.filter((m) => m.to.includes('nobody@hanamachi.example.jp'))).toHaveLength(0);
    const token = tokenOf(linkIn(mail, '/console/password-reset'));

    const reset = await anonymous.post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'Brand new and long passphrase 7',
    });
    expect(reset.status).toBe(204);
    // The session opened before the reset ends at its next request.
    expect((await before.get('/api/v1/me')).status).toBe(401);
    // The token works once.
    const twice = await anonymous.post('/api/v1/auth/password-reset/confirm', {
      token,
      newPassword: 'Yet another long passphrase 8',
    });
    expect(twice.status).toBe(404);

    const old = await new Client(t.url).post('/api/v1/auth/login', {
      serviceCode: 'hanamachi',
      email: user.email,
      password: user.password,
    });
    expect(old.status).toBe(401);
    const client = new Client(t.url);
    const login = await client.post('/api/v1/auth/login', {
      serviceCode: 'hanamachi',
      email: user.email,
      password: 'Brand new and long passphrase 7',
    });
    expect(login.body).toEqual({ status: 'totp_required' });
    expect((await client.get('/api/v1/me')).status).toBe(401);
    // The holder is told by mail that the password changed.
    await smtp.waitFor((m) => m.to.includes(user.email) && m.subject.includes('パスワード') && m !== mail);
  });
});
