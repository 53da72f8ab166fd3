import type { Database } from '../../db/database.js';
import { withScope, withTenant } from '../../db/scope.js';
import { deleteSessionsBefore } from '../../platform/auth/sessions.repo.js';
import { deleteSpentThrottles } from '../../platform/auth/throttle.repo.js';
import { type ReportingJobLog, runJobPeriodically } from '../../platform/jobs/periodic.js';
import { listServiceCodes } from '../../platform/tenancy/organisations.repo.js';
import { deleteSpentTokens } from '../users/index.js';

/** How long finished rows are kept before they are purged. */
export const RETENTION = {
  /** Ended or expired sessions (socket address and user agent: personal data). */
  sessionDays: 30,
  /** Throttle counters whose window and lock are over. */
  throttleHours: 24,
  /** Used, revoked or expired invitation and reset tokens. */
  tokenDays: 30,
} as const;

export interface HousekeepingResult {
  sessions: number;
  throttles: number;
  tokens: number;
}

/**
 * Deletes what no longer serves a purpose. Idempotent, so every node may run it: two nodes
 * deleting the same rows at once only makes one of them delete nothing.
 */
export async function runHousekeeping(db: Database, now = new Date()): Promise<HousekeepingResult> {
  const sessionCutoff = new Date(now.getTime() - RETENTION.sessionDays * 86_400_000);
  const throttleCutoff = new Date(now.getTime() - RETENTION.throttleHours * 3_600_000);
  const tokenCutoff = new Date(now.getTime() - RETENTION.tokenDays * 86_400_000);
  const { sessions, throttles } = await withScope(db, { kind: 'auth' }, async (tx) => ({
    sessions: await deleteSessionsBefore(tx, sessionCutoff),
    throttles: await deleteSpentThrottles(tx, throttleCutoff, now),
  }));
  // Tokens are tenant data: each organisation in its own scope, never one scope over all.
  const orgs = await withScope(db, { kind: 'provider' }, (tx) => listServiceCodes(tx));
  let tokens = 0;
  for (const org of orgs) {
    tokens += await withTenant(db, org, (tx) => deleteSpentTokens(tx, org, tokenCutoff));
  }
  return { sessions, throttles, tokens };
}

/** Runs housekeeping every `intervalMs` (first run after one interval) until stopped. */
export function startHousekeeping(db: Database, intervalMs: number, log: ReportingJobLog): () => void {
  return runJobPeriodically(intervalMs, log, 'housekeeping failed', async () => {
    const result = await runHousekeeping(db);
    if (result.sessions + result.throttles + result.tokens > 0)
      log.info({ housekeeping: result }, 'housekeeping purged finished rows');
  });
}
