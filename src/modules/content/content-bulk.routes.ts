import type { FastifyInstance } from 'fastify';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { CONTENT_KINDS, KIND_PATH } from './content.schema.js';
import { permissionFor } from './content.service.js';
import { BulkRequest, BulkResult } from './content-bulk.schema.js';
import { bulkAction } from './content-bulk.service.js';

/** `POST /api/v1/{kind}/bulk`: one action on many items, with a result per item. */
export function registerContentBulkRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const kind of CONTENT_KINDS) {
    defineRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/${KIND_PATH[kind]}/bulk`,
      // The least an action needs; publish and unpublish need the publish right, checked per item.
      access: { permission: permissionFor(kind, 'edit') },
      scope: 'tenant',
      schema: {
        summary:
          'Bulk action (publish, unpublish, submit, delete, setCategory, addTags, removeTags): each item checked for the right and its version, with a result per item',
        tags: [KIND_PATH[kind]],
        body: BulkRequest,
        response: { 200: BulkResult },
      },
      handler: (ctx, input) => bulkAction(ctx, kind, input.body),
    });
  }
}
