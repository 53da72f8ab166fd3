import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';

/** Owner of `auth.throttles`: the sign-in counters per account and per source address. */

export async function findThrottles(tx: Tx, keys: string[]) {
  return tx
    .selectFrom('auth.throttles')
    .select(['key', 'failures', 'last_failure_at', 'locked_until', 'window_start'])
    .where('key', 'in', keys)
    .execute();
}

/**
 * Counts one failure: a counter whose window is over (or whose lock has passed) starts again
 * at 1; returns the count and any running lock.
 */
export async function bumpThrottle(tx: Tx, key: string, windowMinutes: number) {
  const windowStart = sql<Date>`now() - make_interval(mins => ${windowMinutes})`;
  return tx
    .insertInto('auth.throttles')
    .values({ key, failures: 1, last_failure_at: sql<Date>`now()` as never })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql<number>`CASE WHEN auth.throttles.window_start < ${windowStart}
          OR (auth.throttles.locked_until IS NOT NULL AND auth.throttles.locked_until <= now())
          THEN 1 ELSE auth.throttles.failures + 1 END`,
        window_start: sql<Date>`CASE WHEN auth.throttles.window_start < ${windowStart}
          OR (auth.throttles.locked_until IS NOT NULL AND auth.throttles.locked_until <= now())
          THEN now() ELSE auth.throttles.window_start END`,
        locked_until: sql<Date | null>`CASE WHEN auth.throttles.locked_until <= now()
          THEN NULL ELSE auth.throttles.locked_until END`,
        last_failure_at: sql<Date>`now()`,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
}

/** Locks the key for `minutes` from now; returns until when. */
export async function lockThrottle(tx: Tx, key: string, minutes: number): Promise<Date | null> {
  const locked = await tx
    .updateTable('auth.throttles')
    .set({ locked_until: sql<Date>`now() + make_interval(mins => ${minutes})` as never })
    .where('key', '=', key)
    .returning('locked_until')
    .executeTakeFirstOrThrow();
  return locked.locked_until;
}

export async function deleteThrottle(tx: Tx, key: string): Promise<void> {
  await tx.deleteFrom('auth.throttles').where('key', '=', key).execute();
}

/** Deletes counters whose last failure and lock are both before the cutoffs (housekeeping). */
export async function deleteSpentThrottles(tx: Tx, failureCutoff: Date, now: Date): Promise<number> {
  const r = await tx
    .deleteFrom('auth.throttles')
    .where((eb) =>
      eb.and([
        eb.or([eb('last_failure_at', 'is', null), eb('last_failure_at', '<', failureCutoff)]),
        eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
