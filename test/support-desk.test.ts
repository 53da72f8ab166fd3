import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportTicket, SupportTicketSummary } from '../src/contract/support.js';
import { deliverSupportReplies } from '../src/modules/support/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import {
  type Client,
  cookieHeader,
  errorCode,
  type SeededAccount,
  seedUser,
  signedIn,
  signedInOperator,
} from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';
import { noisyPng } from './helpers/media-files.js';
import { mailJobDeps, type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';
import { EICAR } from './helpers/zip.js';

let clamd: TestClamd;
let smtp: SmtpCatcher;
let t: TestApp;
let operator: Client;
let admin: Client;
let reporterAccount: SeededAccount;
let reporter: Client;
let colleague: Client;
let outsider: Client;
let image: Buffer;

type Part =
  | { name: string; value: string }
  | { name: 'file'; bytes: Buffer | string; filename: string; type: string };

/** Posts the report form as the console does: fields first, then the files. */
async function report(client: Client, parts: Part[]) {
  const form = new FormData();
  for (const part of parts) {
    if ('value' in part) form.append(part.name, part.value);
    else form.append('file', new Blob([part.bytes], { type: part.type }), part.filename);
  }
  const res = await fetch(`${t.url}/api/v1/support/tickets`, {
    method: 'POST',
    headers: { cookie: cookieHeader(client), 'x-csrf-token': client.cookies.get('mitte_csrf')! },
    body: form,
  });
  return {
    status: res.status,
    body: (await res.json()) as SupportTicket & {
      error?: { field?: string; code: string; message: { ja: string; en: string } };
    },
  };
}

const fields = (category: string, subject: string, description: string): Part[] => [
  { name: 'category', value: category },
  { name: 'subject', value: subject },
  { name: 'description', value: description },
];

function sendReplies() {
  return deliverSupportReplies(mailJobDeps(t, smtp.url));
}

async function counts() {
  const { rows } = await t.database.superuser.query<{
    tickets: number;
    reports: number;
    attachments: number;
  }>(
    `SELECT (SELECT count(*)::int FROM provider.support_tickets) AS tickets,
            (SELECT count(*)::int FROM tenant.support_reports) AS reports,
            (SELECT count(*)::int FROM tenant.support_attachments) AS attachments`,
  );
  return rows[0]!;
}

beforeAll(async () => {
  clamd = await startClamd();
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SMTP_URL: smtp.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'desk', 'デスク町');
  await createOrganisation(t.database.db, 'other', '他町');
  operator = await signedInOperator(t, 'ops-support@mitte-c.example.jp');
  admin = await signedIn(t, 'desk', await seedUser(t, 'desk', { role: 'admin' }));
  reporterAccount = await seedUser(t, 'desk', { totp: false, rights: { support: 'edit' } });
  reporter = await signedIn(t, 'desk', reporterAccount);
  colleague = await signedIn(
    t,
    'desk',
    await seedUser(t, 'desk', { totp: false, rights: { spots: 'edit' } }),
  );
  outsider = await signedIn(t, 'other', await seedUser(t, 'other', { role: 'admin' }));
  image = await noisyPng();
}, 60_000);
afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
  await smtp?.close();
});

