import type { Database } from '../../db/database.js';
import { asOrganisation, withProvider } from '../../db/scope.js';
import { type JobLog, runJobPeriodically } from '../../platform/jobs/periodic.js';
import { drainMailQueue } from '../../platform/mail/mail-queue.js';
import type { Mailer, MailMessage } from '../../platform/mail/mailer.js';
import { supportReplyMail } from '../../platform/mail/templates.js';
import { activeUserEmails } from '../users/index.js';
import {
  claimDueReplyMails,
  findReport,
  finishReplyMail,
  listMessages,
  type SupportMailRow,
} from './support.repo.js';

export interface SupportMailDeps {
  db: Database;
  mailer: Mailer;
  from: string;
  baseUrl: string;
  leaseSeconds: number;
}

const BATCH = 50;

/** Claims due replies and composes them, reading address and text in each organisation's scope. */
async function claimBatch(
  deps: SupportMailDeps,
  now: Date,
): Promise<{ row: SupportMailRow; message: MailMessage }[]> {
  const leaseUntil = new Date(now.getTime() + deps.leaseSeconds * 1000);
  const host = new URL(deps.baseUrl).hostname;
  return withProvider(deps.db, async (tx) => {
    const out: { row: SupportMailRow; message: MailMessage }[] = [];
    for (const row of await claimDueReplyMails(tx, now, leaseUntil, BATCH)) {
      const composed = await asOrganisation(tx, row.org, async () => {
        const to = (await activeUserEmails(tx, row.org, [row.user_id])).get(row.user_id);
        const report = await findReport(tx, row.org, row.ticket_id);
        const reply = (await listMessages(tx, row.org, row.ticket_id)).find((m) => m.id === row.message_id);
        return to && report && reply ? { to, subject: report.subject, body: reply.body } : null;
      });
      if (!composed) {
        await finishReplyMail(tx, row.message_id, { skipped: now });
        continue;
      }
      const content = supportReplyMail({
        serviceCode: row.org,
        ticketSubject: composed.subject,
        reply: composed.body,
        consoleLink: new URL(`/console/support/${row.ticket_id}`, deps.baseUrl).toString(),
      });
      out.push({
        row,
        message: {
          to: composed.to,
          ...content,
          from: deps.from,
          serviceCode: row.org,
          messageId: `<support-${row.message_id}@${host}>`,
        },
      });
    }
    return out;
  });
}

/** Sends the operators' replies that are due; a failure stays queued with its error, retried later. */
export function deliverSupportReplies(
  deps: SupportMailDeps,
  now = new Date(),
): Promise<{ sent: number; failed: number }> {
  return drainMailQueue(
    deps.mailer,
    async () => (await claimBatch(deps, now)).map(({ row, message }) => ({ item: row, message })),
    (row, outcome) => withProvider(deps.db, (tx) => finishReplyMail(tx, row.message_id, outcome)),
    now,
  );
}

/** Sends the queued replies every `intervalMs` (0: not on this node). */
export function startSupportRepliesJob(deps: SupportMailDeps, intervalMs: number, log: JobLog): () => void {
  if (intervalMs <= 0) return () => {};
  return runJobPeriodically(intervalMs, log, 'support replies pass failed', () =>
    deliverSupportReplies(deps),
  );
}
