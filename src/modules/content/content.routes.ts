import type { FastifyInstance } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { cachedPublic, cachedPublicJson } from '../../platform/http/cache.js';
import type { PagingCursors } from '../../platform/http/cursor.js';
import { INT4_MAX } from '../../platform/http/input-guard.js';
import { defineRoute, noContent, type RouteDeps } from '../../platform/http/route.js';
import {
  CONTENT_KINDS,
  type ContentKind,
  DATA_SCHEMA,
  KIND_PATH,
  LANGUAGES,
  STATUSES,
} from './content.schema.js';
import {
  createItem,
  deleteItem,
  getItem,
  permissionFor,
  scheduleItem,
  type Transition,
  transitionItem,
  updateItem,
} from './content.service.js';
import { listItems } from './content-list.service.js';
import {
  publicJsonLd,
  publicSearch,
  publishedGet,
  publishedGetFromMemory,
  publishedList,
  publishedListFromMemory,
} from './content-public.service.js';
import { diffRevisions, listRevisions, restoreRevision } from './content-revisions.service.js';
import type { PublishedReads } from './public/published-reads.js';

const TITLE: Record<ContentKind, string> = {
  spot: 'spot',
  event: 'event',
  course: 'model course',
  article: 'feature article',
};

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
/** Versions and revision numbers are PostgreSQL integers. */
const VersionNumber = Type.Integer({ minimum: 1, maximum: INT4_MAX });
const Version = Type.Object({ version: VersionNumber }, { additionalProperties: false });
const Problem = Type.Object({
  field: Type.String(),
  message: Type.Object({ ja: Type.String(), en: Type.String() }),
});
const Item = (data: TSchema) =>
  Type.Object({
    id: Type.String(),
    kind: Type.String(),
    status: Type.String(),
    version: Type.Integer(),
    data,
    live: Type.Boolean(),
    hasUnpublishedChanges: Type.Boolean(),
    publishedAt: Type.Union([Type.String(), Type.Null()]),
    publishAt: Type.Union([Type.String(), Type.Null()]),
    unpublishAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    updatedBy: Type.Union([Type.String(), Type.Null()]),
    warnings: Type.Array(Problem),
  });