describe(`support desk on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  let ticket: SupportTicket;

  it('refuses bad reports with the field named in ja and en, and keeps nothing', async () => {
    const cases: [Part[], string][] = [
      [fields('gossip', '件名', '内容'), 'category'],
      [fields('bug', ' ', '内容'), 'subject'],
      [fields('bug', '件名', ''), 'description'],
      [fields('bug', 'x'.repeat(201), '内容'), 'subject'],
    ];
    for (const [parts, field] of cases) {
      const answer = await report(reporter, parts);
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.body.error?.field).toBe(field);
      expect(answer.body.error?.message.ja).toBeTruthy();
      expect(answer.body.error?.message.en).toBeTruthy();
    }
    // An infected attachment: 422 from the scanner, no ticket, no attachment.
    const infected = await report(reporter, [
      ...fields('security', '不審なファイル', '添付をご確認ください。'),
      { name: 'file', bytes: image, filename: 'ok.png', type: 'image/png' },
      { name: 'file', bytes: `%PDF-1.4\n${EICAR}\n%%EOF`, filename: 'eicar.pdf', type: 'application/pdf' },
    ]);
    expect(infected.status).toBe(422);
    expect(infected.body.error?.code).toBe('infected');
    // A file type the pipeline refuses.
    const html = await report(reporter, [
      ...fields('bug', '表示崩れ', '画面が崩れます。'),
      {
        name: 'file',
        bytes: '<html><script>alert(1)</script></html>',
        filename: 'x.html',
        type: 'text/html',
      },
    ]);
    expect(html.status).toBe(415);
    expect(await counts()).toEqual({ tickets: 0, reports: 0, attachments: 0 });
  });

  it('reports need the support right: a user without it is refused, admins hold it by default', async () => {
    expect((await report(colleague, fields('bug', '件名', '内容'))).status).toBe(403);
    const byAdmin = await report(admin, fields('inquiry', '請求について', '請求書の宛名を変えたいです。'));
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(201);
  });

  it('a report with an attachment: scanned, kept as the organisation’s blob, not in the media library', async () => {
    const answer = await report(reporter, [
      ...fields('breach', '漏えいの疑い', '公開前の資料が外部で見られた可能性があります。'),
      { name: 'file', bytes: image, filename: '画面.png', type: 'image/png' },
    ]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    ticket = answer.body;
    expect(ticket).toMatchObject({ status: 'new', category: 'breach', org: 'desk' });
    expect(ticket.attachments).toHaveLength(1);
    expect(ticket.firstResponse.overdue).toBe(false);
    const library = (await admin.get('/api/v1/media')).body as { items: unknown[] };
    expect(library.items).toEqual([]);
    const file = await fetch(
      `${t.url}/api/v1/support/tickets/${ticket.id}/attachments/${ticket.attachments[0]!.id}`,
      {
        headers: { cookie: cookieHeader(reporter) },
      },
    );
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
  });

  it('the reporter sees their tickets, the admin all, another organisation none', async () => {
    const mine = ((await reporter.get('/api/v1/support/tickets')).body as { items: SupportTicketSummary[] })
      .items;
    expect(mine.map((x) => x.id)).toEqual([ticket.id]);
    const all = ((await admin.get('/api/v1/support/tickets')).body as { items: SupportTicketSummary[] })
      .items;
    expect(all).toHaveLength(2);
    expect(((await outsider.get('/api/v1/support/tickets')).body as { items: unknown[] }).items).toEqual([]);
    expect((await outsider.get(`/api/v1/support/tickets/${ticket.id}`)).status).toBe(404);
  });

  it('operators get the queue with timers; an organisation account cannot', async () => {
    const queue = await operator.get('/api/v1/ops/support/tickets');
    expect(queue.status).toBe(200);
    const items = (queue.body as { items: SupportTicketSummary[] }).items;
    expect(items.map((x) => x.id)).toContain(ticket.id);
    const entry = items.find((x) => x.id === ticket.id)!;
    expect(entry.subject).toBe('漏えいの疑い');
    // A breach is due a first response within an hour.
    expect(new Date(entry.firstResponse.dueAt).getTime() - new Date(entry.createdAt).getTime()).toBe(
      3_600_000,
    );
    expect((await admin.get('/api/v1/ops/support/tickets')).status).toBe(403);
    const file = await fetch(
      `${t.url}/api/v1/ops/support/tickets/${ticket.id}/attachments/${ticket.attachments[0]!.id}`,
      { headers: { cookie: cookieHeader(operator) } },
    );
    expect(file.status).toBe(200);
  });

  it('an operator assigns, links an incident, replies: the reporter gets the mail and sees it', async () => {
    const bad = await operator.patch(`/api/v1/ops/support/tickets/${ticket.id}`, {
      incidentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { field: string } }).error.field).toBe('incidentId');
    const incident = await operator.post('/api/v1/ops/incidents', {
      title: { ja: '情報漏えいの調査' },
      impact: { ja: '調査中です。' },
      severity: 'critical',
      organisations: ['desk'],
      message: { ja: '調査を開始しました。' },
    });
    expect(incident.status).toBe(201);
    const incidentId = (incident.body as { id: string }).id;
    const assigned = await operator.patch(`/api/v1/ops/support/tickets/${ticket.id}`, {
      status: 'open',
      assignee: 'ops-support@mitte-c.example.jp',
      incidentId,
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'open', incidentId });

    const replied = await operator.post(`/api/v1/ops/support/tickets/${ticket.id}/replies`, {
      body: '確認しました。対象の資料名を教えてください。',
    });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    const after = replied.body as SupportTicket;
    expect(after.status).toBe('waiting');
    expect(after.firstResponse.metAt).not.toBeNull();
    expect(after.messages.at(-1)?.mail?.state).toBe('pending');

    expect(await sendReplies()).toMatchObject({ sent: 1, failed: 0 });
    const mail = await smtp.waitFor((m) => m.subject.includes('漏えいの疑い'));
    expect(mail.to).toEqual([reporterAccount.email]);
    expect(mail.subject).toContain('[desk]');
    expect(mail.headers.get('x-mitte-service-code')).toBe('desk');
    expect(mail.text).toContain('対象の資料名');
    const seen = (await operator.get(`/api/v1/ops/support/tickets/${ticket.id}`)).body as SupportTicket;
    expect(seen.messages.at(-1)?.mail?.state).toBe('sent');

    const own = (await reporter.get(`/api/v1/support/tickets/${ticket.id}`)).body as SupportTicket;
    expect(own.messages.map((m) => m.author)).toEqual(['operator']);
    const answer = await reporter.post(`/api/v1/support/tickets/${ticket.id}/replies`, {
      body: '資料名は「秋の特集」です。',
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect((answer.body as SupportTicket).status).toBe('open');
  });

  it('replies to a closed ticket are refused (409) on both sides, and nothing is added', async () => {
    expect(
      (await operator.patch(`/api/v1/ops/support/tickets/${ticket.id}`, { status: 'resolved' })).status,
    ).toBe(200);
    expect(
      (await operator.patch(`/api/v1/ops/support/tickets/${ticket.id}`, { status: 'closed' })).status,
    ).toBe(200);
    const before = ((await reporter.get(`/api/v1/support/tickets/${ticket.id}`)).body as SupportTicket)
      .messages.length;
    const fromOrg = await reporter.post(`/api/v1/support/tickets/${ticket.id}/replies`, {
      body: 'まだあります。',
    });
    expect(fromOrg.status).toBe(409);
    expect(errorCode(fromOrg)).toBe('ticket_closed');
    const fromOps = await operator.post(`/api/v1/ops/support/tickets/${ticket.id}/replies`, { body: '追記' });
    expect(fromOps.status).toBe(409);
    const after = (await reporter.get(`/api/v1/support/tickets/${ticket.id}`)).body as SupportTicket;
    expect(after.messages).toHaveLength(before);
    expect(after.resolution.metAt).not.toBeNull();
  });

  it('records every step in both chains', async () => {
    const { rows } = await t.database.superuser.query<{ action: string; org: string | null }>(
      `SELECT action, org FROM audit.events WHERE action LIKE 'support.%' ORDER BY id`,
    );
    const provider = rows.filter((r) => r.org === null).map((r) => r.action);
    const desk = rows.filter((r) => r.org === 'desk').map((r) => r.action);
    for (const action of [
      'support.reported',
      'support.updated',
      'support.answered',
      'support.replied',
      'support.attachment_read',
    ]) {
      expect(provider, action).toContain(action);
      expect(desk, action).toContain(action);
    }
  });

  it('operators see the ticket and its attachments only: the provider scope still sees no customer rows', async () => {
    const { rows } = await t.database.superuser.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM tenant.support_reports WHERE org = 'desk'",
    );
    expect(rows[0]!.n).toBe(2);
    const { withProvider } = await import('../src/db/scope.js');
    const seen = await withProvider(t.database.db, (tx) =>
      tx.selectFrom('tenant.support_reports').selectAll().execute(),
    );
    expect(seen).toEqual([]);
  });
});
