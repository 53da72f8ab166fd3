import type { FastifyInstance } from 'fastify';
import { type Static, type TObject, type TSchema, Type } from 'typebox';
import { attachmentNotCached } from './cache.js';
import {
  type Access,
  defineRoute,
  type HandlerContext,
  type RouteDeps,
  type RouteScope,
  type RouteTransaction,
} from './route.js';

/** What every declared route says: where, who may call it, and how it shows in the API document. */
interface DeclaredRouteSpec<Sc extends RouteScope> {
  url: string;
  access: Access;
  scope: Sc;
  summary: string;
  tags: string[];
}

type In<T> = T extends TSchema ? Static<T> : undefined;

/** What every helper hands defineRoute alike: where, who, whether a cache may keep the answer. */
function declared<Sc extends RouteScope>(spec: DeclaredRouteSpec<Sc> & { noStore?: true }) {
  return {
    url: spec.url,
    access: spec.access,
    scope: spec.scope,
    ...(spec.noStore ? { noStore: true as const } : {}),
  };
}

/** The API document's part every helper fills alike: summary, tags, path parameters, query string. */
function described(
  spec: DeclaredRouteSpec<RouteScope> & { params?: TSchema | undefined; query?: TSchema | undefined },
) {
  return {
    summary: spec.summary,
    tags: spec.tags,
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { querystring: spec.query } : {}),
  };
}

/**
 * The query string as the helper's function gets it: without a declared one, none (Fastify would
 * hand it `{}`), so an operation's own optional parameter keeps its default.
 */
function queryOf<Q extends TSchema | undefined>(spec: { query?: Q }, input: { query: unknown }): In<Q> {
  return (spec.query ? input.query : undefined) as In<Q>;
}

/** A `GET` that answers `{ items }`: one declaration for the many "list the X" routes. */
export interface ListRouteSpec<Sc extends RouteScope, Q extends TSchema | undefined>
  extends DeclaredRouteSpec<Sc> {
  /** The schema of one item; the answer is `{ items: item[] }`. */
  item: TSchema;
  /** The query string (filters), when the list takes one. */
  query?: Q;
  /** Private answers (accounts, sessions) are not kept by a cache. */
  noStore?: true;
  list: (ctx: HandlerContext<Sc, 'request'>, query: In<Q>) => Promise<unknown[]>;
}

/** Registers a list route through defineRoute (same declared access, guard and transaction). */
export function defineListRoute<const Sc extends RouteScope, const Q extends TSchema | undefined = undefined>(
  app: FastifyInstance,
  deps: RouteDeps,
  spec: ListRouteSpec<Sc, Q>,
): void {
  const { item, list, ...route } = spec;
  defineGetRoute(app, deps, {
    ...route,
    item: Type.Object({ items: Type.Array(item) }),
    get: async (ctx, _params, query) => ({ items: await list(ctx, query) }),
  });
}

/**
 * A `GET` that answers one thing: the organisation's settings, or one X named by the path
 * (`/x/:id`). One declaration for the many "show the X" routes.
 */
export interface GetRouteSpec<Sc extends RouteScope, P extends TObject, Q extends TSchema | undefined>
  extends DeclaredRouteSpec<Sc> {
  /** The path parameters, when the path names the thing. */
  params?: P;
  /** The query string, when the answer takes one. */
  query?: Q;
  /** The schema of the answer. */
  item: TSchema;
  /** Private answers (accounts, sessions) are not kept by a cache. */
  noStore?: true;
  get: (ctx: HandlerContext<Sc, 'request'>, params: Static<P>, query: In<Q>) => Promise<unknown>;
}

/** Registers a show-one route through defineRoute (same declared access, guard and transaction). */
export function defineGetRoute<
  const Sc extends RouteScope,
  const P extends TObject = TObject<Record<string, never>>,
  const Q extends TSchema | undefined = undefined,
>(app: FastifyInstance, deps: RouteDeps, spec: GetRouteSpec<Sc, P, Q>): void {
  defineRoute(app, deps, {
    method: 'GET',
    ...declared(spec),
    schema: { ...described(spec), response: { 200: spec.item } },
    async handler(ctx, input) {
      return spec.get(ctx, input.params as Static<P>, queryOf(spec, input));
    },
  });
}

