import type { FastifyInstance } from 'fastify';
import { Errors } from '../../platform/errors.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { Dashboard } from './dashboard.schema.js';
import { loadDashboard } from './dashboard.service.js';

/** The console's start page: what needs the signed-in person, section by section. */
export function registerDashboardRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/dashboard',
    access: { account: 'user' },
    scope: 'tenant',
    schema: {
      summary: 'My dashboard: reviews, drafts, schedules, gaps, colleagues’ changes, visitors, storage',
      description: 'Each section is present only when the account holds the right it needs.',
      tags: ['dashboard'],
      response: { 200: Dashboard },
    },
    async handler(ctx) {
      if (ctx.actor.type !== 'user') throw Errors.forbidden();
      return loadDashboard(ctx, ctx.actor.id);
    },
  });
}
