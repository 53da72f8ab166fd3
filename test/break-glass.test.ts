import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreakGlassGrant } from '../src/contract/support.js';
import { runBreakGlassPass } from '../src/modules/break-glass/index.js';
import { runNoticesPass } from '../src/modules/notices/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import {
  type Client,
  errorCode,
  type SeededAccount,
  seedUser,
  signedIn,
  signedInOperator,
} from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';
import { mailJobDeps, type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';

let t: TestApp;
let smtp: SmtpCatcher;
let requester: Client;
let approver: Client;
let adminAccount: SeededAccount;
let admin: Client;
let outsider: Client;
let incidentId: string;

const grants = async (client: Client, path = '/api/v1/ops/break-glass') =>
  ((await client.get(path)).body as { items: BreakGlassGrant[] }).items;

function sendNotices() {
  return runNoticesPass(mailJobDeps(t, smtp.url));
}

const request = (body: Record<string, unknown>) =>
  requester.post('/api/v1/ops/break-glass', {
    org: 'vault',
    reason: '問い合わせの不具合を確認するため',
    incidentId,
    durationMinutes: 60,
    ...body,
  });

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'vault', '金庫町');
  await createOrganisation(t.database.db, 'other', '他町');
  requester = await signedInOperator(t, 'ops-requester@mitte-c.example.jp');
  approver = await signedInOperator(t, 'ops-approver@mitte-c.example.jp');
  adminAccount = await seedUser(t, 'vault', { role: 'admin' });
  admin = await signedIn(t, 'vault', adminAccount);
  outsider = await signedIn(t, 'other', await seedUser(t, 'other', { role: 'admin' }));
  const spot = await admin.post('/api/v1/spots', spotData('秘密の滝'));
  expect(spot.status, JSON.stringify(spot.body)).toBe(201);
  const incident = await requester.post('/api/v1/ops/incidents', {
    title: { ja: '表示の不具合' },
    impact: { ja: '一部の一覧が表示されません。' },
    severity: 'minor',
    organisations: ['vault'],
    message: { ja: '調査中です。' },
  });
  incidentId = (incident.body as { id: string }).id;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe(`break-glass on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  let grant: BreakGlassGrant;

  it('without a grant an operator reads no customer rows', async () => {
    expect((await requester.get('/api/v1/spots')).status).toBe(403);
    const none = await requester.get(
      '/api/v1/ops/break-glass/00000000-0000-4000-8000-000000000000/read/spots',
    );
    expect(none.status).toBe(403);
    expect(errorCode(none)).toBe('no_break_glass_access');
  });

  it('refuses a request without reason, over 4 hours, without a linked ticket or incident: ja+en, nothing kept', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ reason: '  ' }, 'reason'],
      [{ durationMinutes: 241 }, 'durationMinutes'],
      [{ durationMinutes: 0 }, 'durationMinutes'],
      [{ incidentId: undefined }, 'ticketId'],
      [{ org: 'nowhere' }, 'org'],
      [{ ticketId: '00000000-0000-4000-8000-000000000000' }, 'ticketId'],
    ];
    for (const [body, field] of cases) {
      const answer = await request(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      const error = (answer.body as { error: { field: string; message: { ja: string; en: string } } }).error;
      expect(error.field).toBe(field);
      expect(error.message.ja).toBeTruthy();
      expect(error.message.en).toBeTruthy();
    }
    expect(await grants(requester)).toEqual([]);
  });

  it('a request waits for a second operator: self-approval is refused, reads are refused meanwhile', async () => {
    const answer = await request({});
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    grant = answer.body as BreakGlassGrant;
    expect(grant).toMatchObject({ status: 'requested', approval: 'operator', expiresAt: null });
    const self = await requester.post(`/api/v1/ops/break-glass/${grant.id}/approve`);
    expect(self.status).toBe(403);
    expect(errorCode(self)).toBe('self_approval');
    expect((await requester.get(`/api/v1/ops/break-glass/${grant.id}/read/spots`)).status).toBe(403);
    expect((await grants(requester))[0]!.status).toBe('requested');
  });

  it('approved by a second operator: read-only reads limited to the organisation, each recorded', async () => {
    const approved = await approver.post(`/api/v1/ops/break-glass/${grant.id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    grant = approved.body as BreakGlassGrant;
    expect(grant.status).toBe('active');
    const minutes = (new Date(grant.expiresAt!).getTime() - new Date(grant.approvedAt!).getTime()) / 60_000;
    expect(minutes).toBe(60);

    const spots = await requester.get(`/api/v1/ops/break-glass/${grant.id}/read/spots`);
    expect(spots.status, JSON.stringify(spots.body)).toBe(200);
    expect(JSON.stringify(spots.body)).toContain('秘密の滝');
    const users = await requester.get(`/api/v1/ops/break-glass/${grant.id}/read/users`);
    expect(users.status).toBe(200);
    const text = JSON.stringify(users.body);
    expect(text).toContain(adminAccount.email);
    for (const secret of ['password', 'totp', 'argon2']) expect(text).not.toContain(secret);
    expect((await requester.get(`/api/v1/ops/break-glass/${grant.id}/read/media`)).status).toBe(200);
    // Only the requester reads under it; the approver does not.
    expect((await approver.get(`/api/v1/ops/break-glass/${grant.id}/read/spots`)).status).toBe(403);
    // Still no tenant route for operators.
    expect((await requester.get('/api/v1/spots')).status).toBe(403);
  });

  it("the organisation's admins see it live, and are mailed when it starts", async () => {
    const seen = await grants(admin, '/api/v1/break-glass');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ operatorId: grant.operatorId, reason: grant.reason, status: 'active' });
    expect(seen[0]!.reads.map((r) => r.what)).toEqual(['spots', 'users', 'media']);
    expect(await grants(outsider, '/api/v1/break-glass')).toEqual([]);

    expect(await runBreakGlassPass(t.database.db)).toMatchObject({ announced: 1 });
    await sendNotices();
    const mail = await smtp.waitFor(
      (m) => m.subject.includes('緊急アクセス') && m.subject.includes('始まりました'),
    );
    expect(mail.to).toEqual([adminAccount.email]);
    expect(mail.text).toContain(grant.reason);
    // Announced once.
    expect(await runBreakGlassPass(t.database.db)).toMatchObject({ announced: 0 });
  });

  it('ends by itself: a read after expiry is refused and ends it; the job mails the end', async () => {
    await t.database.superuser.query(
      `UPDATE provider.break_glass_grants SET approved_at = now() - interval '2 hours',
              expires_at = now() - interval '1 hour' WHERE id = $1`,
      [grant.id],
    );
    const late = await requester.get(`/api/v1/ops/break-glass/${grant.id}/read/spots`);
    expect(late.status).toBe(403);
    expect(errorCode(late)).toBe('break_glass_expired');
    expect((await grants(admin, '/api/v1/break-glass'))[0]).toMatchObject({
      status: 'ended',
      endReason: 'expired',
    });
    expect((await requester.get(`/api/v1/ops/break-glass/${grant.id}/read/spots`)).status).toBe(403);
    expect(await runBreakGlassPass(t.database.db)).toMatchObject({ announced: 1 });
    await sendNotices();
    await smtp.waitFor((m) => m.subject.includes('緊急アクセス') && m.subject.includes('終了しました'));
  });

  it('the job ends an access whose time is up without any read', async () => {
    const answer = await request({ durationMinutes: 30 });
    const id = (answer.body as BreakGlassGrant).id;
    expect((await approver.post(`/api/v1/ops/break-glass/${id}/approve`)).status).toBe(200);
    await t.database.superuser.query(
      `UPDATE provider.break_glass_grants SET approved_at = now() - interval '1 hour',
              expires_at = now() - interval '30 minutes' WHERE id = $1`,
      [id],
    );
    expect(await runBreakGlassPass(t.database.db)).toMatchObject({ ended: 1 });
    expect((await grants(requester)).find((g) => g.id === id)).toMatchObject({
      status: 'ended',
      endReason: 'expired',
    });
  });

  it('approving an expired (stale) request or one already decided is refused, nothing changes', async () => {
    const answer = await request({});
    const id = (answer.body as BreakGlassGrant).id;
    await t.database.superuser.query(
      `UPDATE provider.break_glass_grants SET requested_at = now() - interval '2 hours' WHERE id = $1`,
      [id],
    );
    const stale = await approver.post(`/api/v1/ops/break-glass/${id}/approve`);
    expect(stale.status).toBe(409);
    expect(errorCode(stale)).toBe('break_glass_request_expired');
    expect((await grants(requester)).find((g) => g.id === id)!.status).toBe('requested');
    const again = await approver.post(`/api/v1/ops/break-glass/${grant.id}/approve`);
    expect(again.status).toBe(409);
  });

  it("when the organisation's setting asks for it, its admin approves (a second operator cannot)", async () => {
    expect((await admin.put('/api/v1/break-glass/setting', { approval: 'admin' })).status).toBe(200);
    const answer = await request({});
    const id = (answer.body as BreakGlassGrant).id;
    expect(answer.body).toMatchObject({ approval: 'admin' });
    const byOperator = await approver.post(`/api/v1/ops/break-glass/${id}/approve`);
    expect(byOperator.status).toBe(409);
    expect(errorCode(byOperator)).toBe('break_glass_admin_approves');
    expect((await outsider.post(`/api/v1/break-glass/${id}/approve`)).status).toBe(404);
    const byAdmin = await admin.post(`/api/v1/break-glass/${id}/approve`);
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(200);
    expect(byAdmin.body).toMatchObject({ status: 'active' });
    expect((await requester.get(`/api/v1/ops/break-glass/${id}/read/events`)).status).toBe(200);
  });

  it('records every step in both chains', async () => {
    const { rows } = await t.database.superuser.query<{ action: string; org: string | null }>(
      `SELECT action, org FROM audit.events WHERE action LIKE 'break_glass.%' ORDER BY id`,
    );
    for (const action of [
      'break_glass.requested',
      'break_glass.started',
      'break_glass.read',
      'break_glass.ended',
    ]) {
      expect(
        rows.filter((r) => r.org === null).map((r) => r.action),
        action,
      ).toContain(action);
      expect(
        rows.filter((r) => r.org === 'vault').map((r) => r.action),
        action,
      ).toContain(action);
    }
    expect(rows.filter((r) => r.org === 'other')).toEqual([]);
  });
});
