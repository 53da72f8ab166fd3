import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NoticeDetail, NoticeSummary, OrganisationNotice } from '../src/contract/notices.js';
import { runNoticesPass } from '../src/modules/notices/index.js';
import type { Mailer } from '../src/platform/mail/mailer.js';
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
import {
  MAIL_JOB_LEASE_SECONDS,
  mailJobDeps,
  type SmtpCatcher,
  startSmtpCatcher,
  testMailer,
} from './helpers/smtp.js';

const SUPPORT = 'support@mitte-c.example.jp';

let t: TestApp;
let smtp: SmtpCatcher;
let operator: Client;
let northAdmin: Client;
let northAdmin2: SeededAccount;
let northGeneral: Client;
let westAdmin: Client;
let northAdminAccount: SeededAccount;

const mailerTo = (url: string) => testMailer(t, url);
const deliveryDeps = (mailer?: Mailer) => mailJobDeps(t, smtp.url, mailer);

const later = (ms: number) => new Date(Date.now() + ms);

function notice(title: string, audience: unknown, extra: Record<string, unknown> = {}) {
  return {
    category: 'maintenance',
    title: { ja: title, en: `${title} (en)` },
    body: { ja: '定期メンテナンスを行います。', en: 'We will carry out scheduled maintenance.' },
    window: { start: '2026-12-10T15:00:00Z', end: '2026-12-10T17:00:00Z' },
    audience,
    ...extra,
  };
}

