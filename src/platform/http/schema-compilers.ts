import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type ValidatorFactory = ReturnType<typeof AjvCompiler>;
type SerializerFactory = ReturnType<typeof SerializerSelector>;

/**
 * Fastify's own schema compilers (same compilers, same options), with one cache per process: an
 * app compiles each route's schemas when it starts (about 0.7 s of CPU for all routes), and a
 * process that builds apps again (the tests build over a hundred a run) gets the compiled
 * function of an identical schema back instead of compiling it again. A schema is identified by
 * its JSON text, the request part or response it is for, and the compiler's options.
 */
export function sharedSchemaCompilers(): {
  buildValidator: ValidatorFactory;
  buildSerializer: SerializerFactory;
} {
  return { buildValidator: VALIDATORS, buildSerializer: SERIALIZERS };
}

export type RouteSchema = { schema: unknown; httpPart?: string; httpStatus?: string; contentType?: string };

export function compileOncePerSchema<
  F extends (externals: never, options: never) => (route: never) => unknown,
>(factory: F): F {
  const pools = new Map<string, Map<string, unknown>>();
  return ((externals: unknown, options: unknown) => {
    const compile = factory(externals as never, options as never) as (route: RouteSchema) => unknown;
    const poolKey = JSON.stringify([externals, options]);
    const compiled = pools.get(poolKey) ?? new Map<string, unknown>();
    pools.set(poolKey, compiled);
    return (route: RouteSchema) => {
      const key = JSON.stringify([route.httpPart, route.httpStatus, route.contentType, route.schema]);
      if (!compiled.has(key)) compiled.set(key, compile(route));
      return compiled.get(key);
    };
  }) as unknown as F;
}

const VALIDATORS = compileOncePerSchema(AjvCompiler());
const SERIALIZERS = compileOncePerSchema(SerializerSelector());
