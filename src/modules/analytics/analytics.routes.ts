import type { FastifyInstance } from 'fastify';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { AnalyticsSummary, RangeQuery } from './analytics.schema.js';
import { analyticsSummary, exportAnalyticsCsv } from './analytics.service.js';

const tags = ['analytics'];
const access = { permission: 'analytics:view' } as const;

/** The console's visitor statistics (アクセス解析): summary for the dashboard and CSV export. */
export function registerAnalyticsRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/analytics/summary',
    access,
    scope: 'tenant',
    noStore: true,
    schema: {
      summary: 'Page views and visitors of the public site per day, top spots and events, breakdowns',
      tags,
      querystring: RangeQuery,
      response: { 200: AnalyticsSummary },
    },
    async handler(ctx, input) {
      return analyticsSummary(ctx, input.query);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/analytics/export.csv',
    access,
    scope: 'tenant',
    schema: {
      summary: 'Export daily page-view rows as CSV (UTF-8 with BOM)',
      tags,
      querystring: RangeQuery,
      produces: ['text/csv'],
    },
    async handler(ctx, input, _request, reply) {
      const { csv, from, to } = await exportAnalyticsCsv(ctx, input.query);
      reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="analytics-${ctx.org.serviceCode}-${from}-${to}.csv"`,
        )
        .header('cache-control', 'no-store');
      return csv;
    },
  });
}