async function write(body: unknown): Promise<NoticeDetail> {
  const answer = await operator.post('/api/v1/ops/notices', body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as NoticeDetail;
}

const detail = async (id: string) => (await operator.get(`/api/v1/ops/notices/${id}`)).body as NoticeDetail;
const mailsFor = (title: string) => smtp.messages.filter((m) => m.subject.includes(title));
const own = async (client: Client) =>
  ((await client.get('/api/v1/notices')).body as { items: OrganisationNotice[] }).items;

async function publishedEvents(noticeId: string) {
  const { rows } = await t.database.superuser.query<{ org: string | null }>(
    `SELECT org FROM audit.events WHERE action = 'notice.published' AND target_id = $1 ORDER BY org NULLS FIRST`,
    [noticeId],
  );
  return rows.map((r) => r.org);
}

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({
    env: {
      SMTP_URL: smtp.url,
      SCHEDULER_INTERVAL_MS: '0',
      SUPPORT_MAIL_FROM: `mitte-C サポート <${SUPPORT}>`,
    },
  });
  for (const code of ['north', 'south', 'west']) await createOrganisation(t.database.db, code);
  operator = await signedInOperator(t, 'ops-notices@mitte-c.example.jp');
  northAdminAccount = await seedUser(t, 'north', { role: 'admin' });
  northAdmin2 = await seedUser(t, 'north', { role: 'admin' });
  await seedUser(t, 'south', { role: 'admin' });
  northAdmin = await signedIn(t, 'north', northAdminAccount);
  northGeneral = await signedIn(t, 'north', await seedUser(t, 'north', { rights: { spots: 'view' } }));
  westAdmin = await signedIn(t, 'west', await seedUser(t, 'west', { role: 'admin' }));
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe(`notices (お知らせ) on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('refuses bad notices with a 400 naming the field, and writes nothing', async () => {
    const before = ((await operator.get('/api/v1/ops/notices')).body as { items: NoticeSummary[] }).items
      .length;
    const cases: [unknown, string][] = [
      [notice('', 'all'), 'title'],
      [{ ...notice('題名', 'all'), body: { ja: '   ', en: 'only English' } }, 'body.ja'],
      [{ ...notice('題名', 'all'), title: { en: 'English only' } }, 'title'],
      [
        notice('題名', 'all', { window: { start: '2026-12-10T17:00:00Z', end: '2026-12-10T15:00:00Z' } }),
        'window.end',
      ],
      [notice('題名', { organisations: ['north', 'nowhere'] }), 'audience.organisations'],
      [notice('題名', { organisations: [] }), 'audience'],
      [{ ...notice('題名', 'all'), category: 'gossip' }, 'category'],
    ];
    for (const [body, field] of cases) {
      const answer = await operator.post('/api/v1/ops/notices', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      const error = (answer.body as { error: { field?: string; message: { ja: string; en: string } } }).error;
      expect(error.field ?? '', JSON.stringify(error)).toContain(field);
      expect(error.message.ja).not.toBe('');
      expect(error.message.en).not.toBe('');
    }
    const after = ((await operator.get('/api/v1/ops/notices')).body as { items: NoticeSummary[] }).items
      .length;
    expect(after).toBe(before);
  });

  it('is written by operators only', async () => {
    const answer = await northAdmin.post('/api/v1/ops/notices', notice('管理者から', 'all'));
    expect(answer.status).toBe(403);
    expect(errorCode(await northAdmin.get('/api/v1/ops/notices'))).toBe('forbidden');
  });

  it("mails the listed organisations' admins from the support address, service code in subject and header", async () => {
    const n = await write(notice('北と南の保守', { organisations: ['north', 'south'] }));
    expect(n).toMatchObject({ status: 'published', organisations: 2, recipients: 3, mailPending: 3 });
    expect(await publishedEvents(n.id)).toEqual([null, 'north', 'south']);

    expect(await runNoticesPass(deliveryDeps())).toMatchObject({ sent: 3, failed: 0 });
    const mails = mailsFor('北と南の保守');
    expect(mails).toHaveLength(3);
    const north = mails.filter((m) => m.headers.get('x-mitte-service-code') === 'north');
    expect(north.map((m) => m.to[0]).sort()).toEqual([northAdminAccount.email, northAdmin2.email].sort());
    for (const mail of north) {
      expect(mail.subject).toContain('[north]');
      expect(mail.subject).toContain('メンテナンス');
      expect(JSON.stringify(mail.headers.get('from'))).toContain(SUPPORT);
      expect(mail.text).toContain('2026年12月11日 00:00 (JST)');
    }
    expect(mails.filter((m) => m.headers.get('x-mitte-service-code') === 'south')).toHaveLength(1);
    expect(await detail(n.id)).toMatchObject({ mailed: 3, mailPending: 0, acknowledged: 0 });
  });

  it('shows a banner to each addressed admin until they acknowledge; operators see the receipts', async () => {
    const [latest] = await own(northAdmin);
    expect(latest).toMatchObject({ needsAcknowledgement: true, acknowledgedAt: null });
    const dashboard = (await northAdmin.get('/api/v1/dashboard')).body as {
      notices: { unacknowledged: number; latest: OrganisationNotice[] };
    };
    expect(dashboard.notices.unacknowledged).toBe(1);
    expect(dashboard.notices.latest[0]?.id).toBe(latest!.id);

    const ack = await northAdmin.post(`/api/v1/notices/${latest!.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect((ack.body as OrganisationNotice).needsAcknowledgement).toBe(false);
    // Again: nothing changes, no second audit event.
    expect((await northAdmin.post(`/api/v1/notices/${latest!.id}/acknowledge`)).status).toBe(200);
    const { rows } = await t.database.superuser.query(
      `SELECT 1 FROM audit.events WHERE action = 'notice.acknowledged' AND org = 'north' AND target_id = $1`,
      [latest!.id],
    );
    expect(rows).toHaveLength(1);
    expect((await own(northAdmin))[0]?.needsAcknowledgement).toBe(false);

    // A general user reads it but was not addressed; another organisation does not see it at all.
    expect((await own(northGeneral))[0]).toMatchObject({ id: latest!.id, needsAcknowledgement: false });
    expect((await northGeneral.post(`/api/v1/notices/${latest!.id}/acknowledge`)).status).toBe(404);
    expect((await own(westAdmin)).map((n) => n.id)).not.toContain(latest!.id);
    expect((await westAdmin.post(`/api/v1/notices/${latest!.id}/acknowledge`)).status).toBe(404);

    const seen = await detail(latest!.id);
    expect(seen.acknowledged).toBe(1);
    expect(seen.receipts.filter((r) => r.acknowledgedAt !== null).map((r) => r.userId)).toEqual([
      northAdminAccount.id,
    ]);
    expect(JSON.stringify(seen)).not.toContain('@');
  });

  it('publishes a scheduled notice at its time, once, however many passes run', async () => {
    const publishAt = later(3_600_000);
    const n = await write(notice('全体の予定保守', 'all', { publishAt: publishAt.toISOString() }));
    expect(n).toMatchObject({ status: 'scheduled', organisations: 0, recipients: 0 });
    expect((await runNoticesPass(deliveryDeps())).published).toBe(0);
    expect((await own(northAdmin)).map((x) => x.id)).not.toContain(n.id);

    const at = new Date(publishAt.getTime() + 1000);
    const passes = await Promise.all([
      runNoticesPass(deliveryDeps(), at),
      runNoticesPass(deliveryDeps(), at),
    ]);
    expect(passes.reduce((sum, p) => sum + p.published, 0)).toBe(1);
    expect(await detail(n.id)).toMatchObject({
      status: 'published',
      organisations: 3,
      recipients: 4,
      mailed: 4,
    });
    expect(await publishedEvents(n.id)).toEqual([null, 'north', 'south', 'west']);
    expect(mailsFor('全体の予定保守')).toHaveLength(4);
  });

  it('keeps a mail that failed, shows the failure to operators and sends it on a later pass', async () => {
    const n = await write(notice('西の保守', { organisations: ['west'] }));
    const down = await runNoticesPass(deliveryDeps(mailerTo('smtp://127.0.0.1:1')));
    expect(down).toMatchObject({ sent: 0, failed: 1 });
    const failed = await detail(n.id);
    expect(failed).toMatchObject({ mailed: 0, mailPending: 1 });
    expect(failed.receipts[0]).toMatchObject({ mailState: 'pending', attempts: 1 });
    expect(failed.receipts[0]?.lastError).toBeTruthy();
    // Not before its retry time; then delivered.
    expect((await runNoticesPass(deliveryDeps())).sent).toBe(0);
    expect((await runNoticesPass(deliveryDeps(), later(120_000))).sent).toBe(1);
    expect(await detail(n.id)).toMatchObject({ mailed: 1, mailPending: 0 });
    expect(mailsFor('西の保守')).toHaveLength(1);
  });

  it('sends each mail once when the sender dies mid-send and another pass takes over', async () => {
    const n = await write(notice('再起動試験', 'all'));
    const real = mailerTo(smtp.url);
    let calls = 0;
    // Delivers two mails, then hangs as a process would that died in the middle of sending.
    const dying: Mailer = {
      ...real,
      send: (m) => (++calls <= 2 ? real.send(m) : new Promise<void>(() => {})),
    };
    void runNoticesPass(deliveryDeps(dying));
    for (let i = 0; i < 100 && (await detail(n.id)).mailed < 2; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await detail(n.id)).toMatchObject({ recipients: 4, mailed: 2, mailPending: 2 });
    // Before the lease ends the claimed mails are left alone; after it, the restart sends them.
    expect((await runNoticesPass(deliveryDeps())).sent).toBe(0);
    expect((await runNoticesPass(deliveryDeps(), later((MAIL_JOB_LEASE_SECONDS + 1) * 1000))).sent).toBe(2);
    const mails = mailsFor('再起動試験');
    expect(mails).toHaveLength(4);
    expect(new Set(mails.map((m) => m.to[0])).size).toBe(4);
    expect(await detail(n.id)).toMatchObject({ mailed: 4, mailPending: 0 });
  });
});
