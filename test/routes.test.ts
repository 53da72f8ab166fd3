import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Every public route, on purpose. Adding one means adding it here. */
const PUBLIC_ROUTES = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/openapi.json',
  'GET /s/:serviceCode',
  'GET /s/:serviceCode/',
  'GET /console',
  'GET /ops',
  'GET /ops/',
  'GET /ops/*',
  'POST /api/v1/auth/login',
  'POST /api/v1/ops/auth/login',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
  'GET /api/v1/auth/invitations/:token',
  'POST /api/v1/auth/invitations/accept',
]);
const PUBLIC_PREFIXES = ['/api/docs', '/console/'];

function concrete(url: string): string {
  return url
    .replace(/:serviceCode/g, 'demo')
    .replace(/:[a-zA-Z]+/g, '00000000-0000-0000-0000-000000000000')
    .replace(/\*$/, 'x');
}

describe('every route declares its access', () => {
  it('public routes are exactly the allow-list', () => {
    const publicRoutes = t.app.declaredRoutes
      .filter((r) => 'public' in r.access && r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => !PUBLIC_PREFIXES.some((p) => r.split(' ')[1]!.startsWith(p)));
    expect(new Set(publicRoutes)).toEqual(PUBLIC_ROUTES);
  });

  it('every other route answers 401 without a session, before reading the body', async () => {
    const guarded = t.app.declaredRoutes.filter((r) => !('public' in r.access));
    expect(guarded.length).toBeGreaterThan(0);
    for (const route of guarded) {
      const res = await fetch(`${t.url}${concrete(route.url)}`, {
        method: route.method,
        headers:
          route.method === 'GET' || route.method === 'HEAD' ? {} : { 'content-type': 'application/json' },
        body: route.method === 'GET' || route.method === 'HEAD' ? undefined : '{not json',
      });
      expect(res.status, `${route.method} ${route.url}`).toBe(401);
    }
    process.stdout.write(`route-permission test: ${guarded.length} guarded routes checked\n`);
  });

  it('the OpenAPI document lists every API operation with its security requirement', async () => {
    const res = await fetch(`${t.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const apiRoutes = t.app.declaredRoutes.filter(
      (r) =>
        r.method !== 'HEAD' &&
        (r.url.startsWith('/api/v1/') || ['/healthz', '/readyz', '/metrics'].includes(r.url)),
    );
    for (const route of apiRoutes) {
      const path = route.url.replace(/:([a-zA-Z]+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${path} in OpenAPI`).toBeDefined();
      expect(operation?.security).toEqual('public' in route.access ? [] : [{ session: [] }]);
    }
  });

  it('/api/docs serves a readable page', async () => {
    const res = await fetch(`${t.url}/api/docs/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Swagger UI');
  });
});
