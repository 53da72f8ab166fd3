import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { describeOperator } from './operators.service.js';

export function registerOperatorRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/me',
    access: { account: 'operator' },
    scope: 'provider',
    noStore: true,
    schema: {
      summary: 'The signed-in operator',
      tags: ['operations'],
      response: {
        200: Type.Object({
          operator: Type.Object({
            id: Type.String(),
            name: Type.String(),
            email: Type.String(),
            totpEnabled: Type.Boolean(),
          }),
        }),
      },
    },
    async handler(ctx) {
      return describeOperator(ctx);
    },
  });
}
