import type { FastifyInstance } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { type Access, defineRoute, type HandlerContext, type RouteDeps, type RouteScope } from './route.js';

/** A `GET` that answers `{ items }`: one declaration for the many "list the X" routes. */
export interface ListRouteSpec<Sc extends RouteScope> {
  url: string;
  access: Access;
  scope: Sc;
  summary: string;
  tags: string[];
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
  defineRoute(app, deps, {
    method: 'GET',
    url: spec.url,
    access: spec.access,
    scope: spec.scope,
    ...(spec.noStore ? { noStore: true } : {}),
    schema: {
      summary: spec.summary,
      tags: spec.tags,
      response: { 200: Type.Object({ items: Type.Array(spec.item) }) },
    },
    async handler(ctx) {
      return { items: await spec.list(ctx) };
    },
  });
}
