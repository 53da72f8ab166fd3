import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { SERVICE_CODE_PATTERN } from '../../db/scope.js';
import type { ProviderContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';

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

const LIMIT = 500;

/**
 * Infected uploads, for operators (provider data; the files themselves stay encrypted and are
 * never served or handed out). Reading the list is recorded on the provider audit chain.
 */
export async function listQuarantine(ctx: ProviderContext, org: string | undefined) {
  ctx.require('ops:quarantine');
  const rows = await ctx.tx
    .selectFrom('provider.quarantine as q')
    .innerJoin('provider.organisations as o', 'o.service_code', 'q.org')
    .select([
      'q.id',
      'q.org',
      'o.name_ja',
      'o.name_en',
      'q.original_name',
      'q.size_bytes',
      'q.signature',
      'q.actor_id',
      'q.created_at',
    ])
    .$if(org !== undefined, (qb) => qb.where('q.org', '=', org!))
    .orderBy('q.created_at', 'desc')
    .limit(LIMIT)
    .execute();
  await audit(ctx, {
    action: 'quarantine.viewed',
    target: { type: 'quarantine', id: org ?? null },
    details: { org: org ?? null, count: rows.length },
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      org: row.org,
      orgNameJa: row.name_ja,
      orgNameEn: row.name_en,
      originalName: row.original_name,
      sizeBytes: Number(row.size_bytes),
      signature: row.signature,
      uploaderId: row.actor_id,
      createdAt: row.created_at.toISOString(),
    })),
    limit: LIMIT,
  };
}

export function registerQuarantineRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/quarantine',
    access: { permission: 'ops:quarantine' },
    scope: 'provider',
    schema: {
      summary: 'Infected uploads kept in quarantine, newest first (operators; audited, no download)',
      tags: ['operations'],
      querystring: Type.Object({
        org: Type.Optional(Type.String({ pattern: SERVICE_CODE_PATTERN.source })),
      }),
      response: { 200: Type.Object({ items: Type.Array(QuarantinedFile), limit: Type.Number() }) },
    },
    async handler(ctx, input, _request, reply) {
      reply.header('cache-control', 'no-store');
      return listQuarantine(ctx, input.query.org);
    },
  });
}
