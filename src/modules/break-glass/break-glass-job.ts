import type { Database } from '../../db/database.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { type JobLog, runJobPeriodically } from '../../platform/jobs/periodic.js';
import { breakGlassNoticeText } from '../../platform/mail/templates.js';
import { issueNotice } from '../notices/index.js';
import {
  claimExpiredGrants,
  claimUnannouncedGrants,
  type GrantRow,
  updateGrant,
} from './break-glass.repo.js';
import { expireGrant } from './break-glass.service.js';

const BATCH = 50;
const GRANTS = ['ops:notices', 'ops:support'] as const;

/**
 * Tells the organisation's admins that an access started or ended, as a security notice (mail
 * from the support address, banner, read receipts: the notices' machinery and its retries).
 */
async function announce(ctx: Parameters<typeof expireGrant>[0], row: GrantRow, now: Date): Promise<void> {
  const event = row.start_notice_id ? 'ended' : 'started';
  const text = breakGlassNoticeText({
    event,
    operatorId: row.operator_id,
    reason: row.reason,
    until: row.expires_at,
  });
  const notice = await issueNotice(
    ctx,
    { category: 'security', ...text, window: null, organisations: [row.org] },
    now,
  );
  await updateGrant(
    ctx.tx,
    row.id,
    event === 'started' ? { start_notice_id: notice.id } : { end_notice_id: notice.id },
  );
}

/** One pass: end the accesses whose time is up, then announce every start and end not yet told. */
export async function runBreakGlassPass(
  db: Database,
  now = new Date(),
): Promise<{ ended: number; announced: number }> {
  return runAsSystem(db, { kind: 'provider' }, 'break-glass', GRANTS, async (ctx) => {
    const expired = await claimExpiredGrants(ctx.tx, now, BATCH);
    for (const row of expired) await expireGrant(ctx, row);
    const unannounced = await claimUnannouncedGrants(ctx.tx, BATCH);
    for (const row of unannounced) {
      await announce(ctx, row, now);
      // An access that started and ended between two passes is announced twice in one pass.
      if (row.status === 'ended' && !row.start_notice_id)
        await announce(ctx, { ...row, start_notice_id: 'announced' }, now);
    }
    return { ended: expired.length, announced: unannounced.length };
  });
}

export function startBreakGlassJob(db: Database, intervalMs: number, log: JobLog) {
  if (intervalMs <= 0) return () => {};
  return runJobPeriodically(intervalMs, log, 'break-glass pass failed', () => runBreakGlassPass(db));
}
