import type { FastifyInstance } from 'fastify';
import { type Static, type TObject, type TSchema, Type } from 'typebox';
import { type Access, defineRoute, type HandlerContext, type RouteDeps, type RouteScope } from './route.js';

/** What every read-only route declares: where, who may call it, and how it shows in the API document. */
interface ReadRouteSpec<Sc extends RouteScope> {
  url: string;
  access: Access;
  scope: Sc;
  summary: string;
  tags: string[];
}

/** A `GET` that answers `{ items }`: one declaration for the many "list the X" routes. */
export interface ListRouteSpec<Sc extends RouteScope> extends ReadRouteSpec<Sc> {
  /** The schema of one item; the answer is `{ items: item[] }`. */
  item: TSchema;
  /** Private answers (accounts, sessions) are not kept by a cache. */
  noStore?: true;
  list: (ctx: HandlerContext<Sc, 'request'>) => Promise<unknown[]>;
}

/** Registers a list route through defineRoute (same declared access, guard and transaction). */
export function defineListRoute<const Sc extends RouteScope>(
  app: FastifyInstance,
  deps: RouteDeps,
  spec: ListRouteSpec<Sc>,
): void {
  const { item, list, ...route } = spec;
  defineGetRoute(app, deps, {
    ...route,
    item: Type.Object({ items: Type.Array(item) }),
    get: async (ctx) => ({ items: await list(ctx) }),
  });
}

/**
 * A `GET` that answers one thing: the organisation's settings, or one X named by the path
 * (`/x/:id`). One declaration for the many "show the X" routes.
 */
export interface GetRouteSpec<Sc extends RouteScope, P extends TObject> extends ReadRouteSpec<Sc> {
  /** The path parameters, when the path names the thing. */
  params?: P;
  /** The schema of the answer. */
  item: TSchema;
  /** Private answers (accounts, sessions) are not kept by a cache. */
  noStore?: true;
  get: (ctx: HandlerContext<Sc, 'request'>, params: Static<P>) => Promise<unknown>;
}

/** Registers a show-one route through defineRoute (same declared access, guard and transaction). */
export function defineGetRoute<
  const Sc extends RouteScope,
  const P extends TObject = TObject<Record<string, never>>,
>(app: FastifyInstance, deps: RouteDeps, spec: GetRouteSpec<Sc, P>): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: spec.url,
    access: spec.access,
    scope: spec.scope,
    ...(spec.noStore ? { noStore: true } : {}),
    schema: {
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.params ? { params: spec.params } : {}),
      response: { 200: spec.item },
    },
    async handler(ctx, input) {
      return spec.get(ctx, input.params as Static<P>);
    },
  });
}
