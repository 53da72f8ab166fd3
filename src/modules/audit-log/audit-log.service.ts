import { eventPage } from '../../contract/event-log.js';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { spreadsheetCsv } from '../../platform/http/csv.js';
import { listAccountUsage, listAuditEvents } from './audit-log.repo.js';
import type { AuditEvent, AuditQuery } from './audit-log.schema.js';

/** The organisation's own audit events, newest first (A.12.4.1: admins check their users' logs). */
export async function searchAuditEvents(
  ctx: TenantContext,
  query: AuditQuery,
): Promise<{ items: AuditEvent[]; nextBefore: number | null }> {
  ctx.require('logs:manage');
  const code = ctx.scope.org;
  const limit = query.limit ?? 100;
  const rows = await listAuditEvents(ctx.tx, code, query, limit);
  return eventPage(rows, limit, (r) => ({
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
  const rows = await listAccountUsage(ctx.tx, code, since);
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
