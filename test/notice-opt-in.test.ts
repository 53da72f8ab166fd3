import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeDetail, OrganisationNotice } from '../src/contract/notices.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import {
  type Client,
  errorCode,
  type SeededAccount,
  seedUser,
  signedIn,
  signedInOperator,
} from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

// Notices reach the users who opted in (issue 15 item 1): admins always, general users on request.

let t: TestApp;
let operator: Client;
let admin: Client;
let keen: Client;
let keenAccount: SeededAccount;
let quiet: Client;
let quietAccount: SeededAccount;
let adminAccount: SeededAccount;

const own = async (client: Client) =>
  ((await client.get('/api/v1/notices')).body as { items: OrganisationNotice[] }).items;

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'minami');
  operator = await signedInOperator(t, 'ops-opt-in@mitte-c.example.jp');
  adminAccount = await seedUser(t, 'minami', { role: 'admin' });
  keenAccount = await seedUser(t, 'minami', { rights: { spots: 'view' } });
  quietAccount = await seedUser(t, 'minami', { rights: { spots: 'view' } });
  admin = await signedIn(t, 'minami', adminAccount);
  keen = await signedIn(t, 'minami', keenAccount);
  quiet = await signedIn(t, 'minami', quietAccount);
});
afterAll(async () => {
  await t?.close();
});

describe(`notices to users who opted in on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('is off for general users and always on for admins, who cannot turn it off', async () => {
    expect((await keen.get('/api/v1/me/notice-mail')).body).toEqual({
      enabled: false,
      alwaysForAdmins: false,
    });
    expect((await admin.get('/api/v1/me/notice-mail')).body).toEqual({
      enabled: true,
      alwaysForAdmins: true,
    });
    const refused = await admin.put('/api/v1/me/notice-mail', { enabled: false });
    expect([refused.status, errorCode(refused)]).toEqual([409, 'admins_receive_notices']);
    expect((await keen.put('/api/v1/me/notice-mail', { enabled: 'yes' })).status).toBe(400);
    expect((await keen.put('/api/v1/me/notice-mail', { enabled: true })).body).toEqual({
      enabled: true,
      alwaysForAdmins: false,
    });
    const { rows } = await t.database.superuser.query(
      `SELECT actor_id FROM audit.events WHERE chain = 'minami' AND action = 'user.notice_mail_changed'`,
    );
    expect(rows).toEqual([{ actor_id: keenAccount.id }]);
  });

  it('a published notice reaches the admins and the users who opted in, not the others', async () => {
    const answer = await operator.post('/api/v1/ops/notices', {
      category: 'maintenance',
      title: { ja: '南の保守', en: 'Maintenance' },
      body: { ja: '保守を行います。', en: 'We will carry out maintenance.' },
      audience: { organisations: ['minami'] },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const notice = answer.body as NoticeDetail;
    expect(notice.recipients).toBe(2);
    const detail = (await operator.get(`/api/v1/ops/notices/${notice.id}`)).body as NoticeDetail;
    expect(detail.receipts.map((r) => r.userId).sort()).toEqual([adminAccount.id, keenAccount.id].sort());
    const keenSees = (await own(keen)).find((n) => n.id === notice.id);
    expect(keenSees?.needsAcknowledgement).toBe(true);
    expect((await keen.post(`/api/v1/notices/${notice.id}/acknowledge`)).status).toBe(200);
    expect((await own(quiet)).find((n) => n.id === notice.id)?.needsAcknowledgement ?? false).toBe(false);
    void quietAccount;
  });
});
