import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { SERVICE_CODE_PATTERN } from '../../db/scope.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { listQuarantine } from './quarantine.service.js';

const QuarantinedFile = Type.Object({
  id: Type.String(),
  org: Type.String(),
  orgNameJa: Type.String(),
  orgNameEn: Type.String(),
  originalName: Type.String(),
  sizeBytes: Type.Number(),
  signature: Type.String(),
  /** The uploading account's id (its organisation's admins were mailed its name). */
  uploaderId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export function registerQuarantineRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/quarantine',
    access: { permission: 'ops:quarantine' },
    scope: 'provider',
    noStore: true,
    schema: {
      summary: 'Infected uploads kept in quarantine, newest first (operators; audited, no download)',
      tags: ['operations'],
      querystring: Type.Object({
        org: Type.Optional(Type.String({ pattern: SERVICE_CODE_PATTERN.source })),
      }),
      response: { 200: Type.Object({ items: Type.Array(QuarantinedFile), limit: Type.Number() }) },
    },
    async handler(ctx, input) {
      return listQuarantine(ctx, input.query.org);
    },
  });
}
