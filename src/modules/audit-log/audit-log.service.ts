import { sql } from 'kysely';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { spreadsheetCsv } from '../../platform/http/csv.js';
import type { AuditEvent, AuditQuery } from './audit-log.schema.js';

/** The organisation's own audit events, newest first (A.12.4.1: admins check their users' logs). */
export async function searchAuditEvents(
  ctx: TenantContext,
  query: AuditQuery,
): Promise<{ items: AuditEvent[]; nextBefore: number | null }> {
  ctx.require('logs:manage');
  const code = ctx.scope.org;
  const limit = query.limit ?? 100;
  let q = ctx.tx
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
  const items = rows.slice(0, limit).map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    outcome: r.outcome,
    details: r.details,
  }));
  return { items, nextBefore: rows.length > limit ? (items.at(-1)?.seq ?? null) : null };
}

const CSV_HEADER = [
  '日時(UTC) / time',
  '操作者種別 / actor type',
  '操作者ID / actor id',
  '操作者名 / actor name',
  '操作 / action',
  '対象種別 / target type',
  '対象ID / target id',
  'IPアドレス / IP',
  '結果 / outcome',
  '詳細 / details',
];

/** CSV (UTF-8 with BOM, for Excel) of up to 100,000 events matching the query; the export is audited. */
export async function exportAuditEvents(ctx: TenantContext, query: AuditQuery): Promise<string> {
  ctx.require('logs:manage');
  const rows: unknown[][] = [];
  let before = query.before;
  let exported = 0;
  for (;;) {
    const page = await searchAuditEvents(ctx, { ...query, limit: 500, ...(before ? { before } : {}) });
    for (const e of page.items) {
      rows.push([
        e.at,
        e.actorType,
        e.actorId,
        e.actorName,
        e.action,
        e.targetType,
        e.targetId,
        e.ip,
        e.outcome,
        e.details,
      ]);
    }
    exported += page.items.length;
    if (!page.nextBefore || exported >= 100_000) break;
    before = page.nextBefore;
  }
  await audit(ctx, { action: 'audit.exported', details: { filters: query, rows: exported } });
  return spreadsheetCsv(CSV_HEADER, rows);
}

/** Usage status of every account over the last 30 days (CLD.12.4.5). */
export async function usageStatus(ctx: TenantContext) {
  ctx.require('logs:manage');
  const code = ctx.scope.org;
  const since = new Date(Date.now() - 30 * 86400_000);
  const counts = ctx.tx
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
  const failures = ctx.tx
    .selectFrom('audit.events')
    .select(['target_id', sql<number>`count(*)::int`.as('failed')])
    .where('chain', '=', code)
    .where('at', '>=', since)
    .where('action', '=', 'auth.sign_in')
    .where('outcome', '=', 'failure')
    .groupBy('target_id')
    .as('f');
  const rows = await ctx.tx
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
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    status: r.status,
    lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
    signIns30d: r.sign_ins ?? 0,
    failedSignIns30d: r.failed ?? 0,
    changes30d: r.changes ?? 0,
  }));
}
