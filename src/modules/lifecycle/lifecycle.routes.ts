import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { attachmentNotCached } from '../../platform/http/cache.js';
import { defineGetRoute, defineListRoute } from '../../platform/http/list-route.js';
import { defineRoute } from '../../platform/http/route.js';
import type { ModuleDeps } from '../app-module.js';
import { ServiceCode } from '../organisations/index.js';
import { Lifecycle, PurgeInput, SuspendInput, TerminateInput } from './lifecycle.schema.js';
import {
  getDeletionCertificate,
  getOrganisationLifecycle,
  getOwnContract,
  lifecycleDepsOf,
  listOrganisationLifecycles,
  resumeOrganisation,
  runPurge,
  startPurge,
  suspendOrganisation,
  terminateOrganisation,
} from './lifecycle.service.js';

const tags = ['operations'];
const ops = { permission: 'ops:organisations' } as const;
const Params = Type.Object({ serviceCode: ServiceCode });

/** Contract lifecycle: operators suspend, resume, terminate and purge; admins see their contract. */
export function registerLifecycleRoutes(app: FastifyInstance, moduleDeps: ModuleDeps): void {
  const deps = { ...moduleDeps, ...lifecycleDepsOf(moduleDeps) };
  defineListRoute(app, deps, {
    url: '/api/v1/ops/lifecycle',
    access: ops,
    scope: 'provider',
    summary: "Every organisation's contract lifecycle (operators)",
    tags,
    item: Lifecycle,
    list: listOrganisationLifecycles,
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/ops/organisations/:serviceCode/lifecycle',
    access: ops,
    scope: 'provider',
    summary: "An organisation's lifecycle (operators)",
    tags,
    params: Params,
    item: Lifecycle,
    get: (ctx, params) => getOrganisationLifecycle(ctx, params.serviceCode),
  });

  for (const [action, operation, body] of [
    ['suspend', suspendOrganisation, SuspendInput],
    ['resume', resumeOrganisation, SuspendInput],
    ['terminate', terminateOrganisation, TerminateInput],
  ] as const) {
    defineRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/ops/organisations/:serviceCode/${action}`,
      access: ops,
      scope: 'provider',
      transaction: 'lazy',
      schema: {
        summary: `${action[0]?.toUpperCase()}${action.slice(1)} an organisation (operators)`,
        tags,
        params: Params,
        body,
        response: { 200: Lifecycle },
      },
      async handler(ctx, input) {
        const code = input.params.serviceCode;
        const lifecycle = await ctx.transaction((tx) => operation(tx, deps, code, input.body));
        // Once committed: no node may keep serving the organisation's cached pages or look-up.
        await deps.invalidate(code);
        return lifecycle;
      },
    });
  }

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/organisations/:serviceCode/purge',
    access: ops,
    scope: 'provider',
    transaction: 'lazy',
    schema: {
      summary: 'Purge a terminated organisation now, confirmed by typing its service code (operators)',
      tags,
      params: Params,
      body: PurgeInput,
      response: { 200: Lifecycle },
    },
    async handler(ctx, input) {
      const code = input.params.serviceCode;
      await ctx.transaction((tx) => startPurge(tx, code, input.body));
      // The steps run outside the request's transaction, each committing its own progress.
      await runPurge(ctx, deps, code);
      return ctx.transaction((tx) => getOrganisationLifecycle(tx, code));
    },
  });

  for (const format of ['json', 'pdf'] as const) {
    defineRoute(app, deps, {
      method: 'GET',
      url: `/api/v1/ops/organisations/:serviceCode/deletion-certificate.${format}`,
      access: ops,
      scope: 'provider',
      schema: {
        summary: `The signed deletion certificate (削除証明書) as ${format.toUpperCase()} (operators)`,
        tags,
        params: Params,
        produces: [format === 'json' ? 'application/json' : 'application/pdf'],
      },
      async handler(ctx, input, _request, reply) {
        const code = input.params.serviceCode;
        const file = await getDeletionCertificate(ctx, code, format);
        attachmentNotCached(
          reply,
          format === 'json' ? 'application/json; charset=utf-8' : 'application/pdf',
          `deletion-certificate-${code}.${format}`,
        );
        return file;
      },
    });
  }

  defineGetRoute(app, deps, {
    url: '/api/v1/contract',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    summary: "The organisation's contract: dates, status and, after its end, the purge date (admins)",
    tags: ['organisation'],
    item: Lifecycle,
    get: getOwnContract,
  });
}
