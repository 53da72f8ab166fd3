import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { Type } from 'typebox';
import type { Database } from '../../db/database.js';
import { pendingMigrations } from '../../db/migrate.js';
import { Errors } from '../../platform/http/errors.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { type ReadinessCheck, runReadinessChecks } from '../../platform/observability/readiness.js';

/** Clock skew between this node and the database above which /readyz says the clock is not ok. */
const MAX_CLOCK_SKEW_MS = 2000;

export function databaseChecks(db: Database): ReadinessCheck[] {
  return [
    {
      name: 'database',
      async check() {
        const before = Date.now();
        await db.pool.query('SELECT 1');
        return { ok: true, kind: db.kind, latencyMs: Date.now() - before };
      },
    },
    {
      name: 'migrations',
      async check() {
        const pending = await pendingMigrations(db);
        return { ok: pending.length === 0, pending };
      },
    },
  ];
}

function clockCheck(db: Database): ReadinessCheck {
  return {
    name: 'clock',
    async check() {
      const before = Date.now();
      const { rows } = await db.pool.query<{ now: Date }>('SELECT now() AS now');
      const after = Date.now();
      const skewMs = Math.round(rows[0]!.now.getTime() - (before + after) / 2);
      // A.12.4.4: log timestamps are UTC from the system clock; drift against the database shows it.
      return {
        ok: Math.abs(skewMs) <= MAX_CLOCK_SKEW_MS,
        utc: new Date().toISOString(),
        timezone: 'UTC',
        databaseSkewMs: skewMs,
      };
    },
  };
}

const HealthBody = Type.Object({
  status: Type.Literal('ok'),
  uptimeSeconds: Type.Number(),
  time: Type.String(),
});
const ReadyBody = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Record(Type.String(), Type.Object({ ok: Type.Boolean() }, { additionalProperties: true })),
});

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { registry: Registry; metricsToken: string | undefined; extraChecks: ReadinessCheck[] },
): void {
  const checks = [...databaseChecks(deps.db), clockCheck(deps.db), ...deps.extraChecks];

  defineRoute(app, deps, {
    method: 'GET',
    url: '/healthz',
    access: { public: true },
    scope: 'none',
    schema: { summary: 'Liveness: the process is up', tags: ['health'], response: { 200: HealthBody } },
    async handler(_ctx, _input, _request, reply) {
      reply.header('cache-control', 'no-store');
      return {
        status: 'ok' as const,
        uptimeSeconds: Math.round(process.uptime()),
        time: new Date().toISOString(),
      };
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/readyz',
    access: { public: true },
    scope: 'none',
    schema: {
      summary: 'Readiness: database reachable, migrations applied, clock in sync',
      tags: ['health'],
      response: { 200: ReadyBody, 503: ReadyBody },
    },
    async handler(_ctx, _input, _request, reply) {
      const result = await runReadinessChecks(checks);
      reply.header('cache-control', 'no-store');
      reply.code(result.ready ? 200 : 503);
      return result;
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/metrics',
    access: { public: true },
    scope: 'none',
    schema: {
      summary: 'Prometheus metrics (bearer token when METRICS_TOKEN is set)',
      tags: ['health'],
      produces: ['text/plain'],
    },
    async handler(_ctx, _input, request, reply) {
      if (deps.metricsToken) {
        const given = Buffer.from(request.headers.authorization ?? '');
        const expected = Buffer.from(`Bearer ${deps.metricsToken}`);
        if (given.length !== expected.length || !timingSafeEqual(given, expected))
          throw Errors.unauthenticated();
      }
      reply.header('cache-control', 'no-store').type(deps.registry.contentType);
      return deps.registry.metrics();
    },
  });
}
