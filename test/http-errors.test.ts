import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineRoute } from '../src/platform/http/route.js';
import { startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    env: { BODY_LIMIT_BYTES: '2048' },
    before(app, deps) {
      // A public echo route exercising body parsing and validation of the platform.
      defineRoute(
        app,
        { db: deps.db, authenticate: async () => null },
        {
          method: 'POST',
          url: '/api/v1/public/:serviceCode/echo',
          access: { public: true },
          scope: 'tenant',
          schema: {
            summary: 'test echo',
            params: Type.Object({ serviceCode: Type.String() }),
            body: Type.Object(
              {
                name: Type.String({ minLength: 1, maxLength: 10 }),
                count: Type.Integer({ minimum: 0, maximum: 1000 }),
              },
              { additionalProperties: false },
            ),
          },
          async handler(ctx, input) {
            return { org: ctx.org?.serviceCode, name: input.body.name };
          },
        },
      );
    },
  });
  const { provisionOrganisation } = await import('../src/modules/organisations/organisation.service.js');
  const { runAsSystem } = await import('../src/platform/access/system-context.js');
  await runAsSystem(t.database.db, { kind: 'provider' }, 'test', ['ops:organisations'], (ctx) =>
    provisionOrganisation(ctx, { serviceCode: 'echo-town', nameJa: 'エコー町', nameEn: 'Echo Town' }),
  );
});
afterAll(() => t.close());

function post(path: string, body: string, type = 'application/json') {
  return fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
}

function expectErrorShape(body: unknown, code: string) {
  const error = (body as { error: Record<string, unknown> }).error;
  expect(error.code).toBe(code);
  expect(error.message).toEqual({ ja: expect.any(String), en: expect.any(String) });
  expect((error.message as { ja: string }).ja).toMatch(/[ぁ-んァ-ン一-龯]/);
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
}

describe('HTTP error shape', () => {
  it('answers a valid request', async () => {
    const res = await post('/api/v1/public/echo-town/echo', JSON.stringify({ name: 'a', count: 1 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ org: 'echo-town', name: 'a' });
  });

  it('400 for malformed JSON', async () => {
    const res = await post('/api/v1/public/echo-town/echo', '{"name": ');
    expect(res.status).toBe(400);
    expectErrorShape(await res.json(), 'malformed_json');
  });

  it('400 naming the field and the reason in Japanese and English', async () => {
    const res = await post('/api/v1/public/echo-town/echo', JSON.stringify({ name: '', count: 1 }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field: string; message: { ja: string; en: string } } };
    expectErrorShape(body, 'validation_failed');
    expect(body.error.field).toBe('name');
    expect(body.error.message.ja).toContain('1 文字以上');
    expect(body.error.message.en).toContain('at least 1 characters');
  });

  it('400 for a missing field, naming it', async () => {
    const res = await post('/api/v1/public/echo-town/echo', JSON.stringify({ name: 'x' }));
    const body = (await res.json()) as { error: { field: string; message: { ja: string } } };
    expect(res.status).toBe(400);
    expect(body.error.field).toBe('count');
    expect(body.error.message.ja).toContain('必須');
  });

  it('400 for an unknown field', async () => {
    const res = await post(
      '/api/v1/public/echo-town/echo',
      JSON.stringify({ name: 'x', count: 1, extra: 1 }),
    );
    const body = (await res.json()) as { error: { field: string } };
    expect(res.status).toBe(400);
    expect(body.error.field).toBe('extra');
  });

  it('413 for a body over the limit', async () => {
    const res = await post(
      '/api/v1/public/echo-town/echo',
      JSON.stringify({ name: 'x'.repeat(5000), count: 1 }),
    );
    expect(res.status).toBe(413);
    expectErrorShape(await res.json(), 'payload_too_large');
  });

  it('415 for a content type the route does not read', async () => {
    const res = await post('/api/v1/public/echo-town/echo', 'name=x', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expectErrorShape(await res.json(), 'unsupported_media_type');
  });

  it('415 for a multipart body sent to a route that takes no upload (only upload routes parse multipart)', async () => {
    const form = new FormData();
    form.append('name', 'x');
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'a.txt');
    const res = await fetch(`${t.url}/api/v1/public/echo-town/echo`, { method: 'POST', body: form });
    expect(res.status).toBe(415);
    expectErrorShape(await res.json(), 'unsupported_media_type');
  });

  it('404 for an unknown service code, the same as for an unknown route', async () => {
    const unknownOrg = await post(
      '/api/v1/public/no-such-town/echo',
      JSON.stringify({ name: 'a', count: 1 }),
    );
    const unknownRoute = await fetch(`${t.url}/api/v1/nothing-here`);
    expect(unknownOrg.status).toBe(404);
    expect(unknownRoute.status).toBe(404);
    const a = (await unknownOrg.json()) as { error: { code: string; message: unknown } };
    const b = (await unknownRoute.json()) as { error: { code: string; message: unknown } };
    expectErrorShape(a, 'not_found');
    expect(a.error.message).toEqual(b.error.message);
  });

  it('404 for a malformed service code: the error shape on the API, a page on the public site', async () => {
    const api = await fetch(`${t.url}/api/v1/public/NOT_VALID/spots`);
    expect(api.status).toBe(404);
    expectErrorShape(await api.json(), 'not_found');
    const site = await fetch(`${t.url}/s/NOT_VALID/`);
    expect(site.status).toBe(404);
    expect(site.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('sends security headers and a request id', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // Map tiles come from the configured tile server only.
    expect(res.headers.get('content-security-policy')).toContain(
      "img-src 'self' data: blob: https://tile.openstreetmap.jp;",
    );
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
