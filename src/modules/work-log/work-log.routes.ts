import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { Gauge } from 'prom-client';
import { Type } from 'typebox';
import { defineChangeRoute, defineCsvRoute, defineGetRoute, pageOf } from '../../platform/http/list-route.js';
import type { RouteDeps } from '../../platform/http/route.js';
import { ReviewStatus, SignOffInput, WorkLogEntry, WorkLogQuery } from './work-log.schema.js';
import {
  countOverdueDays,
  exportWorkLog,
  searchWorkLog,
  signOffWorkLog,
  workLogReviewStatus,
} from './work-log.service.js';

const review = { permission: 'ops:review' } as const;
const tags = ['operations'];

/** The operators' work log and its review (作業ログの確認, ops:review). */
export function registerWorkLogRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { config: { workLogReviewDays: number } },
): void {
  defineGetRoute(app, deps, {
    url: '/api/v1/ops/work-log',
    access: review,
    scope: 'provider',
    noStore: true,
    summary: "Operators' actions, newest first (filters: operator, action, organisation, days in JST)",
    tags,
    query: WorkLogQuery,
    item: pageOf(WorkLogEntry),
    get: (ctx, _params, query) => searchWorkLog(ctx, query),
  });

  defineCsvRoute(app, deps, {
    url: '/api/v1/ops/work-log.csv',
    access: review,
    scope: 'provider',
    summary: "Export operators' actions as CSV (UTF-8 with BOM, formula-safe)",
    tags,
    query: WorkLogQuery,
    csv: async (ctx, query) => ({
      csv: await exportWorkLog(ctx, query),
      name: `work-log-${new Date().toISOString().slice(0, 10)}.csv`,
    }),
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/ops/work-log/reviews',
    access: review,
    scope: 'provider',
    noStore: true,
    summary: 'Sign-offs so far and the days overdue for review',
    tags,
    item: ReviewStatus,
    get: (ctx) => workLogReviewStatus(ctx, deps.config.workLogReviewDays),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/work-log/reviews',
    access: review,
    scope: 'provider',
    summary: 'Sign off a period (whole days, JST) with a comment; never one holding your own actions',
    tags,
    body: SignOffInput,
    item: Type.Object({
      id: Type.String(),
      firstDay: Type.String(),
      lastDay: Type.String(),
      actions: Type.Integer(),
    }),
    created: true,
    change: (ctx, input) => signOffWorkLog(ctx, input.body),
  });
}

/** mitte_work_log_overdue_days: days of operators' work not reviewed in time (no labels). */
export function installWorkLogMetrics(
  registry: Registry,
  deps: RouteDeps & { config: { workLogReviewDays: number } },
): void {
  new Gauge({
    name: 'mitte_work_log_overdue_days',
    help: `Days of operators' actions not reviewed within ${deps.config.workLogReviewDays} days (A.12.4.3)`,
    registers: [registry],
    async collect() {
      this.set(await countOverdueDays(deps.db, deps.config.workLogReviewDays));
    },
  });
}
