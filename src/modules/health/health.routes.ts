import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { Type } from 'typebox';
import type { Database } from '../../db/database.js';
import { pendingMigrations } from '../../db/migrate.js';
import { Errors } from '../../platform/errors.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { cachedReadiness, type ReadinessCheck } from '../../platform/observability/readiness.js';

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
  checks: Type.Optional(
    Type.Record(Type.String(), Type.Object({ ok: Type.Boolean() }, { additionalProperties: true })),
  ),
});

/**
 * Whether the request may see operating details (/metrics, the checks behind /readyz): with
 * METRICS_TOKEN set (always in production) only with `Authorization: Bearer <token>`.
 */
function mayReadDetails(metricsToken: string | undefined, authorization: string | undefined): boolean {
  if (!metricsToken) return true;
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${metricsToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function registerHealthRoutes(
  app: FastifyInstance,
  deps: RouteDeps & { registry: Registry; metricsToken: string | undefined; extraChecks: ReadinessCheck[] },
): void {
  const readiness = cachedReadiness([...databaseChecks(deps.db), clockCheck(deps.db), ...deps.extraChecks]);

  defineRoute(app, deps, {
    method: 'GET',
    url: '/healthz',
    access: { public: true },
    scope: 'none',
    noStore: true,
    schema: { summary: 'Liveness: the process is up', tags: ['health'], response: { 200: HealthBody } },
    async handler() {
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
    noStore: true,
    schema: {
      summary:
        'Readiness: database reachable, migrations applied, clock in sync (each check with the METRICS_TOKEN bearer token)',
      tags: ['health'],
      response: { 200: ReadyBody, 503: ReadyBody },
    },
    async handler(_ctx, _input, request, reply) {
      const result = await readiness();
      if (!result.ready) reply.code(503).header('retry-after', '5');
      // Anyone (a load balancer) learns ready or not; versions, latencies and errors need the token.
      return mayReadDetails(deps.metricsToken, request.headers.authorization)
        ? result
        : { ready: result.ready };
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/metrics',
    access: { public: true },
    scope: 'none',
    noStore: true,
    schema: {
      summary: 'Prometheus metrics (bearer METRICS_TOKEN; required in production)',
      tags: ['health'],
      produces: ['text/plain'],
    },
    async handler(_ctx, _input, request, reply) {
      if (!mayReadDetails(deps.metricsToken, request.headers.authorization)) throw Errors.unauthenticated();
      reply.type(deps.registry.contentType);
      return deps.registry.metrics();
    },
  });
}
