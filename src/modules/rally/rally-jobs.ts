import type { Database } from '../../db/database.js';
import { withScope } from '../../db/scope.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { type JobLog, runJobPeriodically } from '../../platform/jobs/periodic.js';
import { listServiceCodes } from '../../platform/tenancy/organisations.repo.js';
import { deleteDuePersonalData } from './rally-applications.service.js';

/** What the deletion job may do: delete applicants' data, which needs the campaigns publish right. */
export const APPLICANT_DELETION_GRANTS = ['campaigns:publish'] as const;

/**
 * Deletes prize applicants' personal data whose retention (days after the campaign's end) has run
 * out, in every organisation that still has data (terminated ones too, during their export window).
 */
export async function runApplicantDeletion(db: Database, now = new Date()): Promise<number> {
  const orgs = await withScope(db, { kind: 'provider' }, (tx) => listServiceCodes(tx, { except: 'purged' }));
  let erased = 0;
  for (const org of orgs) {
    erased += await runAsSystem(
      db,
      { kind: 'tenant', org },
      'rally-retention',
      [...APPLICANT_DELETION_GRANTS],
      (ctx) => deleteDuePersonalData(ctx, now),
    );
  }
  return erased;
}

export function startApplicantDeletion(db: Database, intervalMs: number, log: JobLog) {
  return runJobPeriodically(intervalMs, log, 'deleting rally applicants failed', () =>
    runApplicantDeletion(db),
  );
}
