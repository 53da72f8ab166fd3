import type { FastifyInstance } from 'fastify';
import { defineCsvRoute, defineGetRoute } from '../../platform/http/list-route.js';
import type { RouteDeps } from '../../platform/http/route.js';
import { AnalyticsSummary, RangeQuery } from './analytics.schema.js';
import { analyticsSummary, exportAnalyticsCsv } from './analytics.service.js';

const tags = ['analytics'];
const access = { permission: 'analytics:view' } as const;

/** The console's visitor statistics (アクセス解析): summary for the dashboard and CSV export. */
export function registerAnalyticsRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineGetRoute(app, deps, {
    url: '/api/v1/analytics/summary',
    access,
    scope: 'tenant',
    noStore: true,
    summary: 'Page views and visitors of the public site per day, top spots and events, breakdowns',
    tags,
    query: RangeQuery,
    item: AnalyticsSummary,
    get: (ctx, _params, query) => analyticsSummary(ctx, query),
  });

  defineCsvRoute(app, deps, {
    url: '/api/v1/analytics/export.csv',
    access,
    scope: 'tenant',
    summary: 'Export daily page-view rows as CSV (UTF-8 with BOM)',
    tags,
    query: RangeQuery,
    csv: async (ctx, query) => {
      const { csv, from, to } = await exportAnalyticsCsv(ctx, query);
      return { name: `analytics-${ctx.org.serviceCode}-${from}-${to}.csv`, csv };
    },
  });
}
