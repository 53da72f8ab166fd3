import type { FastifyInstance } from 'fastify';
import { defineChangeRoute, defineGetRoute, defineListRoute } from '../../platform/http/list-route.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import {
  Incident,
  IncidentId,
  IncidentReportInput,
  IncidentUpdateInput,
  NewIncidentInput,
  OpsIncident,
  ProviderStatus,
} from './incidents.schema.js';
import {
  getOpsIncident,
  getOwnIncident,
  listOpsIncidents,
  listOwnIncidents,
  openIncident,
  providerStatus,
  publishIncidentReport,
  updateIncident,
} from './incidents.service.js';
import { renderStatusPage } from './status-page.js';

const ops = { permission: 'ops:incidents' } as const;
const tags = ['incidents'];

/** Incidents: operators open and update them; affected organisations follow them; /status is public. */
export function registerIncidentRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/incidents',
    access: ops,
    scope: 'provider',
    summary: 'Open an incident with its first update; the affected admins are mailed (operators)',
    tags,
    body: NewIncidentInput,
    item: OpsIncident,
    created: true,
    change: (ctx, input) => openIncident(ctx, input.body),
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/incidents/:id/updates',
    access: ops,
    scope: 'provider',
    summary: 'Add a timeline update (investigating → identified → monitoring → resolved) (operators)',
    tags,
    params: IncidentId,
    body: IncidentUpdateInput,
    item: OpsIncident,
    change: (ctx, input) => updateIncident(ctx, input.params.id, input.body),
  });

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/ops/incidents/:id/report',
    access: ops,
    scope: 'provider',
    summary: 'Publish the post-incident report of a resolved incident (operators)',
    tags,
    params: IncidentId,
    body: IncidentReportInput,
    item: OpsIncident,
    change: (ctx, input) => publishIncidentReport(ctx, input.params.id, input.body),
  });

  defineListRoute(app, deps, {
    url: '/api/v1/ops/incidents',
    access: ops,
    scope: 'provider',
    summary: 'Every incident, newest first, with its timeline (operators)',
    tags,
    item: OpsIncident,
    list: listOpsIncidents,
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/ops/incidents/:id',
    access: ops,
    scope: 'provider',
    summary: 'An incident (operators)',
    tags,
    params: IncidentId,
    item: OpsIncident,
    get: (ctx, params) => getOpsIncident(ctx, params.id),
  });

  defineListRoute(app, deps, {
    url: '/api/v1/incidents',
    access: { account: 'user' },
    scope: 'tenant',
    summary: 'The incidents that affect my organisation, newest first, with their timelines',
    tags,
    item: Incident,
    list: listOwnIncidents,
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/incidents/:id',
    access: { account: 'user' },
    scope: 'tenant',
    summary: 'An incident that affects my organisation',
    tags,
    params: IncidentId,
    item: Incident,
    get: (ctx, params) => getOwnIncident(ctx, params.id),
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/status',
    access: { public: true },
    scope: 'provider',
    summary: "The provider's status: open incidents and planned maintenance (no organisation named)",
    tags,
    item: ProviderStatus,
    get: providerStatus,
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/status',
    access: { public: true },
    scope: 'provider',
    schema: { summary: 'The status page (稼働状況), HTML', tags, hide: true, produces: ['text/html'] },
    async handler(ctx, _input, _request, reply) {
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache');
      return renderStatusPage(await providerStatus(ctx));
    },
  });
}
