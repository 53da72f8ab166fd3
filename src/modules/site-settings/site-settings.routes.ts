import type { FastifyInstance } from 'fastify';
import { defineGetRoute } from '../../platform/http/list-route.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { SiteSettings, SiteSettingsInput } from './site-settings.schema.js';
import { getSiteSettings, updateSiteSettings } from './site-settings.service.js';

/** The public site's languages and theme (site settings right). */
export function registerSiteSettingsRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineGetRoute(app, deps, {
    url: '/api/v1/site/settings',
    access: { permission: 'site:view' },
    scope: 'tenant',
    summary: 'Public site languages and theme',
    tags: ['site'],
    item: SiteSettings,
    get: getSiteSettings,
  });

  defineRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/site/settings',
    access: { permission: 'site:edit' },
    scope: 'tenant',
    schema: {
      summary: 'Change the public site languages and theme (colours must meet WCAG 2.1 AA contrast)',
      tags: ['site'],
      body: SiteSettingsInput,
      response: { 200: SiteSettings },
    },
    handler: (ctx, input) => updateSiteSettings(ctx, input.body),
  });
}
