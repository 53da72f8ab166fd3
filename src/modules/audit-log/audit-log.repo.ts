import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';
import type { AuditQuery } from './audit-log.schema.js';

/**
 * The audit log as its organisation's admins read it: events of the organisation's chain with
 * the acting account's name, and usage per account. Appends and verification are
 * platform/audit/audit.repo.ts's; the names come from `tenant.users` (read only).
 */

/** One page of events matching the filters, newest first; one more row than `limit` tells of a next page. */
export async function listAuditEvents(tx: Tx, code: string, query: AuditQuery, limit: number) {
  let q = tx
    .selectFrom('audit.events as e')
    .leftJoin('tenant.users as u', (join) =>
      join.onRef('u.org', '=', 'e.org').on(sql<boolean>`u.id::text = e.actor_id`),
    )
    .select([
      'e.seq',
      'e.at',
      'e.actor_type',
      'e.actor_id',
      'u.name as actor_name',
      'e.action',
      'e.target_type',
      'e.target_id',
      'e.ip',
      'e.outcome',
      'e.details',
    ])
    .where('e.chain', '=', code);
  if (query.from) q = q.where('e.at', '>=', new Date(query.from));
  if (query.to) q = q.where('e.at', '<', new Date(query.to));
  if (query.action) {
    q = query.action.endsWith('.')
      ? q.where('e.action', 'like', `${query.action.replace(/[%_]/g, '\\$&')}%`)
      : q.where('e.action', '=', query.action);
  }
  if (query.actorId) q = q.where('e.actor_id', '=', query.actorId);
  if (query.outcome) q = q.where('e.outcome', '=', query.outcome);
  if (query.before) q = q.where('e.seq', '<', query.before);
  const rows = await q
    .orderBy('e.seq', 'desc')
    .limit(limit + 1)
    .execute();
  return rows;
}

/** Every account with its sign-ins, failed sign-ins and changes since `since`. */
export async function listAccountUsage(tx: Tx, code: string, since: Date) {
  const counts = tx
    .selectFrom('audit.events')
    .select([
      'actor_id',
      sql<number>`count(*) FILTER (WHERE action = 'auth.sign_in' AND outcome = 'success')::int`.as(
        'sign_ins',
      ),
      sql<number>`count(*) FILTER (WHERE outcome = 'success' AND action NOT LIKE 'auth.%' AND action NOT LIKE 'http.%')::int`.as(
        'changes',
      ),
    ])
    .where('chain', '=', code)
    .where('at', '>=', since)
    .groupBy('actor_id')
    .as('c');
  const failures = tx
    .selectFrom('audit.events')
    .select(['target_id', sql<number>`count(*)::int`.as('failed')])
    .where('chain', '=', code)
    .where('at', '>=', since)
    .where('action', '=', 'auth.sign_in')
    .where('outcome', '=', 'failure')
    .groupBy('target_id')
    .as('f');
  const rows = await tx
    .selectFrom('tenant.users as u')
    .leftJoin(counts, (join) => join.on(sql<boolean>`c.actor_id = u.id::text`))
    .leftJoin(failures, (join) => join.on(sql<boolean>`f.target_id = u.id::text`))
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.role',
      'u.status',
      'u.last_sign_in_at',
      'c.sign_ins',
      'c.changes',
      'f.failed',
    ])
    .where('u.org', '=', code)
    .where('u.status', '<>', 'deleted')
    .orderBy('u.name')
    .execute();
  return rows;
}
