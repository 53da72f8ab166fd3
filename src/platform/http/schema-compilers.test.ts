import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { compileOncePerSchema, type RouteSchema, sharedSchemaCompilers } from './schema-compilers.js';

const body = {
  type: 'object',
  properties: { name: { type: 'string', maxLength: 3 } },
  required: ['name'],
  additionalProperties: false,
};
const response = { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } };

describe('schema compilers shared per process', () => {
  it('compiles an identical schema once across apps, and a different schema or request part anew', () => {
    const compiled: unknown[] = [];
    const factory = compileOncePerSchema((_externals: unknown, _options: unknown) => (route: RouteSchema) => {
      compiled.push(route.schema);
      return () => true;
    });
    const appA = factory({}, { allErrors: true });
    const appB = factory({}, { allErrors: true });
    const a = appA({ schema: body, httpPart: 'body' });
    expect(appB({ schema: structuredClone(body), httpPart: 'body' })).toBe(a);
    expect(appB({ schema: body, httpPart: 'querystring' })).not.toBe(a);
    expect(appB({ schema: { ...body, required: [] }, httpPart: 'body' })).not.toBe(a);
    // Other compiler options: compiled apart.
    expect(factory({}, { allErrors: false })({ schema: body, httpPart: 'body' })).not.toBe(a);
    expect(compiled).toHaveLength(4);
  });

  it('apps sharing them validate and serialise as Fastify does by default, each by its own schema', async () => {
    const app = (schema: { body: object; response: object }) => {
      const a = Fastify({ schemaController: { compilersFactory: sharedSchemaCompilers() } });
      a.post('/x', { schema }, async () => ({ ok: true, secret: 'not in the schema' }));
      return a;
    };
    const first = app({ body, response });
    const second = app({ body: structuredClone(body), response: structuredClone(response) });
    const lenient = app({ body: { ...body, required: [] }, response });
    for (const a of [first, second]) {
      const bad = await a.inject({ method: 'POST', url: '/x', payload: { name: 'toolong' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toContain('must NOT have more than 3 characters');
      expect((await a.inject({ method: 'POST', url: '/x', payload: { name: 'abc' } })).json()).toEqual({
        ok: true,
      });
    }
    expect((await lenient.inject({ method: 'POST', url: '/x', payload: {} })).statusCode).toBe(200);
    await Promise.all([first.close(), second.close(), lenient.close()]);
  });
});
