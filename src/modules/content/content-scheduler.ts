import type { Database } from '../../db/database.js';
import { withScope } from '../../db/scope.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { type JobLog, runJobPeriodically } from '../../platform/jobs/periodic.js';
import { listServiceCodes } from '../../platform/tenancy/organisations.repo.js';
import { CONTENT_KINDS } from './content.schema.js';
import { applyScheduledTransition, permissionFor } from './content.service.js';
import { claimDueItems, clearUnpublishAt } from './content-schedule.repo.js';

/** What the scheduler may do, and nothing else: publish and unpublish each kind of content. */
export const SCHEDULER_GRANTS = CONTENT_KINDS.map((kind) => permissionFor(kind, 'publish'));

/**
 * Publishes and unpublishes items whose scheduled time has come. Every node runs it; rows are
 * claimed with FOR UPDATE SKIP LOCKED and the schedule is cleared in the same transaction, so
 * each change happens exactly once however many nodes run. State lives in the database, so a
 * restart loses nothing: what fell due while no node ran is done at the next pass.
 */
export async function runDueSchedules(
  db: Database,
  now = new Date(),
  onChanged?: (org: string) => void | Promise<void>,
): Promise<{ published: number; unpublished: number }> {
  const orgs = await withScope(db, { kind: 'provider' }, (tx) => listServiceCodes(tx, { status: 'active' }));
  let published = 0;
  let unpublished = 0;
  for (const org of orgs) {
    const before = published + unpublished;
    await runAsSystem(db, { kind: 'tenant', org }, 'scheduler', SCHEDULER_GRANTS, async (ctx) => {
      const due = await claimDueItems(ctx.tx, org, now);
      for (const row of due) {
        let current = row;
        if (current.publish_at && current.publish_at <= now) {
          current = await applyScheduledTransition(ctx, current, 'publish');
          published += 1;
        }
        if (current.unpublish_at && current.unpublish_at <= now) {
          if (current.published_data !== null) {
            await applyScheduledTransition(ctx, current, 'unpublish');
            unpublished += 1;
          } else {
            // Nothing live to take down (unpublished by hand meanwhile): just clear the schedule.
            await clearUnpublishAt(ctx.tx, org, current.id);
          }
        }
      }
    });
    // After the commit: public caches may drop the organisation's pages now.
    if (published + unpublished > before) await onChanged?.(org);
  }
  return { published, unpublished };
}

/** Runs the schedule every `intervalMs` until stopped. */
export function startScheduler(
  db: Database,
  intervalMs: number,
  log: JobLog,
  onChanged?: (org: string) => void | Promise<void>,
) {
  return runJobPeriodically(intervalMs, log, 'scheduled publishing failed', () =>
    runDueSchedules(db, new Date(), onChanged),
  );
}
