import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { seedUser, signedIn, signedInOperator } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

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
  // The provider's status page (open incidents, planned maintenance; no organisation named).
  'GET /status',
  'GET /api/v1/status',
  'GET /s/:serviceCode',
  'GET /s/:serviceCode/',
  'GET /s/:serviceCode/media/:id/:variant',
  // A signed preview link is its own permission (no session): issue 12.
  'GET /s/:serviceCode/preview/:token/:lang',
  'GET /s/:serviceCode/preview/:token/media/:id/:variant',
  'GET /s/:serviceCode/:lang',
  'GET /s/:serviceCode/:lang/',
  'GET /s/:serviceCode/:lang/spots/',
  'GET /s/:serviceCode/:lang/spots/:id',
  'GET /s/:serviceCode/:lang/events/',
  'GET /s/:serviceCode/:lang/events/:id',
  'GET /s/:serviceCode/:lang/courses/',
  'GET /s/:serviceCode/:lang/courses/:id',
  'GET /s/:serviceCode/:lang/articles/',
  'GET /s/:serviceCode/:lang/articles/:id',
  'GET /s/:serviceCode/:lang/search',
  'GET /s/:serviceCode/:lang/privacy',
  'GET /s/:serviceCode/sitemap.xml',
  'GET /s/:serviceCode/sitemaps/:file',
  'GET /s/:serviceCode/robots.txt',
  'GET /s/:serviceCode/*',
  'GET /site-assets/*',
  'GET /console',
  'GET /ops',
  'GET /ops/',
  'GET /ops/*',
  'POST /api/v1/auth/login',
  'POST /api/v1/ops/auth/login',
  // An operator's mailed links (invitation, password set-up after an approved reset): issue 15.
  'GET /api/v1/ops/auth/links/:purpose/:token',
  'POST /api/v1/ops/auth/invitations/accept',
  'POST /api/v1/ops/auth/password/confirm',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
  'GET /api/v1/auth/invitations/:token',
  'POST /api/v1/auth/invitations/accept',
  ...['spots', 'events', 'courses', 'articles'].flatMap((p) => [
    `GET /api/v1/public/:serviceCode/${p}`,
    `GET /api/v1/public/:serviceCode/${p}/:id`,
  ]),
  'GET /api/v1/public/:serviceCode/search',
  'GET /api/v1/public/:serviceCode/spots/:id/jsonld',
  'GET /api/v1/public/:serviceCode/events/:id/jsonld',
  'GET /api/v1/public/:serviceCode/courses/:id/jsonld',
  'GET /api/v1/public/:serviceCode/articles/:id/jsonld',
  'GET /api/v1/public/:serviceCode/opendata/tourism.csv',
  'GET /api/v1/public/:serviceCode/opendata/events.csv',
  'GET /api/v1/public/:serviceCode/opendata/spots.geojson',
  'GET /api/v1/public/:serviceCode/opendata/events.ics',
  // Stamp rally visitors join and check in without an account (issue 16).
  'POST /api/v1/public/:serviceCode/rally/:slug/join',
  'POST /api/v1/public/:serviceCode/rally/:slug/recover',
  'POST /api/v1/public/:serviceCode/rally/:slug/check-in',
  'GET /api/v1/public/:serviceCode/rally/:slug/card',
  'POST /api/v1/public/:serviceCode/rally/:slug/apply',
  'POST /api/v1/public/:serviceCode/rally/:slug/confirm',
  'GET /api/v1/public/:serviceCode/rally/:slug/checkpoints.geojson',
  'GET /api/v1/public/:serviceCode/rally/:slug/event.jsonld',
  'GET /s/:serviceCode/:lang/rally/:slug/',
  'POST /s/:serviceCode/:lang/rally/:slug/join',
  'POST /s/:serviceCode/:lang/rally/:slug/recover',
  'GET /s/:serviceCode/:lang/rally/:slug/card',
  // What the rally keeps about visitors and applicants, and when applicants' data is deleted.
  'GET /s/:serviceCode/:lang/rally/:slug/privacy',
  'GET /s/:serviceCode/:lang/rally/:slug/confirm',
  'POST /s/:serviceCode/:lang/rally/:slug/confirm',
  // The survey and prize application form, and the page its redirect shows.
  'GET /s/:serviceCode/:lang/rally/:slug/apply',
  'POST /s/:serviceCode/:lang/rally/:slug/apply',
  'GET /s/:serviceCode/:lang/rally/:slug/applied',
  // The stamp card as an installable app that keeps its last copy offline (issue 16).
  'GET /s/:serviceCode/:lang/rally/:slug/manifest.webmanifest',
  'GET /s/:serviceCode/:lang/rally/:slug/sw.js',
  'GET /s/:serviceCode/:lang/rally/:slug/c/:checkpointId',
  'POST /s/:serviceCode/:lang/rally/:slug/c/:checkpointId',
  'GET /s/:serviceCode/rally/:slug/c/:checkpointId',
]);
const PUBLIC_PREFIXES = ['/api/docs', '/console/'];

