import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident, OpsIncident, ProviderStatus } from '../src/contract/incidents.js';
import type { OrganisationNotice } from '../src/contract/notices.js';
import { runNoticesPass } from '../src/modules/notices/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, type SeededAccount, seedUser, signedIn, signedInOperator } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';
import { mailJobDeps, type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';

let t: TestApp;
let smtp: SmtpCatcher;
let operator: Client;
let northAdmin: Client;
let northAccount: SeededAccount;
let southAdmin: Client;

const TITLE = '配信の遅延';

function sendMails() {
  return runNoticesPass(mailJobDeps(t, smtp.url));
}

const incidentInput = (organisations: unknown) => ({
  title: { ja: TITLE, en: 'Delayed publishing' },
  impact: { ja: '公開の反映が遅れています。', en: 'Publishing is delayed.' },
  severity: 'major',
  functions: ['publishing'],
  organisations,
  message: { ja: '原因を調査しています。', en: 'We are investigating.' },
});

const opsList = async () =>
  ((await operator.get('/api/v1/ops/incidents')).body as { items: OpsIncident[] }).items;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'north', '北町');
  await createOrganisation(t.database.db, 'south', '南町');
  operator = await signedInOperator(t, 'ops-incidents@mitte-c.example.jp');
  northAccount = await seedUser(t, 'north', { role: 'admin' });
  northAdmin = await signedIn(t, 'north', northAccount);
  southAdmin = await signedIn(t, 'south', await seedUser(t, 'south', { role: 'admin' }));
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe(`incidents on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  let incident: OpsIncident;

  it('refuses an incident without affected organisations or Japanese text, and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [incidentInput([]), 'organisations'],
      [incidentInput(['north', 'nowhere']), 'organisations'],
      [{ ...incidentInput(['north']), title: { ja: ' ', en: 'x' } }, 'title.ja'],
      [{ ...incidentInput(['north']), severity: 'meh' }, 'severity'],
    ];
    for (const [body, field] of cases) {
      const answer = await operator.post('/api/v1/ops/incidents', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect((answer.body as { error: { field?: string } }).error.field ?? '').toContain(field);
    }
    expect(await opsList()).toEqual([]);
    expect((await northAdmin.post('/api/v1/ops/incidents', incidentInput(['north']))).status).toBe(403);
  });

  it('opens an incident: the affected admins are mailed and see it; others see nothing, nor on /status any organisation', async () => {
    const answer = await operator.post('/api/v1/ops/incidents', incidentInput(['north']));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    incident = answer.body as OpsIncident;
    expect(incident).toMatchObject({ status: 'investigating', organisations: ['north'], resolvedAt: null });
    expect(incident.updates).toHaveLength(1);

    await sendMails();
    const mail = await smtp.waitFor((m) => m.subject.includes(TITLE));
    expect(mail.to).toEqual([northAccount.email]);
    expect(mail.subject).toContain('[north]');
    expect(mail.subject).toContain('障害');
    expect(mail.headers.get('x-mitte-service-code')).toBe('north');

    const own = ((await northAdmin.get('/api/v1/incidents')).body as { items: Incident[] }).items;
    expect(own.map((i) => i.id)).toEqual([incident.id]);
    const notices = ((await northAdmin.get('/api/v1/notices')).body as { items: OrganisationNotice[] }).items;
    expect(notices[0]).toMatchObject({
      category: 'incident',
      incidentId: incident.id,
      needsAcknowledgement: true,
    });

    expect(((await southAdmin.get('/api/v1/incidents')).body as { items: Incident[] }).items).toEqual([]);
    expect((await southAdmin.get(`/api/v1/incidents/${incident.id}`)).status).toBe(404);

    const visitor = new Client(t.url);
    const status = (await visitor.get('/api/v1/status')).body as ProviderStatus;
    expect(status.incidents.map((i) => i.id)).toEqual([incident.id]);
    const page = await visitor.get('/status');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain(TITLE);
    for (const name of ['north', '北町', northAccount.email]) {
      expect(JSON.stringify(status)).not.toContain(name);
      expect(String(page.body)).not.toContain(name);
    }
  });

  it('adds timeline updates to resolution, each mailed; then refuses more updates; the report comes after', async () => {
    const early = await operator.request('PUT', `/api/v1/ops/incidents/${incident.id}/report`, {
      whatHappened: { ja: '設定の誤り' },
      dataAffected: { ja: 'なし' },
      actions: { ja: '設定を修正' },
    });
    expect(early.status).toBe(409);

    for (const status of ['identified', 'monitoring', 'resolved']) {
      const answer = await operator.post(`/api/v1/ops/incidents/${incident.id}/updates`, {
        status,
        message: { ja: `${status} の経過`, en: `Update: ${status}` },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
    await sendMails();
    expect(smtp.messages.filter((m) => m.subject.includes(TITLE))).toHaveLength(4);
    const late = await operator.post(`/api/v1/ops/incidents/${incident.id}/updates`, {
      status: 'monitoring',
      message: { ja: '再発' },
    });
    expect(late.status).toBe(409);

    const own = (await northAdmin.get(`/api/v1/incidents/${incident.id}`)).body as Incident;
    expect(own.updates.map((u) => u.status)).toEqual([
      'investigating',
      'identified',
      'monitoring',
      'resolved',
    ]);
    expect(own.resolvedAt).not.toBeNull();

    const report = await operator.request('PUT', `/api/v1/ops/incidents/${incident.id}/report`, {
      whatHappened: {
        ja: '設定の誤りにより公開が遅れました。',
        en: 'A configuration error delayed publishing.',
      },
      dataAffected: { ja: 'ありません。', en: 'None.' },
      actions: { ja: '設定を修正しました。', en: 'The configuration was fixed.' },
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(
      ((await northAdmin.get(`/api/v1/incidents/${incident.id}`)).body as Incident).report,
    ).toMatchObject({
      dataAffected: { ja: 'ありません。' },
    });
    // Resolved incidents leave the status page.
    expect(((await new Client(t.url).get('/api/v1/status')).body as ProviderStatus).incidents).toEqual([]);
  });

  it("records the incident in the provider's chain and each update's notice in the organisation's", async () => {
    const { rows } = await t.database.superuser.query<{ action: string; org: string | null }>(
      `SELECT action, org FROM audit.events WHERE action LIKE 'incident.%' OR (action = 'notice.published' AND org = 'north')
        ORDER BY id`,
    );
    expect(rows.filter((r) => r.org === null).map((r) => r.action)).toEqual([
      'incident.opened',
      'incident.updated',
      'incident.updated',
      'incident.updated',
      'incident.reported',
    ]);
    expect(rows.filter((r) => r.org === 'north')).toHaveLength(5);
  });
});
