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

/** The columns a mail queue's row takes when a claimed mail is settled (notice receipts, support mails). */
export function settledMailColumns(outcome: MailOutcome) {
  return 'sent' in outcome
    ? { mail_state: 'sent' as const, lease_until: null, sent_at: outcome.sent }
    : {
        mail_state: 'pending' as const,
        lease_until: null,
        next_attempt_at: outcome.retryAt,
        last_error: outcome.error.slice(0, 500),
      };
}
