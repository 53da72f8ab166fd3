import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { CATEGORY_KINDS } from '../../../contract/categories.js';
import { KIND_MODULE, KIND_PATH } from '../../../contract/content.js';
import { defineRoute, noContent, type RouteDeps } from '../../../platform/http/route.js';
import {
  CategoryCodeSchema,
  CategoryList,
  CategoryOrderInput,
  CreateCategoryInput,
  OwnCategory,
  UpdateCategoryInput,
} from './categories.schema.js';
import {
  createCategory,
  deleteCategory,
  listCategories,
  orderCategories,
  updateCategory,
} from './categories.service.js';

/** The organisation's own categories of spots and events, beside the standard ones. */
export function registerCategoryRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const kind of CATEGORY_KINDS) {
    const base = `/api/v1/categories/${KIND_PATH[kind]}`;
    const tags = ['categories'];
    const view = { permission: `${KIND_MODULE[kind]}:view` } as const;
    const publish = { permission: `${KIND_MODULE[kind]}:publish` } as const;
    const CodeParams = Type.Object({ code: CategoryCodeSchema });

    defineRoute(app, deps, {
      method: 'GET',
      url: base,
      access: view,
      scope: 'tenant',
      schema: {
        summary: `Standard and own ${kind} categories, with names in every language and how many items use each`,
        tags,
        response: { 200: CategoryList },
      },
      handler: (ctx) => listCategories(ctx, kind),
    });
    defineRoute(app, deps, {
      method: 'POST',
      url: base,
      access: publish,
      scope: 'tenant',
      schema: {
        summary: `Create an own ${kind} category (at the end of the order)`,
        tags,
        body: CreateCategoryInput,
        response: { 201: OwnCategory },
      },
      async handler(ctx, input, _request, reply) {
        reply.code(201);
        return createCategory(ctx, kind, input.body);
      },
    });
    defineRoute(app, deps, {
      method: 'PUT',
      url: base,
      access: publish,
      scope: 'tenant',
      schema: {
        summary: `Set the order of the own ${kind} categories (every code once)`,
        tags,
        body: CategoryOrderInput,
        response: { 200: CategoryList },
      },
      handler: (ctx, input) => orderCategories(ctx, kind, input.body.codes),
    });
    defineRoute(app, deps, {
      method: 'PUT',
      url: `${base}/:code`,
      access: publish,
      scope: 'tenant',
      schema: {
        summary: `Rename an own ${kind} category and set the standard category it maps to in open data`,
        tags,
        params: CodeParams,
        body: UpdateCategoryInput,
        response: { 200: OwnCategory },
      },
      handler: (ctx, input) => updateCategory(ctx, kind, input.params.code, input.body),
    });
    defineRoute(app, deps, {
      method: 'DELETE',
      url: `${base}/:code`,
      access: publish,
      scope: 'tenant',
      schema: {
        summary: `Delete an own ${kind} category that no item uses (409 category_in_use otherwise)`,
        tags,
        params: CodeParams,
      },
      async handler(ctx, input, _request, reply) {
        await deleteCategory(ctx, kind, input.params.code);
        return noContent(reply);
      },
    });
  }
}
