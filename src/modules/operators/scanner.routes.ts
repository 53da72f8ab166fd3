import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Nullable } from '../../contract/nullable.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import type { ScannerStatus } from '../../platform/scan/scanner-status.js';

/** Virus scanner and signature definitions, for the operator console (ウイルス検査の状態). */
export function registerScannerStatusRoute(
  app: FastifyInstance,
  deps: RouteDeps & { scannerStatus: () => Promise<ScannerStatus> },
): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/ops/scanner',
    access: { account: 'operator' },
    scope: 'none',
    noStore: true,
    schema: {
      summary: 'Virus scanner state and signature definition age',
      tags: ['operations'],
      response: {
        200: Type.Object({
          ok: Type.Boolean(),
          configured: Type.Boolean(),
          uploads: Type.Enum(['accepted', 'refused']),
          engine: Nullable(Type.String()),
          databaseVersion: Type.Union([Type.Integer(), Type.Null()]),
          supplementalVersion: Nullable(Type.String()),
          signatureAgeHours: Type.Union([Type.Number(), Type.Null()]),
          degraded: Type.Boolean(),
          warning: Nullable(Type.String()),
          lastUpdateError: Nullable(Type.String()),
          lastUpdateCheckAt: Nullable(Type.String()),
        }),
      },
    },
    async handler() {
      return deps.scannerStatus();
    },
  });
}
