import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { ServiceCode } from '../organisations/index.js';
import {
  approveBreakGlass,
  decideBreakGlass,
  endBreakGlass,
  getApprovalSetting,
  listBreakGlass,
  listOwnBreakGlass,
  READABLE,
  readUnderGrant,
  requestBreakGlass,
  setApprovalSetting,
} from './break-glass.service.js';

const tags = ['break-glass'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const GrantId = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Grant = Type.Object({
  id: Type.String(),
  org: Type.String(),
  operatorId: Type.String(),
  reason: Type.String(),
  ticketId: Nullable(Type.String()),
  incidentId: Nullable(Type.String()),
  durationMinutes: Type.Integer(),
  approval: Type.Union([Type.Literal('operator'), Type.Literal('admin')]),
  status: Type.Union([
    Type.Literal('requested'),
    Type.Literal('active'),
    Type.Literal('ended'),
    Type.Literal('refused'),
  ]),
  requestedAt: Type.String(),
  approvedBy: Nullable(Type.String()),
  approvedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
  endReason: Nullable(Type.String()),
  reads: Type.Array(Type.Object({ what: Type.String(), at: Type.String() })),
});
const RequestInput = Type.Object(
  {
    org: ServiceCode,
    reason: Type.String({ maxLength: 2000, description: 'Why (required)' }),
    ticketId: Type.Optional(Type.String({ format: 'uuid' })),
    incidentId: Type.Optional(Type.String({ format: 'uuid' })),
    durationMinutes: Type.Integer({
      minimum: 0,
      maximum: 100_000,
      description: 'At most 240 (4 hours); the service names a longer one',
    }),
  },
  { additionalProperties: false },
);
const Setting = Type.Object(
  { approval: Type.Union([Type.Literal('operator'), Type.Literal('admin')]) },
  { additionalProperties: false },
);

const expired = () =>
  new AppError(403, 'break_glass_expired', {
    ja: 'アクセスの期限が切れたため終了しました。',
    en: 'The access has expired and is now ended.',
  });

/** Break-glass: operators request, a second operator (or the organisation) approves; reads are recorded. */
export function registerBreakGlassRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/break-glass',
    access: { permission: 'ops:support' },
    scope: 'provider',
    schema: {
      summary:
        'Request read access to one organisation (reason, linked ticket or incident, ≤ 4 h) (operators)',
      tags,
      body: RequestInput,
      response: { 201: Grant },
    },
    async handler(ctx, input, _request, reply) {
      reply.code(201);
      return requestBreakGlass(ctx, input.body);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/break-glass',
    access: { permission: 'ops:support' },
    scope: 'provider',
    schema: {
      summary: 'Every break-glass request and access, with what was read (operators)',
      tags,
      response: { 200: Type.Object({ items: Type.Array(Grant) }) },
    },
    async handler(ctx) {
      return { items: await listBreakGlass(ctx) };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/break-glass/:id/approve',
    access: { permission: 'ops:break-glass-approve' },
    scope: 'provider',
    schema: {
      summary: "Approve another operator's request: the access starts now (operators)",
      tags,
      params: GrantId,
      response: { 200: Grant },
    },
    async handler(ctx, input) {
      return approveBreakGlass(ctx, input.params.id);
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/break-glass/:id/end',
    access: { permission: 'ops:support' },
    scope: 'provider',
    schema: {
      summary: 'End an open access early (operators)',
      tags,
      params: GrantId,
      response: { 200: Grant },
    },
    async handler(ctx, input) {
      return endBreakGlass(ctx, input.params.id);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/break-glass/:id/read/:what',
    access: { permission: 'ops:support' },
    scope: 'provider',
    // The ending of an expired access must commit before the refusal is answered.
    transaction: 'lazy',
    noStore: true,
    schema: {
      summary:
        'Read under an approved, unexpired access: content lists, media metadata, accounts (no secrets)',
      tags,
      params: Type.Object({
        id: Type.String({ format: 'uuid' }),
        what: Type.Union(READABLE.map((w) => Type.Literal(w))),
      }),
      response: { 200: Type.Object({ items: Type.Array(Type.Unknown()) }) },
    },
    async handler(ctx, input) {
      const result = await ctx.transaction((tx) => readUnderGrant(tx, input.params.id, input.params.what));
      if (result.expired) throw expired();
      return { items: result.items };
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/break-glass',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    noStore: true,
    schema: {
      summary: "Operators' accesses to my organisation: who, why, until when, what was read (admins)",
      tags,
      response: { 200: Type.Object({ items: Type.Array(Grant) }) },
    },
    async handler(ctx) {
      return { items: await listOwnBreakGlass(ctx) };
    },
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/break-glass/:id/:decision',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'Approve or refuse a request that waits for my organisation (admins)',
      tags,
      params: Type.Object({
        id: Type.String({ format: 'uuid' }),
        decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
      }),
      response: { 200: Grant },
    },
    async handler(ctx, input) {
      return decideBreakGlass(deps.db, ctx, input.params.id, input.params.decision);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/break-glass/setting',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    schema: { summary: 'Who approves operators’ access requests (admins)', tags, response: { 200: Setting } },
    async handler(ctx) {
      return getApprovalSetting(ctx);
    },
  });

  defineRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/break-glass/setting',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    schema: {
      summary: 'Set who approves operators’ access requests: a second operator, or our admin (admins)',
      tags,
      body: Setting,
      response: { 200: Setting },
    },
    async handler(ctx, input) {
      return setApprovalSetting(ctx, input.body.approval);
    },
  });
}
