import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { defineChangeRoute, defineGetRoute, defineListRoute } from '../../platform/http/list-route.js';
import type { ModuleDeps } from '../app-module.js';
import { ServiceCode } from '../organisations/index.js';
import { OrganisationUsage, QuotaInput } from './capacity.schema.js';
import {
  getOrganisationUsage,
  getOwnUsage,
  listOrganisationUsage,
  setStorageQuota,
} from './capacity.service.js';
import { installCapacityMetrics } from './capacity-metrics.js';
import { ApiRequestCounter, installApiRequestCounting } from './request-counter.js';

const tags = ['operations'];
const ops = { permission: 'ops:capacity' } as const;
const Params = Type.Object({ serviceCode: ServiceCode });
/** API request counts reach the database this often (and at shutdown). */
const FLUSH_INTERVAL_MS = 60_000;

/** Capacity (A.12.1.3): operators see every organisation's figures and set quotas; admins their own. */
export function registerCapacityRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const counter = new ApiRequestCounter(deps.db);
  installApiRequestCounting(app, counter);
  app.addHook('onReady', async () => counter.start(FLUSH_INTERVAL_MS, deps.log));
  app.addHook('onClose', async () => {
    counter.stop();
    await counter
      .flush()
      .catch((error: unknown) =>
        deps.log.warn({ error: String(error) }, 'API request counts lost at shutdown'),
      );
  });
  app.decorate('apiRequestCounter', counter);
  installCapacityMetrics(deps.registry, deps.db, { nameOrganisations: deps.metricsToken !== undefined });

  defineListRoute(app, deps, {
    url: '/api/v1/ops/capacity',
    access: ops,
    scope: 'provider',
    summary: "Every organisation's capacity figures with yesterday and today (operators)",
    tags,
    item: OrganisationUsage,
    list: listOrganisationUsage,
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/ops/organisations/:serviceCode/capacity',
    access: ops,
    scope: 'provider',
    noStore: true,
    summary:
      "An organisation's capacity figures: storage vs quota, items, users, media, the last 14 days (operators)",
    tags,
    params: Params,
    item: OrganisationUsage,
    get: (ctx, params) => getOrganisationUsage(ctx, params.serviceCode),
  });

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/ops/organisations/:serviceCode/quota',
    access: ops,
    scope: 'provider',
    summary: "Change an organisation's storage quota (operators; audited)",
    tags,
    params: Params,
    body: QuotaInput,
    item: OrganisationUsage,
    change: (ctx, input) => setStorageQuota(ctx, input.params.serviceCode, input.body),
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/usage',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    noStore: true,
    summary: "The organisation's own usage and storage quota (admins)",
    tags: ['organisation'],
    item: OrganisationUsage,
    get: (ctx) => getOwnUsage(ctx),
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This node's API request counts not yet written (tests flush it). */
    apiRequestCounter: ApiRequestCounter;
  }
}
