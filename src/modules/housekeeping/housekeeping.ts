import type { Database } from '../../db/database.js';
import { withScope, withTenant } from '../../db/scope.js';
import { runPeriodically } from '../../platform/jobs/periodic.js';

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
  const { sessions, throttles } = await withScope(db, { kind: 'auth' }, async (tx) => {
    const s = await tx
      .deleteFrom('auth.sessions')
      .where((eb) => eb.or([eb('ended_at', '<', sessionCutoff), eb('expires_at', '<', sessionCutoff)]))
      .executeTakeFirst();
    const t = await tx
      .deleteFrom('auth.throttles')
      .where((eb) =>
        eb.and([
          eb.or([eb('last_failure_at', 'is', null), eb('last_failure_at', '<', throttleCutoff)]),
          eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]),
        ]),
      )
      .executeTakeFirst();
    return { sessions: Number(s.numDeletedRows), throttles: Number(t.numDeletedRows) };
  });
  // Tokens are tenant data: each organisation in its own scope, never one scope over all.
  const orgs = await withScope(db, { kind: 'provider' }, (tx) =>
    tx.selectFrom('provider.organisations').select('service_code').execute(),
  );
  let tokens = 0;
  for (const { service_code: org } of orgs) {
    tokens += await withTenant(db, org, async (tx) => {
      const r = await tx
        .deleteFrom('tenant.user_tokens')
        .where('org', '=', org)
        .where((eb) =>
          eb.or([
            eb('used_at', '<', tokenCutoff),
            eb('revoked_at', '<', tokenCutoff),
            eb('expires_at', '<', tokenCutoff),
          ]),
        )
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }
  return { sessions, throttles, tokens };
}

/** Runs housekeeping every `intervalMs` (first run after one interval) until stopped. */
export function startHousekeeping(
  db: Database,
  intervalMs: number,
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void },
): () => void {
  return runPeriodically(
    intervalMs,
    async () => {
      const result = await runHousekeeping(db);
      if (result.sessions + result.throttles + result.tokens > 0)
        log.info({ housekeeping: result }, 'housekeeping purged finished rows');
    },
    (error) => log.error({ err: error }, 'housekeeping failed'),
  );
}
