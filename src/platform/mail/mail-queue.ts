import { type Expression, expressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Mailer, MailMessage } from './mailer.js';

/** Retry after 1, 2, 4 … minutes, at most an hour apart: a queued mail is never given up. */
export function mailRetryDelayMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/** How a claimed mail went: sent (at), or failed and due again at `retryAt`. */
export type MailOutcome = { sent: Date } | { error: string; retryAt: Date };

/**
 * Sends a mail queue's due mails batch by batch (notices, support replies): `claim` commits its
 * claim before any mail leaves, each outcome is `settle`d (committed) as soon as it is known, so a
 * restart resends at most the mails in flight. A failure stays queued with its error and retry time.
 */
export async function drainMailQueue<Item extends { attempts: number }>(
  mailer: Mailer,
  claim: () => Promise<{ item: Item; message: MailMessage }[]>,
  settle: (item: Item, outcome: MailOutcome) => Promise<void>,
  now = new Date(),
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const batch = await claim();
    if (batch.length === 0) return { sent, failed };
    await Promise.all(
      batch.map(async ({ item, message }) => {
        try {
          await mailer.send(message);
        } catch (error) {
          failed += 1;
          const text = error instanceof Error ? error.message : String(error);
          await settle(item, {
            error: text,
            retryAt: new Date(now.getTime() + mailRetryDelayMs(item.attempts)),
          });
          return;
        }
        sent += 1;
        await settle(item, { sent: new Date() });
      }),
    );
  }
}

/**
 * The columns every mail queue's table has (notice receipts, support mails). The owners' repos
 * run the queries; the conditions and column values they share are written once here.
 */
interface MailQueueColumns {
  mail_state: 'pending' | 'sending' | 'sent' | 'skipped';
  next_attempt_at: Date;
  lease_until: Date | null;
  attempts: number;
}
const queue = expressionBuilder<{ queue: MailQueueColumns }, 'queue'>();

/**
 * The mails a pass may claim, oldest due first, locked (others skip them): pending ones that are
 * due, and ones a pass claimed but never finished (its lease ran out: the node died mid-send).
 * For `.$call` on the owner's select.
 */
export function claimableMails(now: Date, limit: number) {
  const due: Expression<SqlBool> = queue.or([
    queue.and([queue('mail_state', '=', 'pending'), queue('next_attempt_at', '<=', now)]),
    queue.and([queue('mail_state', '=', 'sending'), queue('lease_until', '<', now)]),
  ]);
  return <DB, TB extends keyof DB, O>(select: SelectQueryBuilder<DB, TB, O>) =>
    select.where(due).orderBy(queue.ref('next_attempt_at')).limit(limit).forUpdate().skipLocked();
}

/** The columns a claimed mail takes: a lease and one more attempt. */
export function claimedMailColumns(leaseUntil: Date) {
  return {
    mail_state: 'sending' as const,
    lease_until: leaseUntil,
    attempts: queue('attempts', '+', 1),
  };
}

/**
 * The columns a mail queue's row takes when a claimed mail is settled: sent, skipped (the account
 * is gone), or due again later with its error.
 */
export function settledMailColumns(outcome: MailOutcome | { skipped: Date }) {
  if ('skipped' in outcome)
    return { mail_state: 'skipped' as const, lease_until: null, sent_at: outcome.skipped };
  return 'sent' in outcome
    ? { mail_state: 'sent' as const, lease_until: null, sent_at: outcome.sent }
    : {
        mail_state: 'pending' as const,
        lease_until: null,
        next_attempt_at: outcome.retryAt,
        last_error: outcome.error.slice(0, 500),
      };
}
