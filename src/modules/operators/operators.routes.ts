import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import {
  approveOperatorReset,
  declineOperatorReset,
  inviteOperator,
  listOperatorAccounts,
  type OperatorMail,
  reactivateOperator,
  requestOperatorReset,
  setOperatorRights,
  suspendOperator,
} from './operator-management.service.js';
import {
  InviteOperatorInput,
  Operator,
  OperatorId,
  OperatorOverview,
  ResetRequest,
  ResetRequestInput,
  RightsInput,
} from './operators.schema.js';
import { describeOperator } from './operators.service.js';

const manage = { permission: 'ops:operators' } as const;
const tags = ['operations'];

/** The signed-in operator, and operator management (運用担当者の管理, ops:operators). */
export function registerOperatorRoutes(app: FastifyInstance, deps: RouteDeps & { mail: OperatorMail }): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/me',
    access: { account: 'operator' },
    scope: 'provider',
    noStore: true,
    schema: {
      summary: 'The signed-in operator and the rights they hold',
      tags,
      response: {
        200: Type.Object({
          operator: Type.Object({
            id: Type.String(),
            name: Type.String(),
            email: Type.String(),
            totpEnabled: Type.Boolean(),
            rights: Type.Array(Type.String()),
          }),
        }),
      },
    },
    async handler(ctx) {
      return describeOperator(ctx);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/operators',
    access: manage,
    scope: 'provider',
    noStore: true,
    schema: {
      summary: 'Every operator with their rights, the rights there are, and reset requests',
      tags,
      response: { 200: OperatorOverview },
    },
    async handler(ctx) {
      return listOperatorAccounts(ctx);
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/operators',
    access: manage,
    scope: 'provider',
    schema: {
      summary: 'Invite an operator by mail with the rights given (two-factor set-up at first sign-in)',
      tags,
      body: InviteOperatorInput,
      response: { 201: Operator },
    },
    async handler(ctx, input, _request, reply) {
      const operator = await inviteOperator(ctx, deps.mail, input.body);
      reply.code(201);
      return operator;
    },
  });

  defineRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/ops/operators/:id/rights',
    access: manage,
    scope: 'provider',
    schema: {
      summary: "Set an operator's rights (their sessions end)",
      tags,
      params: OperatorId,
      body: RightsInput,
      response: { 200: Operator },
    },
    async handler(ctx, input) {
      return setOperatorRights(ctx, input.params.id, input.body);
    },
  });

  for (const [action, operation, summary] of [
    ['suspend', suspendOperator, 'Suspend an operator (their sessions end)'],
    ['reactivate', reactivateOperator, 'Reactivate a suspended operator'],
  ] as const) {
    defineRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/ops/operators/:id/${action}`,
      access: manage,
      scope: 'provider',
      schema: { summary, tags, params: OperatorId, response: { 200: Operator } },
      async handler(ctx, input) {
        return operation(ctx, input.params.id);
      },
    });
  }

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/operators/:id/reset-requests',
    access: manage,
    scope: 'provider',
    schema: {
      summary: "Ask for a colleague's password or two-factor reset (a second operator approves)",
      tags,
      params: OperatorId,
      body: ResetRequestInput,
      response: { 201: ResetRequest },
    },
    async handler(ctx, input, _request, reply) {
      const request = await requestOperatorReset(ctx, input.params.id, input.body);
      reply.code(201);
      return request;
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/operator-resets/:id/approve',
    access: manage,
    scope: 'provider',
    schema: {
      summary: 'Approve a reset (not the one who asked, not the one it concerns); it is carried out at once',
      tags,
      params: OperatorId,
      response: { 200: ResetRequest },
    },
    async handler(ctx, input) {
      return approveOperatorReset(ctx, deps.mail, input.params.id);
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/operator-resets/:id/decline',
    access: manage,
    scope: 'provider',
    schema: {
      summary: "Refuse a reset request (or withdraw one's own)",
      tags,
      params: OperatorId,
      response: { 200: ResetRequest },
    },
    async handler(ctx, input) {
      return declineOperatorReset(ctx, input.params.id);
    },
  });
}
