import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Nullable } from '../../contract/nullable.js';
import { AppError } from '../../platform/errors.js';
import { defineChangeRoute, defineGetRoute, defineListRoute } from '../../platform/http/list-route.js';
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
const admins = { permission: 'organisation:manage' } as const;
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
  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/ops/break-glass',
    access: { permission: 'ops:support' },
    scope: 'provider',
    summary: 'Request read access to one organisation (reason, linked ticket or incident, ≤ 4 h) (operators)',
    tags,
    body: RequestInput,
    item: Grant,
    created: true,
    change: (ctx, input) => requestBreakGlass(ctx, input.body),
  });

  defineListRoute(app, deps, {
    url: '/api/v1/ops/break-glass',
    access: { permission: 'ops:support' },
    scope: 'provider',
    summary: 'Every break-glass request and access, with what was read (operators)',
    tags,
    item: Grant,
    list: listBreakGlass,
  });

  for (const [action, access, operation, summary] of [
    [
      'approve',
      { permission: 'ops:break-glass-approve' },
      approveBreakGlass,
      "Approve another operator's request: the access starts now (operators)",
    ],
    ['end', { permission: 'ops:support' }, endBreakGlass, 'End an open access early (operators)'],
  ] as const) {
    defineChangeRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/ops/break-glass/:id/${action}`,
      access,
      scope: 'provider',
      summary,
      tags,
      params: GrantId,
      item: Grant,
      change: (ctx, input) => operation(ctx, input.params.id),
    });
  }

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

  defineListRoute(app, deps, {
    url: '/api/v1/break-glass',
    access: admins,
    scope: 'tenant',
    noStore: true,
    summary: "Operators' accesses to my organisation: who, why, until when, what was read (admins)",
    tags,
    item: Grant,
    list: listOwnBreakGlass,
  });

  defineChangeRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/break-glass/:id/:decision',
    access: admins,
    scope: 'tenant',
    transaction: 'lazy',
    summary: 'Approve or refuse a request that waits for my organisation (admins)',
    tags,
    params: Type.Object({
      id: Type.String({ format: 'uuid' }),
      decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
    }),
    item: Grant,
    change: (ctx, input) => decideBreakGlass(deps.db, ctx, input.params.id, input.params.decision),
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/break-glass/setting',
    access: admins,
    scope: 'tenant',
    summary: 'Who approves operators’ access requests (admins)',
    tags,
    item: Setting,
    get: getApprovalSetting,
  });

  defineChangeRoute(app, deps, {
    method: 'PUT',
    url: '/api/v1/break-glass/setting',
    access: admins,
    scope: 'tenant',
    summary: 'Set who approves operators’ access requests: a second operator, or our admin (admins)',
    tags,
    body: Setting,
    item: Setting,
    change: (ctx, input) => setApprovalSetting(ctx, input.body.approval),
  });
}