function concrete(url: string): string {
  return url
    .replace(/:serviceCode/g, 'demo')
    .replace(/:[a-zA-Z]+/g, '00000000-0000-0000-0000-000000000000')
    .replace(/\*$/, 'x');
}

describe('the consoles’ routes', () => {
  it('are the same whether or not the console is built; unbuilt, each says so (503)', async () => {
    const built = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-console-'));
    fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>console</title>');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-console-'));
    // The shell's routes (a built console's own files are served under /console/ besides).
    const routes = (app: TestApp) =>
      new Set(
        app.app.declaredRoutes
          .filter((r) => r.method !== 'HEAD' && /^\/(console|ops)(\/\*?)?$/.test(r.url))
          .map((r) => `${r.method} ${r.url}`),
      );
    const a = await startTestApp({ deps: { consoleDir: built } });
    const b = await startTestApp({ deps: { consoleDir: empty } });
    try {
      const shellRoutes = ['/console', '/console/', '/console/*', '/ops', '/ops/', '/ops/*'];
      expect(routes(a)).toEqual(new Set(shellRoutes.map((url) => `GET ${url}`)));
      expect(routes(b)).toEqual(routes(a));
      const shell = await fetch(`${a.url}/ops/organisations`);
      expect(shell.status).toBe(200);
      expect(await shell.text()).toContain('<title>console</title>');
      for (const url of ['/console/', '/console/spots', '/ops/', '/ops/organisations']) {
        const res = await fetch(`${b.url}${url}`);
        expect(res.status, url).toBe(503);
        expect(await res.text(), url).toContain('npm run build:console');
      }
      const redirect = await fetch(`${b.url}/ops`, { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('/ops/');
    } finally {
      await a.close();
      await b.close();
      fs.rmSync(built, { recursive: true, force: true });
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

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

  it('every permission route answers 403 to a signed-in account without that permission, and realms do not mix', async () => {
    await createOrganisation(t.database.db, 'routes-org');
    const general = await signedIn(
      t,
      'routes-org',
      await seedUser(t, 'routes-org', { role: 'general', totp: false }),
    );
    const operator = await signedInOperator(t, 'ops-routes@mitte.example.jp');

    let checked = 0;
    for (const route of t.app.declaredRoutes.filter((r) => r.method !== 'HEAD')) {
      const path = concrete(route.url);
      const body = route.method === 'GET' ? undefined : {};
      if ('permission' in route.access) {
        // A general user with no rights holds no permission; operators hold only ops:*.
        const asUser = await general.request(route.method, path, body);
        const asOperator = await operator.request(route.method, path, body);
        if (route.access.permission.startsWith('ops:')) {
          expect(asUser.status, `user → ${route.method} ${route.url}`).toBe(403);
        } else {
          expect(asUser.status, `user → ${route.method} ${route.url}`).toBe(403);
          expect(asOperator.status, `operator → ${route.method} ${route.url}`).toBe(403);
        }
        checked += 1;
      } else if ('account' in route.access && route.access.account !== 'any') {
        const wrong = route.access.account === 'user' ? operator : general;
        expect((await wrong.request(route.method, path, body)).status, `${route.method} ${route.url}`).toBe(
          403,
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(15);
    process.stdout.write(`route-permission test: ${checked} routes answered 403 without the permission\n`);
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
