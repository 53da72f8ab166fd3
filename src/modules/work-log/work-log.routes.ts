import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { Gauge } from 'prom-client';
import { Type } from 'typebox';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
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
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/work-log',
    access: review,
    scope: 'provider',
    noStore: true,
    schema: {
      summary: "Operators' actions, newest first (filters: operator, action, organisation, days in JST)",
      tags,
      querystring: WorkLogQuery,
      response: {
        200: Type.Object({
          items: Type.Array(WorkLogEntry),
          nextBefore: Type.Union([Type.Integer(), Type.Null()]),
        }),
      },
    },
    async handler(ctx, input) {
      return searchWorkLog(ctx, input.query);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/work-log.csv',
    access: review,
    scope: 'provider',
    schema: {
      summary: "Export operators' actions as CSV (UTF-8 with BOM, formula-safe)",
      tags,
      querystring: WorkLogQuery,
      produces: ['text/csv'],
    },
    async handler(ctx, input, _request, reply) {
      const csv = await exportWorkLog(ctx, input.query);
      reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="work-log-${new Date().toISOString().slice(0, 10)}.csv"`,
        )
        .header('cache-control', 'no-store');
      return csv;
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/work-log/reviews',
    access: review,
    scope: 'provider',
    noStore: true,
    schema: {
      summary: 'Sign-offs so far and the days overdue for review',
      tags,
      response: { 200: ReviewStatus },
    },
    async handler(ctx) {
      return workLogReviewStatus(ctx, deps.config.workLogReviewDays);
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/work-log/reviews',
    access: review,
    scope: 'provider',
    schema: {
      summary: 'Sign off a period (whole days, JST) with a comment; never one holding your own actions',
      tags,
      body: SignOffInput,
      response: {
        201: Type.Object({
          id: Type.String(),
          firstDay: Type.String(),
          lastDay: Type.String(),
          actions: Type.Integer(),
        }),
      },
    },
    async handler(ctx, input, _request, reply) {
      const done = await signOffWorkLog(ctx, input.body);
      reply.code(201);
      return done;
    },
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
