import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { defineChangeRoute, defineListRoute } from '../../platform/http/list-route.js';
import type { UserRouteDeps } from '../users/index.js';
import {
  Organisation,
  ProvisionWithAdminInput,
  ServiceCode,
  SiteDomainInput,
} from './organisation.schema.js';
import {
  listAllOrganisations,
  provisionOrganisationWithAdmin,
  setSiteDomain,
} from './organisation.service.js';

/** Provider operators' organisation registry (運営担当者). Never organisation content. */
export function registerOrganisationRoutes(app: FastifyInstance, deps: UserRouteDeps): void {
  defineListRoute(app, deps, {
    url: '/api/v1/ops/organisations',
    access: { permission: 'ops:organisations' },
    scope: 'provider',
    summary: 'List organisations (operators)',
    tags: ['operations'],
    item: Organisation,
    list: listAllOrganisations,
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/organisations',
    access: { permission: 'ops:organisations' },
    scope: 'provider',
    summary: 'Provision an organisation (operators)',
    tags: ['operations'],
    body: ProvisionWithAdminInput,
    item: Organisation,
    created: true,
    change: (ctx, input) => provisionOrganisationWithAdmin(ctx, deps.mail, input.body),
  });

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/ops/organisations/:serviceCode/site-domain',
    access: { permission: 'ops:organisations' },
    scope: 'provider',
    summary: "Set or remove the organisation's own domain for its public site (operators)",
    tags: ['operations'],
    params: Type.Object({ serviceCode: ServiceCode }),
    body: SiteDomainInput,
    item: Organisation,
    change: (ctx, input) =>
      setSiteDomain(
        ctx,
        input.params.serviceCode,
        input.body.siteDomain,
        new URL(deps.mail.baseUrl).hostname,
      ),
  });
}
