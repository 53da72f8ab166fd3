import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '../src/modules/operators/operators.service.js';
import { OPS_PERMISSIONS } from '../src/platform/access/permissions.js';
import { currentTotp } from '../src/platform/auth/totp.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Answer, Client, errorCode } from './helpers/client.js';
import { linkIn, type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';

// Operator management (issue 15 item 7): invitations, rights, suspension, two-operator resets.

interface Operator {
  id: string;
  email: string;
  status: string;
  rights: string[];
  totpEnabled: boolean;
}
interface ResetRequest {
  id: string;
  status: string;
  kind: string;
}
interface Overview {
  operators: Operator[];
  availableRights: string[];
  resetRequests: ResetRequest[];
}

const STRONG = 'sakura-Ginkgo-2026!';
const NEWER = 'momiji-Kaede-2027?';

/** An operator as a test holds it: what it signs in with, and its current session. */
interface Account {
  email: string;
  id: string;
  password: string;
  secret: string;
  client: Client | null;
}

let t: TestApp;
let smtp: SmtpCatcher;
let first: Client;
let firstId: string;
/** A second operator created by the CLI (every right), the other approver of resets. */
let second: Client;
let secondId: string;
let secondAccount: Account;
/** The invited one: its password and authenticator secret as it set them. */
const invited: Account = {
  email: 'kanri@mitte-c.example.jp',
  id: '',
  password: STRONG,
  secret: '',
  client: null,
};

/** `mitte create-operator`, then the first sign-in with its forced two-factor enrolment. */
async function cliOperator(email: string): Promise<Account> {
  const created = await createOperator(t.database.db, { email, name: email.split('@')[0]! });
  const client = new Client(t.url);
  await client.post('/api/v1/ops/auth/login', { email: created.email, password: created.password });
  const secret = ((await client.get('/api/v1/auth/totp/enrolment')).body as { secret: string }).secret;
  expect((await client.post('/api/v1/auth/totp/enrolment', { code: await currentTotp(secret) })).status).toBe(
    200,
  );
  return { email: created.email, id: created.id, password: created.password, secret, client };
}

/** Signs an operator in (password, then TOTP when enrolled); the replay guard is cleared first. */
async function signIn(
  account: Account,
  password = account.password,
): Promise<{ client: Client; login: Answer }> {
  await t.database.superuser.query('UPDATE provider.operators SET totp_last_step = NULL WHERE id = $1', [
    account.id,
  ]);
  const client = new Client(t.url);
  const login = await client.post('/api/v1/ops/auth/login', { email: account.email, password });
  if (login.status === 200 && (login.body as { status: string }).status === 'totp_required') {
    const code = await client.post('/api/v1/auth/totp', { code: await currentTotp(account.secret) });
    expect(code.status, JSON.stringify(code.body)).toBe(200);
  }
  return { client, login };
}

const overview = async (client = first) => (await client.get('/api/v1/ops/operators')).body as Overview;
const operatorCount = async () => (await overview()).operators.length;

async function providerEvents(action: string) {
  const { rows } = await t.database.superuser.query<{
    actor_id: string;
    target_id: string;
    details: unknown;
  }>(
    `SELECT actor_id, target_id, details FROM audit.events WHERE chain = '#provider' AND action = $1 ORDER BY seq`,
    [action],
  );
  return rows;
}

const signInInvited = (password = invited.password) => signIn(invited, password);

function expectFieldError(answer: Answer, status: number, field: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const error = (answer.body as { error: { field?: string; message: { ja: string; en: string } } }).error;
  expect(error.field).toBe(field);
  expect(error.message.ja).not.toBe('');
  expect(error.message.en).not.toBe('');
}

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { SMTP_URL: smtp.url } });
  const one = await cliOperator('ichiro@mitte-c.example.jp');
  first = one.client!;
  firstId = one.id;
  secondAccount = await cliOperator('jiro@mitte-c.example.jp');
  second = secondAccount.client!;
  secondId = secondAccount.id;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe(`operator management on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('the first operators (mitte create-operator) hold every right, and the list names the rights there are', async () => {
    const list = await overview();
    expect(list.availableRights).toEqual([...OPS_PERMISSIONS]);
    expect(list.availableRights).toContain('ops:review');
    for (const o of list.operators) expect(o.rights).toEqual([...OPS_PERMISSIONS]);
    const me = await first.get('/api/v1/ops/me');
    expect((me.body as { operator: { rights: string[] } }).operator.rights).toEqual([...OPS_PERMISSIONS]);
  });

  it('refuses bad invitations with a 4xx naming the field, and stores nothing', async () => {
    const before = await operatorCount();
    const cases: [unknown, number, string][] = [
      [{ email: 'new@mitte-c.example.jp', name: '新人', rights: ['ops:everything'] }, 400, 'rights'],
      [{ email: 'not-an-address', name: '新人', rights: [] }, 400, 'email'],
      [{ email: 'new@mitte-c.example.jp', name: '   ', rights: [] }, 400, 'name'],
      [{ email: 'ICHIRO@mitte-c.example.jp', name: '重複', rights: [] }, 409, 'email'],
    ];
    for (const [body, status, field] of cases)
      expectFieldError(await first.post('/api/v1/ops/operators', body), status, field);
    const unknown = await first.post('/api/v1/ops/operators', cases[0]![0]);
    expect((unknown.body as { error: { message: { en: string } } }).error.message.en).toContain(
      'ops:everything',
    );
    expect(await operatorCount()).toBe(before);
    expect(smtp.messages.filter((m) => m.to.includes('new@mitte-c.example.jp'))).toEqual([]);
  });

  it('invites an operator by mail; the link sets a password and forces two-factor enrolment', async () => {
    const answer = await first.post('/api/v1/ops/operators', {
      email: invited.email,
      name: '管理 花子',
      rights: ['ops:review', 'ops:operators'],
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const created = answer.body as Operator;
    invited.id = created.id;
    expect(created).toMatchObject({
      status: 'invited',
      rights: ['ops:operators', 'ops:review'],
      totpEnabled: false,
    });
    // Invited: no password, so no sign-in.
    expect(
      (await new Client(t.url).post('/api/v1/ops/auth/login', { email: invited.email, password: STRONG }))
        .status,
    ).toBe(401);

    const mail = await smtp.waitFor((m) => m.to.includes(invited.email));
    const token = new URL(linkIn(mail, '/ops/invitation')).searchParams.get('token')!;
    const visitor = new Client(t.url);
    const info = await visitor.get(`/api/v1/ops/auth/links/invitation/${encodeURIComponent(token)}`);
    expect(info.body).toEqual({ email: invited.email, name: '管理 花子', totpRequired: true });
    // The same link is not a password-reset link.
    expect(
      errorCode(await visitor.get(`/api/v1/ops/auth/links/password_reset/${encodeURIComponent(token)}`)),
    ).toBe('link_invalid');

    const weak = await visitor.post('/api/v1/ops/auth/invitations/accept', { token, password: 'short' });
    expect(weak.status).toBe(400);
    const accepted = await visitor.post('/api/v1/ops/auth/invitations/accept', { token, password: STRONG });
    expect(accepted.body).toEqual({ status: 'totp_enrolment_required' });
    expect((await visitor.get('/api/v1/ops/work-log/reviews')).status).toBe(401);
    const enrol = await visitor.get('/api/v1/auth/totp/enrolment');
    invited.secret = (enrol.body as { secret: string }).secret;
    const done = await visitor.post('/api/v1/auth/totp/enrolment', {
      code: await currentTotp(invited.secret),
    });
    expect(done.status).toBe(200);
    invited.client = visitor;
    expect((await visitor.get('/api/v1/ops/me')).body).toMatchObject({
      operator: { email: invited.email, totpEnabled: true, rights: ['ops:operators', 'ops:review'] },
    });
    // Only the rights given: the work log yes, organisations no.
    expect((await visitor.get('/api/v1/ops/work-log/reviews')).status).toBe(200);
    expect((await visitor.get('/api/v1/ops/organisations')).status).toBe(403);
    // A link works once.
    const again = await new Client(t.url).post('/api/v1/ops/auth/invitations/accept', {
      token,
      password: STRONG,
    });
    expect(errorCode(again)).toBe('link_invalid');

    const [event] = await providerEvents('operator.invited');
    expect(event).toMatchObject({ actor_id: firstId, target_id: invited.id });
    expect((await providerEvents('operator.invitation_accepted')).map((e) => e.target_id)).toEqual([
      invited.id,
    ]);
  });

  it('changing rights ends the operator’s sessions; an unknown right is refused and nothing changes', async () => {
    const bad = await first.put(`/api/v1/ops/operators/${invited.id}/rights`, {
      rights: ['ops:review', 'ops:root'],
    });
    expectFieldError(bad, 400, 'rights');
    expect((await invited.client!.get('/api/v1/ops/me')).status).toBe(200);

    const changed = await first.put(`/api/v1/ops/operators/${invited.id}/rights`, {
      rights: ['ops:notices', 'ops:review', 'ops:operators'],
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((changed.body as Operator).rights).toEqual(['ops:operators', 'ops:review', 'ops:notices']);
    expect((await invited.client!.get('/api/v1/ops/me')).status).toBe(401);
    const { client } = await signInInvited();
    invited.client = client;
    expect((await client.get('/api/v1/ops/notices')).status).toBe(200);
    const [event] = await providerEvents('operator.rights_changed');
    expect(event!.details).toMatchObject({
      before: ['ops:operators', 'ops:review'],
      after: ['ops:operators', 'ops:review', 'ops:notices'],
      sessionsEnded: 1,
    });
    // Unknown operator: not found.
    const missing = await first.put('/api/v1/ops/operators/00000000-0000-4000-8000-000000000000/rights', {
      rights: [],
    });
    expect(missing.status).toBe(404);
  });

  it('an operator without ops:operators manages nobody', async () => {
    await first.put(`/api/v1/ops/operators/${invited.id}/rights`, { rights: ['ops:review'] });
    const { client } = await signInInvited();
    expect((await client.get('/api/v1/ops/operators')).status).toBe(403);
    expect(
      (await client.post('/api/v1/ops/operators', { email: 'x@mitte-c.example.jp', name: 'x', rights: [] }))
        .status,
    ).toBe(403);
    expect((await client.post(`/api/v1/ops/operators/${secondId}/suspend`)).status).toBe(403);
    await first.put(`/api/v1/ops/operators/${invited.id}/rights`, {
      rights: ['ops:operators', 'ops:review'],
    });
    invited.client = (await signInInvited()).client;
  });

  it('the last active operator who can manage operators keeps that right (409)', async () => {
    // The second one gives the right away; the first and the invited one still hold it.
    const all = OPS_PERMISSIONS.filter((r) => r !== 'ops:operators');
    expect((await first.put(`/api/v1/ops/operators/${secondId}/rights`, { rights: all })).status).toBe(200);
    // The invited one is suspended: the first one is now the last active holder.
    expect((await first.post(`/api/v1/ops/operators/${invited.id}/suspend`)).status).toBe(200);
    const refused = await first.put(`/api/v1/ops/operators/${firstId}/rights`, { rights: ['ops:review'] });
    expect([refused.status, errorCode(refused)]).toEqual([409, 'last_operator_manager']);
    expect((await overview()).operators.find((o) => o.id === firstId)!.rights).toContain('ops:operators');
    // Nobody suspends themselves.
    const self = await first.post(`/api/v1/ops/operators/${firstId}/suspend`);
    expect([self.status, errorCode(self)]).toEqual([409, 'not_on_yourself']);
    expect((await first.post(`/api/v1/ops/operators/${invited.id}/reactivate`)).status).toBe(200);
    expect(
      (await first.put(`/api/v1/ops/operators/${secondId}/rights`, { rights: [...OPS_PERMISSIONS] })).status,
    ).toBe(200);
    second = (await signIn(secondAccount)).client;
    invited.client = (await signInInvited()).client;
  });

  it('suspension ends every session and refuses sign-in; reactivation lets the operator back in', async () => {
    const { client } = await signInInvited();
    expect((await first.post(`/api/v1/ops/operators/${invited.id}/suspend`)).body).toMatchObject({
      status: 'suspended',
    });
    expect((await client.get('/api/v1/ops/me')).status).toBe(401);
    expect((await signInInvited()).login.status).toBe(401);
    const [event] = await providerEvents('operator.suspended');
    expect(event).toMatchObject({ actor_id: firstId, target_id: invited.id });
    expect((await first.post(`/api/v1/ops/operators/${invited.id}/reactivate`)).body).toMatchObject({
      status: 'active',
    });
    const back = await signInInvited();
    expect(back.login.status).toBe(200);
    invited.client = back.client;
  });

  it('a two-factor reset needs a second operator: self-approval is refused, the approval ends sessions', async () => {
    const self = await first.post(`/api/v1/ops/operators/${firstId}/reset-requests`, {
      kind: 'totp',
      reason: '端末紛失',
    });
    expect([self.status, errorCode(self)]).toEqual([409, 'not_on_yourself']);
    expectFieldError(
      await first.post(`/api/v1/ops/operators/${invited.id}/reset-requests`, { kind: 'totp', reason: '  ' }),
      400,
      'reason',
    );
    const asked = await first.post(`/api/v1/ops/operators/${invited.id}/reset-requests`, {
      kind: 'totp',
      reason: 'スマートフォンを紛失',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const request = asked.body as ResetRequest;
    expect(request.status).toBe('pending');
    const twice = await second.post(`/api/v1/ops/operators/${invited.id}/reset-requests`, {
      kind: 'totp',
      reason: '再',
    });
    expect(errorCode(twice)).toBe('reset_already_requested');

    // Neither the one who asked nor the one it concerns may approve; nothing happens.
    for (const client of [first, invited.client!]) {
      const refused = await client.post(`/api/v1/ops/operator-resets/${request.id}/approve`);
      expect([refused.status, errorCode(refused)]).toEqual([409, 'self_approval']);
    }
    expect((await invited.client!.get('/api/v1/ops/me')).status).toBe(200);

    const approved = await second.post(`/api/v1/ops/operator-resets/${request.id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect((await invited.client!.get('/api/v1/ops/me')).status).toBe(401);
    const again = await second.post(`/api/v1/ops/operator-resets/${request.id}/approve`);
    expect(errorCode(again)).toBe('reset_decided');
    // The password still works; a new authenticator must be enrolled.
    const login = await new Client(t.url).post('/api/v1/ops/auth/login', {
      email: invited.email,
      password: STRONG,
    });
    expect(login.body).toEqual({ status: 'totp_enrolment_required' });
    const [event] = await providerEvents('operator.totp_reset');
    expect(event).toMatchObject({ actor_id: secondId, target_id: invited.id });
    expect(event!.details).toMatchObject({ requestedBy: firstId, approvedBy: secondId });
    // Enrol a new authenticator, for the tests below.
    invited.client = new Client(t.url);
    await invited.client.post('/api/v1/ops/auth/login', { email: invited.email, password: invited.password });
    invited.secret = (
      (await invited.client.get('/api/v1/auth/totp/enrolment')).body as { secret: string }
    ).secret;
    const enrolled = await invited.client.post('/api/v1/auth/totp/enrolment', {
      code: await currentTotp(invited.secret),
    });
    expect(enrolled.status).toBe(200);
  });

  it('a password reset, once approved, mails a set-up link; the old password stops working', async () => {
    const asked = (
      await second.post(`/api/v1/ops/operators/${invited.id}/reset-requests`, {
        kind: 'password',
        reason: 'パスワード失念',
      })
    ).body as ResetRequest;
    smtp.messages.length = 0;
    const approved = await first.post(`/api/v1/ops/operator-resets/${asked.id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect((await signInInvited(STRONG)).login.status).toBe(401);
    const mail = await smtp.waitFor((m) => m.to.includes(invited.email));
    const token = new URL(linkIn(mail, '/ops/password')).searchParams.get('token')!;
    const visitor = new Client(t.url);
    expect(
      (await visitor.post('/api/v1/ops/auth/password/confirm', { token, newPassword: 'short' })).status,
    ).toBe(400);
    expect(
      (await visitor.post('/api/v1/ops/auth/password/confirm', { token, newPassword: NEWER })).status,
    ).toBe(204);
    invited.password = NEWER;
    const back = await signInInvited();
    expect(back.login.body).toEqual({ status: 'totp_required' });
    expect((await back.client.get('/api/v1/ops/me')).status).toBe(200);
    invited.client = back.client;
    expect((await providerEvents('operator.password_reset')).at(-1)).toMatchObject({
      actor_id: firstId,
      target_id: invited.id,
    });
    expect((await providerEvents('operator.password_set')).map((e) => e.target_id)).toEqual([invited.id]);
  });

  it('an expired request cannot be approved; a declined one neither; the asker may withdraw', async () => {
    const asked = (
      await first.post(`/api/v1/ops/operators/${secondId}/reset-requests`, {
        kind: 'password',
        reason: '確認',
      })
    ).body as ResetRequest;
    await t.database.superuser.query(
      `UPDATE provider.operator_reset_requests SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [asked.id],
    );
    const late = await invited.client!.post(`/api/v1/ops/operator-resets/${asked.id}/approve`);
    expect([late.status, errorCode(late)]).toEqual([409, 'reset_expired']);
    expect((await overview()).resetRequests.find((r) => r.id === asked.id)!.status).toBe('expired');
    // Second may not decide on its own reset; the asker withdraws it.
    expect(errorCode(await second.post(`/api/v1/ops/operator-resets/${asked.id}/decline`))).toBe(
      'not_on_yourself',
    );
    expect((await first.post(`/api/v1/ops/operator-resets/${asked.id}/decline`)).body).toMatchObject({
      status: 'cancelled',
    });

    const other = (
      await first.post(`/api/v1/ops/operators/${secondId}/reset-requests`, { kind: 'totp', reason: '確認' })
    ).body as ResetRequest;
    expect(
      (await invited.client!.post(`/api/v1/ops/operator-resets/${other.id}/decline`)).body,
    ).toMatchObject({
      status: 'refused',
    });
    expect(errorCode(await invited.client!.post(`/api/v1/ops/operator-resets/${other.id}/approve`))).toBe(
      'reset_decided',
    );
    expect((await second.get('/api/v1/ops/me')).status).toBe(200);
  });
});
