import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';

/**
 * Owner of `provider.work_log_reviews`; reader of the provider chain (`audit.events`, the
 * operators' own events: every operator action is appended there, with the organisation it
 * touched in its details) and of the operators' names (`provider.operators`).
 */

export interface ActionFilter {
  operatorId?: string;
  action?: string;
  organisation?: string;
  /** Instants: from inclusive, to exclusive. */
  from?: Date;
  to?: Date;
  before?: number;
}

/** The organisation an event touched: its target when that is one, else what audit() noted. */
const ORGANISATION = sql<
  string | null
>`CASE WHEN e.target_type = 'organisation' THEN e.target_id ELSE e.details->>'organisation' END`;

function operatorActions(tx: Tx, filter: ActionFilter) {
  let q = tx
    .selectFrom('audit.events as e')
    .leftJoin('provider.operators as o', (join) => join.on(sql<boolean>`o.id::text = e.actor_id`))
    // org IS NULL first: the index on (org, at) serves the provider chain's rows.
    .where('e.org', 'is', null)
    .where('e.chain', '=', '#provider')
    .where('e.actor_type', '=', 'operator');
  if (filter.operatorId) q = q.where('e.actor_id', '=', filter.operatorId);
  if (filter.action) {
    q = filter.action.endsWith('.')
      ? q.where('e.action', 'like', `${filter.action.replace(/[%_]/g, '\\$&')}%`)
      : q.where('e.action', '=', filter.action);
  }
  if (filter.organisation) q = q.where(ORGANISATION, '=', filter.organisation);
  if (filter.from) q = q.where('e.at', '>=', filter.from);
  if (filter.to) q = q.where('e.at', '<', filter.to);
  if (filter.before) q = q.where('e.seq', '<', filter.before);
  return q;
}

/** Up to `limit` + 1 operator actions matching the filter, newest first (the extra row tells of a next page). */
export async function listOperatorActions(tx: Tx, filter: ActionFilter, limit: number) {
  return operatorActions(tx, filter)
    .select([
      'e.seq',
      'e.at',
      'e.actor_id',
      'o.name as operator_name',
      'e.action',
      ORGANISATION.as('organisation'),
      'e.target_type',
      'e.target_id',
      'e.outcome',
      'e.ip',
      'e.details',
    ])
    .orderBy('e.seq', 'desc')
    .limit(limit + 1)
    .execute();
}

/** How many operator actions a period holds, and how many of them were the given operator's. */
export async function countOperatorActions(tx: Tx, from: Date, to: Date, operatorId: string) {
  const row = await operatorActions(tx, { from, to })
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE e.actor_id = ${operatorId})::int`.as('own'),
    ])
    .executeTakeFirstOrThrow();
  return { total: row.total, own: row.own };
}

/** Whether a sign-off already covers any day of the period. */
export async function reviewOverlaps(tx: Tx, firstDay: string, lastDay: string): Promise<boolean> {
  const row = await tx
    .selectFrom('provider.work_log_reviews')
    .select('id')
    .where('first_day', '<=', lastDay)
    .where('last_day', '>=', firstDay)
    .executeTakeFirst();
  return row !== undefined;
}

/** Serialises sign-offs, so two reviewers cannot sign off overlapping periods at the same moment. */
export async function lockReviews(tx: Tx): Promise<void> {
  // A transaction-scoped advisory lock: the app role may only read and insert the table.
  await sql`SELECT pg_advisory_xact_lock(hashtext('provider.work_log_reviews'))`.execute(tx);
}

export async function insertReview(
  tx: Tx,
  review: { firstDay: string; lastDay: string; reviewerId: string; comment: string; actions: number },
): Promise<string> {
  const row = await tx
    .insertInto('provider.work_log_reviews')
    .values({
      first_day: review.firstDay,
      last_day: review.lastDay,
      reviewer_id: review.reviewerId,
      comment: review.comment,
      actions: review.actions,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The latest sign-offs with their reviewers' names, newest period first. */
export async function listReviews(tx: Tx, limit: number) {
  return tx
    .selectFrom('provider.work_log_reviews as r')
    .innerJoin('provider.operators as o', 'o.id', 'r.reviewer_id')
    .select([
      'r.id',
      sql<string>`to_char(r.first_day, 'YYYY-MM-DD')`.as('first_day'),
      sql<string>`to_char(r.last_day, 'YYYY-MM-DD')`.as('last_day'),
      'r.reviewer_id',
      'o.name as reviewer_name',
      'r.comment',
      'r.actions',
      'r.reviewed_at',
    ])
    .orderBy('r.first_day', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Days (JST) with operator actions that ended before `cutoff` and that no sign-off covers, oldest
 * first, at most `limit` of them.
 */
export async function listUnreviewedDays(tx: Tx, cutoff: Date, limit: number) {
  const day = sql<string>`to_char((e.at AT TIME ZONE 'Asia/Tokyo')::date, 'YYYY-MM-DD')`;
  return operatorActions(tx, { to: cutoff })
    .select([day.as('day'), sql<number>`count(*)::int`.as('actions')])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('provider.work_log_reviews as r')
            .select('r.id')
            .where(sql<boolean>`(e.at AT TIME ZONE 'Asia/Tokyo')::date BETWEEN r.first_day AND r.last_day`),
        ),
      ),
    )
    .groupBy(day)
    .orderBy(day)
    .limit(limit)
    .execute();
}
