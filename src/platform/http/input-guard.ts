import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Bilingual, Errors } from '../errors.js';

/** The largest PostgreSQL `integer` (ids, versions, revision numbers). */
export const INT4_MAX = 2_147_483_647;

const NUL: Bilingual = {
  ja: '使用できない制御文字（NUL）が含まれています。',
  en: 'contains a NUL control character, which is not allowed.',
};
const LONE_SURROGATE: Bilingual = {
  ja: '文字コードが正しくありません（対になっていないサロゲート）。',
  en: 'is not valid Unicode (it contains an unpaired surrogate).',
};

const LONE_SURROGATE_AT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text: NUL (PostgreSQL refuses it) or a lone surrogate (not UTF-8). */
function unsafeText(value: string): Bilingual | null {
  if (value.includes('\u0000')) return NUL;
  if (LONE_SURROGATE_AT.test(value)) return LONE_SURROGATE;
  return null;
}

/** The path (dotted, as the schema errors name fields) and reason of the first unsafe string or key. */
export function findUnsafeText(value: unknown, path = ''): { field: string; message: Bilingual } | null {
  // Iterative, so a value nested deeper than the stack cannot crash the check.
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [current, where] = stack.pop()!;
    const key = (k: string) => (where ? `${where}.${k}` : k);
    if (typeof current === 'string') {
      const message = unsafeText(current);
      if (message) return { field: where, message };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push([current[i], key(String(i))]);
    } else if (current && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [k, v] = entries[i]!;
        const message = unsafeText(k);
        if (message) return { field: key(k), message };
        stack.push([v, key(k)]);
      }
    }
  }
  return null;
}

/**
 * Refuses NUL characters and lone surrogates in every string a route reads — path, query,
 * parsed headers and JSON body — as a 400 naming the field, before the schema or the database
 * sees them (PostgreSQL cannot store NUL; a lone surrogate is not UTF-8).
 */
export function installTextGuard(app: FastifyInstance): void {
  // Callback-style hooks here: they await nothing, and an async hook costs every request a promise.
  app.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    const parts: [unknown, string][] = [
      [request.params, ''],
      [request.query, ''],
      // Headers only where a route reads them through its schema.
      [request.routeOptions.schema?.headers ? request.headers : undefined, ''],
      [Buffer.isBuffer(request.body) ? undefined : request.body, 'body'],
    ];
    for (const [value, context] of parts) {
      const found = findUnsafeText(value);
      if (found) return done(Errors.invalidField(found.field || context || 'body', found.message));
    }
    done();
  });
}

const NOT_FINITE: Bilingual = {
  ja: '有限の数値を指定してください。',
  en: 'must be a finite number.',
};

/**
 * Ajv's type coercion turns the query strings "Infinity" and "-Infinity" into numbers that pass
 * `type: integer` and even `maximum` (found by test/fuzz-api.test.ts: `limit=Infinity` reached
 * PostgreSQL as a 500). After validation, a non-finite number in the path or query is a 400.
 */
export function refuseNonFiniteNumbers(app: FastifyInstance): void {
  app.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    for (const part of [request.params, request.query]) {
      if (!part || typeof part !== 'object') continue;
      for (const [field, value] of Object.entries(part)) {
        const values = Array.isArray(value) ? value : [value];
        if (values.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
          return done(Errors.invalidField(field, NOT_FINITE));
        }
      }
    }
    done();
  });
}

/**
 * Refuses at start-up a route whose request schema has an integer or number without both a
 * minimum and a maximum: an unbounded number reaches the database as an out-of-range value
 * (a 500) instead of a 400 naming the field.
 */
export function requireBoundedNumbers(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    for (const part of ['params', 'querystring', 'body', 'headers'] as const) {
      const unbounded = findUnboundedNumber(schema[part], part);
      if (unbounded) {
        throw new Error(
          `route ${String(route.method)} ${route.url}: ${unbounded} is a number without minimum and maximum`,
        );
      }
    }
  });
}

function findUnboundedNumber(schema: unknown, path: string): string | null {
  if (!schema || typeof schema !== 'object') return null;
  const s = schema as Record<string, unknown>;
  if (
    (s.type === 'integer' || s.type === 'number') &&
    (typeof s.minimum !== 'number' || typeof s.maximum !== 'number')
  ) {
    return path;
  }
  for (const [key, child] of Object.entries(s)) {
    if (key === 'properties' && child && typeof child === 'object') {
      for (const [name, property] of Object.entries(child)) {
        const found = findUnboundedNumber(property, `${path}.${name}`);
        if (found) return found;
      }
    } else if (Array.isArray(child)) {
      for (const item of child) {
        const found = findUnboundedNumber(item, path);
        if (found) return found;
      }
    } else if (child && typeof child === 'object' && key !== 'default' && key !== 'examples') {
      const found = findUnboundedNumber(child, path);
      if (found) return found;
    }
  }
  return null;
}
