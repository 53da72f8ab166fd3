import type { Database } from '../../db/database.js';
import { asOrganisation, withProvider } from '../../db/scope.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { type JobLog, runJobPeriodically } from '../../platform/jobs/periodic.js';
import { drainMailQueue } from '../../platform/mail/mail-queue.js';
import type { Mailer, MailMessage } from '../../platform/mail/mailer.js';
import { noticeMail } from '../../platform/mail/templates.js';
import { activeUserEmails } from '../users/index.js';
import { claimDueMails, claimDueNotices, findNotice, finishMail, type ReceiptRow } from './notices.repo.js';
import { publishNotice } from './notices.service.js';

export interface NoticeDeliveryDeps {
  db: Database;
  mailer: Mailer;
  /** The support address the notices come from. */
  from: string;
  baseUrl: string;
  leaseSeconds: number;
  log: JobLog;
  /** Drops an organisation's cached public pages (its site may show planned maintenance). */
  invalidate?: (org: string) => Promise<void>;
}

const MAIL_BATCH = 50;
const NOTICE_BATCH = 20;

/** A mail ready to send, with its receipt. */
interface Outgoing {
  receipt: ReceiptRow;
  message: MailMessage;
}

/**
 * Claims a batch of due mails and composes them, in one short transaction: addresses are read
 * from each organisation's own accounts now (an account gone meanwhile is skipped).
 */
async function claimBatch(deps: NoticeDeliveryDeps, now: Date): Promise<Outgoing[]> {
  const leaseUntil = new Date(now.getTime() + deps.leaseSeconds * 1000);
  const host = new URL(deps.baseUrl).hostname;
  return withProvider(deps.db, async (tx) => {
    const claimed = await claimDueMails(tx, now, leaseUntil, MAIL_BATCH);
    const byOrg = new Map<string, ReceiptRow[]>();
    for (const r of claimed) byOrg.set(r.org, [...(byOrg.get(r.org) ?? []), r]);
    const notices = new Map<string, Awaited<ReturnType<typeof findNotice>>>();
    const out: Outgoing[] = [];
    for (const [org, receipts] of byOrg) {
      const ids = receipts.map((r) => r.user_id);
      const emails = await asOrganisation(tx, org, () => activeUserEmails(tx, org, ids));
      for (const receipt of receipts) {
        const to = emails.get(receipt.user_id);
        if (!to) {
          await finishMail(tx, receipt, { skipped: now });
          continue;
        }
        if (!notices.has(receipt.notice_id))
          notices.set(receipt.notice_id, await findNotice(tx, receipt.notice_id));
        const notice = notices.get(receipt.notice_id);
        if (!notice) continue;
        const content = noticeMail({
          serviceCode: org,
          category: notice.category,
          title: { ja: notice.title_ja, en: notice.title_en },
          body: { ja: notice.body_ja, en: notice.body_en },
          window:
            notice.window_start && notice.window_end
              ? { start: notice.window_start, end: notice.window_end }
              : null,
          consoleLink: new URL('/console/notices', deps.baseUrl).toString(),
        });
        out.push({
          receipt,
          message: {
            to,
            ...content,
            from: deps.from,
            serviceCode: org,
            // The same mail has the same id, however often a crash makes us send it again.
            messageId: `<notice-${receipt.notice_id}-${receipt.user_id}@${host}>`,
          },
        });
      }
    }
    return out;
  });
}

/**
 * Sends what is due, batch by batch, each mail's outcome committed as soon as it is known, so a
 * restart resends at most the mails that were in flight (after their lease) and never one that
 * was recorded as sent. A failure keeps the mail pending with its error for the operators.
 */
export function deliverNoticeMails(
  deps: NoticeDeliveryDeps,
  now = new Date(),
): Promise<{ sent: number; failed: number }> {
  return drainMailQueue(
    deps.mailer,
    async () => (await claimBatch(deps, now)).map(({ receipt, message }) => ({ item: receipt, message })),
    (receipt, outcome) => withProvider(deps.db, (tx) => finishMail(tx, receipt, outcome)),
    now,
  );
}

/**
 * Publishes the scheduled notices that are due, each in its own transaction, claimed once; a
 * maintenance notice's organisations have their public pages invalidated once it is committed.
 */
export async function publishDueNotices(
  db: Database,
  now = new Date(),
  invalidate?: (org: string) => Promise<void>,
): Promise<number> {
  let published = 0;
  for (;;) {
    const done = await runAsSystem(db, { kind: 'provider' }, 'notices', ['ops:notices'], async (ctx) => {
      const [due] = await claimDueNotices(ctx.tx, now, 1);
      if (!due) return null;
      const orgs = await publishNotice(ctx, due, now);
      return due.category === 'maintenance' ? orgs : [];
    });
    if (!done) return published;
    for (const org of done) await invalidate?.(org);
    published += 1;
    if (published >= NOTICE_BATCH) return published;
  }
}

/** One pass of the notices job: publish what is due, then send what is queued. */
export async function runNoticesPass(deps: NoticeDeliveryDeps, now = new Date()) {
  const published = await publishDueNotices(deps.db, now, deps.invalidate);
  const mails = await deliverNoticeMails(deps, now);
  return { published, ...mails };
}

/** Runs the notices job every `intervalMs` (0: not on this node). */
export function startNoticesJob(deps: NoticeDeliveryDeps, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {};
  return runJobPeriodically(intervalMs, deps.log, 'notices pass failed', () => runNoticesPass(deps));
}