const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    ids: Type.Optional(
      Type.String({
        maxLength: 3700,
        description:
          'comma-separated ids (at most 100): the editors look up the items they reference in one request',
      }),
    ),
    category: Type.Optional(Type.String({ maxLength: 40 })),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    status: Type.Optional(Type.Enum(STATUSES)),
    updatedFrom: Type.Optional(Type.String({ format: 'date-time' })),
    updatedTo: Type.Optional(Type.String({ format: 'date-time' })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
const Lang = Type.Optional(
  Type.Union(
    LANGUAGES.map((l) => Type.Literal(l)),
    { description: 'language; missing texts fall back to ja' },
  ),
);
const PublicListQuery = Type.Object(
  {
    lang: Lang,
    category: Type.Optional(Type.String({ maxLength: 40 })),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
const OrgParams = Type.Object({ serviceCode: Type.String({ maxLength: 64 }) });
const OrgIdParams = Type.Object({
  serviceCode: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 64 }),
});

export interface ContentRouteDeps extends RouteDeps {
  cursors: PagingCursors;
  published: PublishedReads;
  config: { baseUrl: string };
}

/** Console API (rights per module) and public read API (published content only) for every kind. */
export function registerContentRoutes(app: FastifyInstance, deps: ContentRouteDeps): void {
  const siteUrl = deps.config.baseUrl;
  const { cursors } = deps;
  for (const kind of CONTENT_KINDS) {
    const base = `/api/v1/${KIND_PATH[kind]}`;
    const tags = [KIND_PATH[kind]];
    const data = DATA_SCHEMA[kind];
    const view = { permission: permissionFor(kind, 'view') };
    const edit = { permission: permissionFor(kind, 'edit') };
    const publish = { permission: permissionFor(kind, 'publish') };

    defineRoute(app, deps, {
      method: 'GET',
      url: base,
      access: view,
      scope: 'tenant',
      schema: { summary: `List ${TITLE[kind]}s (all statuses)`, tags, querystring: ListQuery },
      async handler(ctx, input) {
        const list = `console:${kind}`;
        const page = await listItems(ctx, kind, {
          ...input.query,
          cursor: cursors.open(list, input.query.cursor),
        });
        return { ...page, nextCursor: cursors.seal(list, page.nextCursor) };
      },
    });
    defineRoute(app, deps, {
      method: 'POST',
      url: base,
      access: edit,
      scope: 'tenant',
      schema: {
        summary: `Create a ${TITLE[kind]} (as a draft)`,
        tags,
        body: data,
        response: { 201: Item(data) },
      },
      async handler(ctx, input, _request, reply) {
        reply.code(201);
        return createItem(ctx, kind, input.body as Record<string, unknown>);
      },
    });
    defineRoute(app, deps, {
      method: 'GET',
      url: `${base}/:id`,
      access: view,
      scope: 'tenant',
      schema: { summary: `One ${TITLE[kind]}`, tags, params: IdParams, response: { 200: Item(data) } },
      handler: (ctx, input) => getItem(ctx, kind, input.params.id),
    });
    defineRoute(app, deps, {
      method: 'PUT',
      url: `${base}/:id`,
      access: edit,
      scope: 'tenant',
      schema: {
        summary: `Save a ${TITLE[kind]} (409 when the version is not the latest)`,
        tags,
        params: IdParams,
        body: Type.Object({ version: VersionNumber, data }, { additionalProperties: false }),
        response: { 200: Item(data) },
      },
      handler: (ctx, input) =>
        updateItem(
          ctx,
          kind,
          input.params.id,
          input.body as { version: number; data: Record<string, unknown> },
        ),
    });
    defineRoute(app, deps, {
      method: 'DELETE',
      url: `${base}/:id`,
      access: edit,
      scope: 'tenant',
      schema: {
        summary: `Delete a ${TITLE[kind]} that is not published or referenced`,
        tags,
        params: IdParams,
        querystring: Version,
      },
      async handler(ctx, input, _request, reply) {
        await deleteItem(ctx, kind, input.params.id, input.query.version);
        return noContent(reply);
      },
    });
    const transitions: [Transition, typeof edit | typeof publish][] = [
      ['submit', edit],
      ['withdraw', edit],
      ['publish', publish],
      ['unpublish', publish],
    ];
    for (const [transition, access] of transitions) {
      defineRoute(app, deps, {
        method: 'POST',
        url: `${base}/:id/${transition}`,
        access,
        scope: 'tenant',
        schema: {
          summary: `Workflow: ${transition}`,
          tags,
          params: IdParams,
          body: Version,
          response: { 200: Item(data) },
        },
        handler: (ctx, input) => transitionItem(ctx, kind, input.params.id, transition, input.body.version),
      });
    }
    defineRoute(app, deps, {
      method: 'PUT',
      url: `${base}/:id/schedule`,
      access: publish,
      scope: 'tenant',
      schema: {
        summary: 'Schedule publishing and/or unpublishing (null clears)',
        tags,
        params: IdParams,
        body: Type.Object(
          {
            version: VersionNumber,
            publishAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
            unpublishAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
          },
          { additionalProperties: false },
        ),
        response: { 200: Item(data) },
      },
      handler: (ctx, input) => scheduleItem(ctx, kind, input.params.id, input.body),
    });
    defineRoute(app, deps, {
      method: 'GET',
      url: `${base}/:id/revisions`,
      access: view,
      scope: 'tenant',
      schema: { summary: 'Revision history', tags, params: IdParams },
      handler: async (ctx, input) => ({ items: await listRevisions(ctx, kind, input.params.id) }),
    });
    defineRoute(app, deps, {
      method: 'GET',
      url: `${base}/:id/revisions/diff`,
      access: view,
      scope: 'tenant',
      schema: {
        summary: 'Field-level differences between two versions',
        tags,
        params: IdParams,
        querystring: Type.Object({ from: VersionNumber, to: VersionNumber }, { additionalProperties: false }),
      },
      handler: (ctx, input) => diffRevisions(ctx, kind, input.params.id, input.query.from, input.query.to),
    });
    defineRoute(app, deps, {
      method: 'POST',
      url: `${base}/:id/revisions/:revision/restore`,
      access: edit,
      scope: 'tenant',
      schema: {
        summary: 'Restore an earlier version as a new version',
        tags,
        params: Type.Object({ id: Type.String({ maxLength: 64 }), revision: VersionNumber }),
        body: Version,
        response: { 200: Item(data) },
      },
      handler: (ctx, input) =>
        restoreRevision(ctx, kind, input.params.id, input.params.revision, input.body.version),
    });

    // ---- public read API
    defineRoute(app, deps, {
      method: 'GET',
      url: `/api/v1/public/:serviceCode/${KIND_PATH[kind]}`,
      access: { public: true },
      scope: 'tenant',
      transaction: 'published',
      schema: {
        summary: `Published ${TITLE[kind]}s`,
        tags: ['public'],
        params: OrgParams,
        querystring: PublicListQuery,
      },
      fromMemory: (org, input) =>
        publishedListFromMemory(deps.published, org.serviceCode, kind, input, (cursor) =>
          cursors.seal(`public:${kind}`, cursor),
        ),
      async handler(ctx, input, request, reply) {
        const list = `public:${kind}`;
        const page = await publishedList(
          ctx,
          deps.published,
          kind,
          { ...input.query, cursor: cursors.open(list, input.query.cursor) },
          (cursor) => cursors.seal(list, cursor),
        );
        return cachedPublicJson(request, reply, page);
      },
    });
    defineRoute(app, deps, {
      method: 'GET',
      url: `/api/v1/public/:serviceCode/${KIND_PATH[kind]}/:id`,
      access: { public: true },
      scope: 'tenant',
      transaction: 'published',
      schema: {
        summary: `One published ${TITLE[kind]}`,
        tags: ['public'],
        params: OrgIdParams,
        querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
      },
      fromMemory: (org, input) => publishedGetFromMemory(deps.published, org.serviceCode, kind, input),
      async handler(ctx, input, request, reply) {
        return cachedPublicJson(
          request,
          reply,
          await publishedGet(ctx, deps.published, kind, input.params.id, input.query.lang),
        );
      },
    });
  }

  for (const kind of CONTENT_KINDS) {
    defineRoute(app, deps, {
      method: 'GET',
      url: `/api/v1/public/:serviceCode/${KIND_PATH[kind]}/:id/jsonld`,
      access: { public: true },
      scope: 'tenant',
      schema: {
        summary: `schema.org JSON-LD of one published ${TITLE[kind]}`,
        tags: ['public'],
        params: OrgIdParams,
        querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
        produces: ['application/ld+json'],
      },
      async handler(ctx, input, request, reply) {
        const body = await publicJsonLd(ctx, kind, input.params.id, input.query.lang, siteUrl);
        const payload = cachedPublic(request, reply, body);
        reply.type('application/ld+json; charset=utf-8');
        return payload;
      },
    });
  }

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/public/:serviceCode/search',
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: 'Search published content (Japanese-aware: width and kana folded)',
      tags: ['public'],
      params: OrgParams,
      querystring: Type.Object(
        {
          q: Type.String({ minLength: 1, maxLength: 200 }),
          lang: Lang,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        },
        { additionalProperties: false },
      ),
    },
    async handler(ctx, input, request, reply) {
      return cachedPublic(request, reply, await publicSearch(ctx, input.query));
    },
  });
}
