import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Nullable } from '../../contract/nullable.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { backupStatus } from './backup-schedule.js';

export function registerBackupRoutes(app: FastifyInstance, deps: RouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/backups',
    access: { permission: 'ops:backups' },
    scope: 'provider',
    noStore: true,
    schema: {
      summary: 'The last good backup, its age (alarm after a day) and the recent backups',
      tags: ['operations'],
      response: {
        200: Type.Object({
          lastGood: Nullable(
            Type.Object({
              finishedAt: Type.String(),
              file: Nullable(Type.String()),
              sizeBytes: Type.Number(),
              sha256: Nullable(Type.String()),
            }),
          ),
          ageSeconds: Nullable(Type.Number()),
          alarm: Type.Boolean(),
          recent: Type.Array(
            Type.Object({
              id: Type.String(),
              slot: Type.String(),
              status: Type.String(),
              startedAt: Type.String(),
              finishedAt: Nullable(Type.String()),
              file: Nullable(Type.String()),
              sizeBytes: Nullable(Type.Number()),
              sha256: Nullable(Type.String()),
              node: Nullable(Type.String()),
              error: Nullable(Type.String()),
            }),
          ),
        }),
      },
    },
    async handler(ctx) {
      return backupStatus(ctx);
    },
  });
}
