import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '../src/modules/operators/operators.service.js';
import { currentTotp } from '../src/platform/auth/totp.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, errorCode } from './helpers/client.js';
import { linkIn, type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';

let t: TestApp;
let smtp: SmtpCatcher;
let operator: Client;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('operator console API', () => {
  it('an operator signs in with a generated password and must enrol two-factor first', async () => {
    const account = await createOperator(t.database.db, {
      email: 'Ops@Mitte-C.example.jp',
      name: '運営 一郎',
    });
    operator = new Client(t.url);
    const login = await operator.post('/api/v1/ops/auth/login', {
      email: 'ops@mitte-c.example.jp',
      password: account.password,
    });
    expect(login.body).toEqual({ status: 'totp_enrolment_required' });
    expect((await operator.get('/api/v1/ops/organisations')).status).toBe(401);
    const enrol = await operator.get('/api/v1/auth/totp/enrolment');
    const secret = (enrol.body as { secret: string }).secret;
    expect((enrol.body as { otpauthUri: string }).otpauthUri).toContain('operator');
    const done = await operator.post('/api/v1/auth/totp/enrolment', { code: await currentTotp(secret) });
    expect(done.status).toBe(200);
    const me = await operator.get('/api/v1/ops/me');
    expect(me.body).toMatchObject({ operator: { email: 'ops@mitte-c.example.jp', totpEnabled: true } });
    // Operators are not organisation accounts.
    expect((await operator.get('/api/v1/me')).status).toBe(403);
    expect((await operator.get('/api/v1/users')).status).toBe(403);
  });

  it('creates an organisation and invites its first admin by mail', async () => {
    const res = await operator.post('/api/v1/ops/organisations', {
      serviceCode: 'minato-city',
      nameJa: '港市',
      nameEn: 'Minato City',
      lgCode: '131032',
      contractStart: '2026-04-01',
      contractEnd: '2027-03-31',
      admin: { name: '港 管理者', email: 'admin@minato.example.jp' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      serviceCode: 'minato-city',
      status: 'active',
      dataRegion: 'jp',
      contractEnd: '2027-03-31',
    });
    const mail = await smtp.waitFor((m) => m.to.includes('admin@minato.example.jp'));
    expect(mail.headers.get('x-mitte-service-code')).toBe('minato-city');
    const token = new URL(linkIn(mail, '/console/invitation')).searchParams.get('token')!;
    const info = await new Client(t.url).get(`/api/v1/auth/invitations/${encodeURIComponent(token)}`);
    expect(info.body).toMatchObject({ organisation: { serviceCode: 'minato-city' }, totpRequired: true });

    const list = await operator.get('/api/v1/ops/organisations');
    expect((list.body as { items: { serviceCode: string }[] }).items.map((o) => o.serviceCode)).toContain(
      'minato-city',
    );
    // The provider chain and the organisation's chain both record the provisioning.
    const { rows } = await t.database.superuser.query(
      "SELECT chain, actor_type FROM audit.events WHERE action = 'organisation.provisioned' AND target_id = 'minato-city' ORDER BY chain",
    );
    expect(rows).toEqual([
      { chain: '#provider', actor_type: 'operator' },
      { chain: 'minato-city', actor_type: 'operator' },
    ]);
  });

  it('refuses a wrong check digit, a bad service code and a taken one, naming the field; nothing is created', async () => {
    const base = {
      nameJa: '山町',
      nameEn: 'Yama Town',
      admin: { name: '管理者', email: 'a@yama.example.jp' },
    };
    const digit = await operator.post('/api/v1/ops/organisations', {
      ...base,
      serviceCode: 'yama-town',
      lgCode: '131033',
    });
    expect(digit.status).toBe(400);
    expect((digit.body as { error: { field: string } }).error.field).toBe('lgCode');
    const pattern = await operator.post('/api/v1/ops/organisations', { ...base, serviceCode: 'Yama Town' });
    expect(pattern.status).toBe(400);
    expect((pattern.body as { error: { field: string } }).error.field).toBe('serviceCode');
    // A first admin named with white space alone (stored trimmed: nothing) is refused by name.
    for (const name of ['\n', '  ', '\u3000\t']) {
      const blank = await operator.post('/api/v1/ops/organisations', {
        ...base,
        serviceCode: 'yama-town',
        admin: { ...base.admin, name },
      });
      expect(blank.status).toBe(400);
      expect((blank.body as { error: { field: string } }).error.field).toBe('admin.name');
    }
    const taken = await operator.post('/api/v1/ops/organisations', { ...base, serviceCode: 'minato-city' });
    expect(taken.status).toBe(409);
    expect(errorCode(taken)).toBe('service_code_taken');
    const { rows } = await t.database.superuser.query(
      "SELECT count(*)::int AS n FROM provider.organisations WHERE service_code = 'yama-town'",
    );
    expect(rows[0].n).toBe(0);
  });

  it('an organisation is not created when the invitation mail cannot be sent', async () => {
    await smtp.close();
    const res = await operator.post('/api/v1/ops/organisations', {
      serviceCode: 'kawa-town',
      nameJa: '川町',
      nameEn: 'Kawa Town',
      admin: { name: '管理者', email: 'a@kawa.example.jp' },
    });
    expect(res.status).toBe(503);
    const { rows } = await t.database.superuser.query(
      "SELECT count(*)::int AS n FROM provider.organisations WHERE service_code = 'kawa-town'",
    );
    expect(rows[0].n).toBe(0);
    smtp = await startSmtpCatcher();
  });
});