/** What a change gets from the request: its path parameters and its body. */
export interface ChangeInput<P extends TSchema | undefined, B extends TSchema | undefined> {
  params: In<P>;
  body: In<B>;
}

/**
 * A change (`POST`, `PUT`, `PATCH`, `DELETE`) that takes path parameters and a JSON body and
 * answers one thing: one declaration for the many "do X to the Y" routes.
 */
export interface ChangeRouteSpec<
  Sc extends RouteScope,
  P extends TSchema | undefined,
  B extends TSchema | undefined,
  Tr extends RouteTransaction,
> extends DeclaredRouteSpec<Sc> {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  params?: P;
  body?: B;
  /** The schema of the answer; without one, the change answers `204 No Content`. */
  item?: TSchema;
  /** The answer is a new thing: `201 Created`. */
  created?: true;
  transaction?: Tr;
  /** See RouteSpec.duringExportWindow. */
  duringExportWindow?: true;
  /** See RouteSpec.noStore. */
  noStore?: true;
  change: (ctx: HandlerContext<Sc, Tr>, input: ChangeInput<P, B>) => Promise<unknown>;
}

/** Registers a change route through defineRoute (same declared access, guard and transaction). */
export function defineChangeRoute<
  const Sc extends RouteScope,
  const P extends TSchema | undefined = undefined,
  const B extends TSchema | undefined = undefined,
  const Tr extends RouteTransaction = 'request',
>(app: FastifyInstance, deps: RouteDeps, spec: ChangeRouteSpec<Sc, P, B, Tr>): void {
  const status = spec.created ? 201 : 200;
  defineRoute(app, deps, {
    method: spec.method,
    ...declared(spec),
    ...(spec.transaction ? { transaction: spec.transaction } : {}),
    ...(spec.duringExportWindow ? { duringExportWindow: true } : {}),
    schema: {
      ...described(spec),
      ...(spec.body ? { body: spec.body } : {}),
      ...(spec.item ? { response: { [status]: spec.item } } : {}),
    },
    async handler(ctx, input, _request, reply) {
      const answer = await spec.change(ctx as HandlerContext<Sc, Tr>, {
        params: input.params as In<P>,
        body: input.body as In<B>,
      });
      if (!spec.item) return reply.code(204).send();
      if (spec.created) reply.code(201);
      return answer;
    },
  });
}

/** A page of a long list, newest first: `nextBefore` asks for the next page (null: none). */
export function pageOf(item: TSchema) {
  return Type.Object({ items: Type.Array(item), nextBefore: Type.Union([Type.Integer(), Type.Null()]) });
}

/**
 * A `GET` that downloads a CSV file for a spreadsheet, filtered by its query string and naming
 * what it exports by its path (`/x/:id/statistics.csv`).
 */
export interface CsvRouteSpec<Sc extends RouteScope, Q extends TSchema | undefined, P extends TObject>
  extends DeclaredRouteSpec<Sc> {
  query?: Q;
  /** The path parameters, when the path names the thing exported. */
  params?: P;
  /** The file's name (without the path) and its text. */
  csv: (
    ctx: HandlerContext<Sc, 'request'>,
    query: In<Q>,
    params: Static<P>,
  ) => Promise<{ name: string; csv: string }>;
}

/** Registers a CSV download through defineRoute: an attachment, never kept by a cache. */
export function defineCsvRoute<
  const Sc extends RouteScope,
  const Q extends TSchema | undefined = undefined,
  const P extends TObject = TObject<Record<string, never>>,
>(app: FastifyInstance, deps: RouteDeps, spec: CsvRouteSpec<Sc, Q, P>): void {
  defineRoute(app, deps, {
    method: 'GET',
    ...declared(spec),
    schema: { ...described(spec), produces: ['text/csv'] },
    async handler(ctx, input, _request, reply) {
      const { name, csv } = await spec.csv(ctx, queryOf(spec, input), input.params as Static<P>);
      attachmentNotCached(reply, 'text/csv; charset=utf-8', name);
      return csv;
    },
  });
}
