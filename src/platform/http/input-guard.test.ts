import Fastify from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { findUnsafeText, requireBoundedNumbers } from './input-guard.js';
import { tooDeep } from './json-body.js';
import { isStrictDate, isStrictDateTime } from './strict-formats.js';

describe('input guard', () => {
  it('names the first NUL or lone surrogate, in values and keys, however deep', () => {
    expect(findUnsafeText({ a: ['ok', 'x\u0000'] })?.field).toBe('a.1');
    expect(findUnsafeText({ name: { ja: 'x\ud800' } })?.field).toBe('name.ja');
    expect(findUnsafeText({ 'k\udc00': 1 })?.field).toBe('k\udc00');
    expect(findUnsafeText({ ok: '絵文字 😀 は対のサロゲート' })).toBeNull();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(findUnsafeText(deep)?.field).toMatch(/^0\.0\./);
  });

  it('refuses at start-up a route with a number lacking bounds', () => {
    const app = Fastify();
    requireBoundedNumbers(app);
    const handler = async () => ({});
    expect(() =>
      app.get(
        '/ok',
        { schema: { querystring: Type.Object({ n: Type.Integer({ minimum: 1, maximum: 9 }) }) } },
        handler,
      ),
    ).not.toThrow();
    expect(() =>
      app.get('/bad', { schema: { querystring: Type.Object({ n: Type.Integer({ minimum: 1 }) }) } }, handler),
    ).toThrow(/querystring\.n is a number without minimum and maximum/);
    expect(() =>
      app.post('/bad-body', { schema: { body: Type.Object({ a: Type.Array(Type.Number()) }) } }, handler),
    ).toThrow(/body\.a/);
  });
});

describe('JSON depth', () => {
  it('finds the top-level field of a too-deep value without recursion', () => {
    expect(tooDeep('{"a":{"b":[1,2]}}', 3)).toBeNull();
    expect(tooDeep('{"a":{"b":[[1]]}}', 3)).toBe('a');
    expect(tooDeep(`{"x":"[[[[","y":${'['.repeat(1_000_000)}`, 32)).toBe('y');
    expect(tooDeep('[[[[1]]]]', 2)).toBe('0');
    expect(tooDeep('{"a\\"b":[[[[1]]]]}', 2)).toBe('a"b');
  });
});

describe('strict dates', () => {
  it('accepts real days and instants only', () => {
    expect(isStrictDate('2024-02-29')).toBe(true);
    expect(isStrictDate('2026-02-29')).toBe(false);
    expect(isStrictDate('2026-02-30')).toBe(false);
    expect(isStrictDate('0000-01-01')).toBe(false);
    expect(isStrictDateTime('2026-04-01T09:00:00+09:00')).toBe(true);
    expect(isStrictDateTime('2026-04-01T09:00:00.123Z')).toBe(true);
    expect(isStrictDateTime('2016-12-31T23:59:60Z')).toBe(false);
    expect(isStrictDateTime('2026-04-31T00:00:00Z')).toBe(false);
    expect(isStrictDateTime('2026-04-01T24:00:00Z')).toBe(false);
    expect(isStrictDateTime('2026-04-01T00:00:00+15:00')).toBe(false);
    expect(isStrictDateTime('2999-12-31T23:00:00-05:00')).toBe(false);
  });
});
