import type { FastifyInstance } from 'fastify';
import { outsideTransaction } from '../../db/scope.js';
import { defineGetRoute, defineListRoute } from '../../platform/http/list-route.js';
import { parseRange, rangeNotSatisfiable } from '../../platform/http/range.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { ExportIdParams, ExportJobSchema } from './export.schema.js';
import {
  buildExport,
  type ExportDeps,
  findExportFile,
  findExportJob,
  listExportJobs,
  openExportBytes,
  startExport,
} from './export.service.js';

const tags = ['export'];

/**
 * The organisation's full export for its admins: start (built in the background), follow the
 * progress, download with Range so a broken download resumes where it stopped.
 */
export function registerExportRoutes(app: FastifyInstance, deps: RouteDeps & { exports: ExportDeps }): void {
  // Builds still running when the app closes are awaited, so the database outlives them.
  const building = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...building]);
  });

  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/exports',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    // The row commits before the build starts, so the build never waits on this request.
    transaction: 'lazy',
    // The export window after the contract ends exists for this.
    duringExportWindow: true,
    schema: {
      summary: 'Start a full export of the organisation (content, media, users, logs) as one zip',
      tags,
      response: { 202: ExportJobSchema },
    },
    async handler(ctx, _input, _request, reply) {
      const job = await ctx.transaction((c) => startExport(c));
      const org = ctx.scope.org;
      const run = outsideTransaction(() => buildExport(deps.exports, org, job.id)).finally(() =>
        building.delete(run),
      );
      building.add(run);
      return reply.code(202).send(job);
    },
  });

  defineListRoute(app, deps, {
    url: '/api/v1/exports',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    summary: 'Recent exports with their progress',
    tags,
    item: ExportJobSchema,
    list: listExportJobs,
  });

  defineGetRoute(app, deps, {
    url: '/api/v1/exports/:id',
    access: { permission: 'organisation:manage' },
    scope: 'tenant',
    summary: 'One export and its progress',
    tags,
    params: ExportIdParams,
    item: ExportJobSchema,
    get: (ctx, params) => findExportJob(ctx, params.id),
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/exports/:id/file',
    access: { permission: 'organisation:manage' },
    // Looked up in a short transaction: none is open while the file streams.
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'Download a finished export (Range supported, so a download can resume)',
      tags,
      params: ExportIdParams,
      produces: ['application/zip'],
    },
    async handler(ctx, input, request, reply) {
      const file = await ctx.transaction((c) => findExportFile(c, input.params.id));
      const size = file.sizeBytes;
      reply
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"${input.params.id}"`);
      const range = parseRange(request.headers.range, size);
      if (range === 'invalid') {
        reply.header('content-range', `bytes */${size}`);
        throw rangeNotSatisfiable();
      }
      const start = range?.start ?? 0;
      const end = range?.end ?? size - 1;
      const stream = await openExportBytes(deps.exports, ctx.scope.org, file.blobKey, start, end);
      stream.on('error', (error) =>
        request.log.error({ err: error }, 'export file failed its integrity check'),
      );
      reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${file.fileName}"`);
      if (range) {
        reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
      }
      reply.header('content-length', String(end - start + 1));
      return reply.send(stream);
    },
  });
}
