import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { AppError } from '../../platform/errors.js';
import { attachmentNotCached, cachedPublic } from '../../platform/http/cache.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import { applyImport, type Dataset, exportDataset, planImport, publicPlan } from './opendata.service.js';
import { eventsForCalendar, spotsForMaps } from './opendata-feeds.js';

/** Open data files are larger than JSON bodies. */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

const EncodingQuery = Type.Object(
  { encoding: Type.Optional(Type.Enum(['auto', 'utf8', 'sjis'] as const, { default: 'auto' })) },
  { additionalProperties: false },
);
const ImportQuery = Type.Object(
  {
    encoding: Type.Optional(Type.Enum(['auto', 'utf8', 'sjis'] as const, { default: 'auto' })),
    publish: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'also publish what is created or updated (needs the publish right; 403 before anything is written)',
      }),
    ),
  },
  { additionalProperties: false },
);
const ExportQuery = Type.Object(
  { encoding: Type.Optional(Type.Enum(['utf8', 'utf8-bom', 'sjis'] as const, { default: 'utf8-bom' })) },
  { additionalProperties: false },
);
const PublicExportQuery = Type.Object(
  { encoding: Type.Optional(Type.Enum(['utf8', 'sjis'] as const, { default: 'utf8' })) },
  { additionalProperties: false },
);
const OrgParams = Type.Object({ serviceCode: Type.String({ maxLength: 64 }) });
const MODULE = { tourism: 'spots', events: 'events' } as const;
const FILE = { tourism: 'tourism', events: 'events' } as const;

function encodingOf(choice: 'utf8' | 'utf8-bom' | 'sjis') {
  return choice === 'sjis' ? 'cp932' : choice;
}

/**
 * 自治体標準オープンデータセット: import (preview, then apply) and export of 観光施設一覧 and
 * イベント一覧, and the public open data files.
 */
export function registerOpenDataRoutes(app: FastifyInstance, deps: RouteDeps & { config: Config }): void {
  const baseUrl = deps.config.baseUrl;
  // CSV arrives as raw bytes: the encoding (UTF-8, with or without BOM, or cp932) is ours to detect.
  app.addContentTypeParser(
    ['text/csv', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );

  for (const dataset of ['tourism', 'events'] as Dataset[]) {
    const tags = ['open data'];
    defineRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/import/${dataset}/preview`,
      access: { permission: `${MODULE[dataset]}:edit` },
      scope: 'tenant',
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary: `Preview importing ${dataset === 'tourism' ? '観光施設一覧' : 'イベント一覧'} CSV: every row's action and every problem; changes nothing`,
        tags,
        querystring: EncodingQuery,
        consumes: ['text/csv'],
      },
      async handler(ctx, input, request) {
        return publicPlan(await planImport(ctx, dataset, asBuffer(request.body), input.query.encoding));
      },
    });
    defineRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/import/${dataset}`,
      access: { permission: `${MODULE[dataset]}:edit` },
      scope: 'tenant',
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        summary:
          'Import the file: all rows in one transaction, or nothing when any row is bad (400 with every problem); ?publish=true publishes them too',
        tags,
        querystring: ImportQuery,
        consumes: ['text/csv'],
      },
      handler: (ctx, input, request) =>
        applyImport(ctx, dataset, asBuffer(request.body), input.query.encoding, {
          publish: input.query.publish ?? false,
        }),
    });
    defineRoute(app, deps, {
      method: 'GET',
      url: `/api/v1/export/${FILE[dataset]}.csv`,
      access: { permission: `${MODULE[dataset]}:view` },
      scope: 'tenant',
      schema: {
        summary: 'Export every item (all statuses) as the standard CSV',
        tags,
        querystring: ExportQuery,
        produces: ['text/csv'],
      },
      async handler(ctx, input, _request, reply) {
        const { bytes, unmappable } = await exportDataset(ctx, dataset, {
          publishedOnly: false,
          encoding: encodingOf(input.query.encoding ?? 'utf8-bom'),
        });
        if (unmappable > 0) {
          throw new AppError(422, 'not_representable_in_sjis', {
            ja: `Shift_JIS で表せない文字が ${unmappable} 個あります。UTF-8 で書き出してください。`,
            en: `${unmappable} character(s) cannot be written in Shift_JIS; export as UTF-8 instead.`,
          });
        }
        const charset = input.query.encoding === 'sjis' ? 'shift_jis' : 'utf-8';
        attachmentNotCached(
          reply,
          `text/csv; charset=${charset}`,
          `${ctx.org.serviceCode}-${FILE[dataset]}.csv`,
        );
        return bytes;
      },
    });

    defineRoute(app, deps, {
      method: 'GET',
      url: `/api/v1/public/:serviceCode/opendata/${FILE[dataset]}.csv`,
      access: { public: true },
      scope: 'tenant',
      schema: {
        summary: `Open data: published ${dataset === 'tourism' ? '観光施設一覧' : 'イベント一覧'} (?encoding=sjis for cp932)`,
        tags: ['public'],
        params: OrgParams,
        querystring: PublicExportQuery,
        produces: ['text/csv'],
      },
      async handler(ctx, input, request, reply) {
        const { bytes, unmappable } = await exportDataset(ctx, dataset, {
          publishedOnly: true,
          encoding: encodingOf(input.query.encoding ?? 'utf8'),
        });
        reply
          .type(`text/csv; charset=${input.query.encoding === 'sjis' ? 'shift_jis' : 'utf-8'}`)
          .header('content-disposition', `inline; filename="${ctx.org.serviceCode}-${FILE[dataset]}.csv"`);
        // Characters cp932 cannot hold are replaced; say how many, so users can choose UTF-8.
        if (unmappable > 0) reply.header('x-unmappable-characters', String(unmappable));
        return cachedPublic(request, reply, bytes, 300);
      },
    });
  }

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/public/:serviceCode/opendata/spots.geojson',
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: 'Open data: published spots as GeoJSON',
      tags: ['public'],
      params: OrgParams,
      produces: ['application/geo+json'],
    },
    async handler(ctx, _input, request, reply) {
      reply.type('application/geo+json; charset=utf-8');
      return cachedPublic(request, reply, JSON.stringify(await spotsForMaps(ctx)), 300);
    },
  });
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/public/:serviceCode/opendata/events.ics',
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: 'Open data: published events as iCalendar',
      tags: ['public'],
      params: OrgParams,
      produces: ['text/calendar'],
    },
    async handler(ctx, _input, request, reply) {
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${ctx.org.serviceCode}-events.ics"`);
      return cachedPublic(request, reply, await eventsForCalendar(ctx, baseUrl), 300);
    },
  });
}

function asBuffer(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  throw new AppError(415, 'unsupported_media_type', {
    ja: 'CSV ファイルを text/csv として送ってください。',
    en: 'Send the CSV file as text/csv.',
  });
}
