import type { FastifyInstance } from 'fastify';
import { audit } from '../../platform/audit/audit.js';
import { defineCsvRoute, defineListRoute, pageOf } from '../../platform/http/list-route.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { AuditEvent, AuditQuery, UsageRow } from './audit-log.schema.js';
import { exportAuditEvents, searchAuditEvents, usageStatus } from './audit-log.service.js';

const tags = ['audit'];
const access = { permission: 'logs:manage' } as const;

/** The admin's log viewer and usage status (監査ログ / 利用状況). */
export function registerAuditLogRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/audit/events',
    access,
    scope: 'tenant',
    noStore: true,
    schema: {
      summary: 'The organisation’s audit log, newest first',
      tags,
      querystring: AuditQuery,
      response: { 200: pageOf(AuditEvent) },
    },
    async handler(ctx, input) {
      const page = await searchAuditEvents(ctx, input.query);
      // Reading the log is itself recorded (A.18.1.3), except paging on from the first page.
      if (!input.query.before)
        await audit(ctx, { action: 'audit.viewed', details: { filters: input.query } });
      return page;
    },
  });

  defineCsvRoute(app, deps, {
    url: '/api/v1/audit/events.csv',
    access,
    scope: 'tenant',
    summary: 'Export the audit log as CSV (UTF-8 with BOM)',
    tags,
    query: AuditQuery,
    csv: async (ctx, query) => ({
      csv: await exportAuditEvents(ctx, query),
      name: `audit-${ctx.org.serviceCode}-${new Date().toISOString().slice(0, 10)}.csv`,
    }),
  });

  defineListRoute(app, deps, {
    url: '/api/v1/audit/usage',
    access,
    scope: 'tenant',
    summary: 'Usage status of every account, last 30 days',
    tags,
    item: UsageRow,
    noStore: true,
    list: usageStatus,
  });
}
