import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ProviderContext } from '../../platform/access/context.js';
import { defineChangeRoute, defineGetRoute } from '../../platform/http/list-route.js';
import type { RouteDeps } from '../../platform/http/route.js';
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
  defineGetRoute(app, deps, {
    url: '/api/v1/ops/me',
    access: { account: 'operator' },
    scope: 'provider',
    noStore: true,
    summary: 'The signed-in operator and the rights they hold',
    tags,
    item: Type.Object({
      operator: Type.Object({
        id: Type.String(),
        name: Type.String(),
        email: Type.String(),
        totpEnabled: Type.Boolean(),
        rights: Type.Array(Type.String()),
      }),
    }),
    get: describeOperator,
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/ops/operators',
    access: manage,
    scope: 'provider',
    noStore: true,
    summary: 'Every operator with their rights, the rights there are, and reset requests',
    tags,
    item: OperatorOverview,
    get: listOperatorAccounts,
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/operators',
    access: manage,
    scope: 'provider',
    summary: 'Invite an operator by mail with the rights given (two-factor set-up at first sign-in)',
    tags,
    body: InviteOperatorInput,
    item: Operator,
    created: true,
    change: (ctx, input) => inviteOperator(ctx, deps.mail, input.body),
  });

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/ops/operators/:id/rights',
    access: manage,
    scope: 'provider',
    summary: "Set an operator's rights (their sessions end)",
    tags,
    params: OperatorId,
    body: RightsInput,
    item: Operator,
    change: (ctx, input) => setOperatorRights(ctx, input.params.id, input.body),
  });

  for (const [action, operation, summary] of [
    ['suspend', suspendOperator, 'Suspend an operator (their sessions end)'],
    ['reactivate', reactivateOperator, 'Reactivate a suspended operator'],
  ] as const) {
    defineChangeRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/ops/operators/:id/${action}`,
      access: manage,
      scope: 'provider',
      summary,
      tags,
      params: OperatorId,
      item: Operator,
      change: (ctx, input) => operation(ctx, input.params.id),
    });
  }

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/operators/:id/reset-requests',
    access: manage,
    scope: 'provider',
    summary: "Ask for a colleague's password or two-factor reset (a second operator approves)",
    tags,
    params: OperatorId,
    body: ResetRequestInput,
    item: ResetRequest,
    created: true,
    change: (ctx, input) => requestOperatorReset(ctx, input.params.id, input.body),
  });

  for (const [action, operation, summary] of [
    [
      'approve',
      (ctx: ProviderContext, id: string) => approveOperatorReset(ctx, deps.mail, id),
      'Approve a reset (not the one who asked, not the one it concerns); it is carried out at once',
    ],
    ['decline', declineOperatorReset, "Refuse a reset request (or withdraw one's own)"],
  ] as const) {
    defineChangeRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/ops/operator-resets/:id/${action}`,
      access: manage,
      scope: 'provider',
      summary,
      tags,
      params: OperatorId,
      item: ResetRequest,
      change: (ctx, input) => operation(ctx, input.params.id),
    });
  }
}
