import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import {
  type Client,
  errorCode,
  requestOnHost,
  seedUser,
  signedIn,
  signedInOperator,
} from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestApp;
let operator: Client;

beforeAll(async () => {
  t = await startTestApp({
    env: { SCHEDULER_INTERVAL_MS: '0', BASE_URL: 'https://mitte.example.com' },
    before(app) {
      // Shows which organisation a request reached and on which mapped domain (a site page's view).
      app.get(
        '/s/:serviceCode/test-echo',
        { config: { mitte: { access: { public: true }, scope: 'none' } } },
        async (request) => ({
          serviceCode: (request.params as { serviceCode: string }).serviceCode,
          mappedDomain: request.raw.mitteMappedDomain ?? null,
          url: request.url,
        }),
      );
    },
  });
  await createOrganisation(t.database.db, 'kiyomizu', '清水町');
  await createOrganisation(t.database.db, 'tonari', '隣町');
  operator = await signedInOperator(t, 'ops-domains@mitte.example.jp');
});
afterAll(() => t.close());

const onHost = (host: string, path: string, method = 'GET') => requestOnHost(t, host, path, method);

function setDomain(code: string, siteDomain: string | null) {
  return operator.put(`/api/v1/ops/organisations/${code}/site-domain`, { siteDomain });
}

describe('custom domains', () => {
  it('an operator maps a domain; it is stored lower case and audited', async () => {
    const res = await setDomain('kiyomizu', 'Kanko.Kiyomizu.Example.JP');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ serviceCode: 'kiyomizu', siteDomain: 'kanko.kiyomizu.example.jp' });
    const list = await operator.get('/api/v1/ops/organisations');
    const items = (list.body as { items: { serviceCode: string; siteDomain: string | null }[] }).items;
    expect(items.find((o) => o.serviceCode === 'kiyomizu')?.siteDomain).toBe('kanko.kiyomizu.example.jp');
    const { rows } = await t.database.superuser.query<{ chain: string; details: { to: string } }>(
      "SELECT chain, details FROM audit.events WHERE action = 'organisation.site_domain_changed'",
    );
    expect(rows.map((r) => r.chain).sort()).toEqual(['#provider', 'kiyomizu']);
    expect(rows[0]!.details.to).toBe('kanko.kiyomizu.example.jp');
  });

  it("the mapped host serves the organisation's site at its root, whatever the case or port", async () => {
    const root = await onHost('KANKO.kiyomizu.example.jp:8443', '/');
    expect(root.status).toBe(302);
    // The language redirect stays on the domain, without the /s/{code} prefix.
    expect(root.headers.location).toBe('/ja/');
    const home = await onHost('kanko.kiyomizu.example.jp', '/ja/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('清水町');
    expect(home.body).toContain('<link rel="canonical" href="https://kanko.kiyomizu.example.jp/ja/"');
    expect(home.body).not.toMatch(/href="\/s\//);
    const echo = JSON.parse((await onHost('kanko.kiyomizu.example.jp', '/test-echo?x=1')).body);
    expect(echo).toEqual({
      serviceCode: 'kiyomizu',
      mappedDomain: 'kanko.kiyomizu.example.jp',
      url: '/s/kiyomizu/test-echo?x=1',
    });
  });

  it('robots.txt and sitemap.xml at the root are the organisation’s own', async () => {
    const robots = await onHost('kanko.kiyomizu.example.jp', '/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.body).toContain('Sitemap: https://kanko.kiyomizu.example.jp/sitemap.xml');
    const direct = await onHost('mitte.example.com', '/s/kiyomizu/robots.txt');
    expect(direct.body).toContain('Sitemap: https://mitte.example.com/s/kiyomizu/sitemap.xml');
    const sitemap = await onHost('kanko.kiyomizu.example.jp', '/sitemap.xml');
    expect(sitemap.status).toBe(200);
    expect(sitemap.body).toContain('<loc>https://kanko.kiyomizu.example.jp/ja/</loc>');
    expect(sitemap.body).not.toContain('/s/kiyomizu');
  });

  it('the console, the API and sign-in are not reachable on a mapped domain', async () => {
    for (const [method, path] of [
      ['GET', '/console/'],
      ['GET', '/ops/'],
      ['GET', '/api/v1/public/kiyomizu/spots'],
      ['GET', '/api/openapi.json'],
      ['POST', '/api/v1/auth/login'],
      ['GET', '/metrics'],
    ] as const) {
      expect((await onHost('kanko.kiyomizu.example.jp', path, method)).status, path).toBe(404);
    }
  });

  it("a domain of one organisation never shows another's content", async () => {
    const rights = { spots: 'publish' };
    const other = await signedIn(t, 'tonari', await seedUser(t, 'tonari', { totp: false, rights }));
    const spot = (await other.post('/api/v1/spots', spotData('隣の名所'))).body as {
      id: string;
      version: number;
    };
    expect((await other.post(`/api/v1/spots/${spot.id}/publish`, { version: spot.version })).status).toBe(
      200,
    );
    for (const path of [
      '/s/tonari/',
      '/s/kiyomizu/../tonari/',
      `/api/v1/public/tonari/spots/${spot.id}`,
      '/%2e%2e/tonari/',
    ]) {
      const res = await onHost('kanko.kiyomizu.example.jp', path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('隣');
    }
    const echo = JSON.parse((await onHost('kanko.kiyomizu.example.jp', '/test-echo')).body);
    expect(echo.serviceCode).toBe('kiyomizu');
  });

  it('an unknown host behaves as before', async () => {
    for (const host of ['unknown.example.jp', 'mitte.example.com', '127.0.0.1']) {
      const site = await onHost(host, '/s/tonari/ja/');
      expect(site.status).toBe(200);
      expect(site.body).toContain('隣町');
      expect(site.body).toContain('href="/s/tonari/ja/spots/"');
      expect((await onHost(host, '/healthz')).status).toBe(200);
      const echo = JSON.parse((await onHost(host, '/s/tonari/test-echo')).body);
      expect(echo.mappedDomain).toBeNull();
    }
  });

  it('the mapped host and the service host are cached apart', async () => {
    await onHost('kanko.kiyomizu.example.jp', '/ja/');
    const mapped = await onHost('kanko.kiyomizu.example.jp', '/ja/');
    expect(mapped.headers['x-cache']).toBe('hit');
    const direct = await onHost('other-name.example.com', '/s/kiyomizu/ja/');
    expect(direct.headers['x-cache']).toBe('miss');
    // Each carries links for its own host: a page cached for one is never served to the other.
    expect(mapped.body).not.toMatch(/href="\/s\//);
    expect(direct.body).toContain('href="/s/kiyomizu/ja/spots/"');
  });

  it('refuses an invalid domain naming the field, and the service’s own host', async () => {
    for (const value of [
      'https://x.example.jp/',
      'x.example.jp:80',
      'not a domain',
      '10.0.0.1',
      'mitte.example.com',
    ]) {
      const res = await setDomain('tonari', value);
      expect(res.status, value).toBe(400);
      expect((res.body as { error: { field: string } }).error.field).toBe('siteDomain');
    }
  });

  it('refuses a domain another organisation uses (409)', async () => {
    const res = await setDomain('tonari', 'kanko.kiyomizu.example.jp');
    expect(res.status).toBe(409);
    expect(errorCode(res)).toBe('site_domain_taken');
    expect((res.body as { error: { field: string } }).error.field).toBe('siteDomain');
    expect((await onHost('kanko.kiyomizu.example.jp', '/ja/')).body).toContain('清水町');
  });

  it('an unknown organisation is 404; organisation accounts cannot set domains', async () => {
    expect((await setDomain('nowhere', 'x.example.jp')).status).toBe(404);
    const admin = await signedIn(t, 'tonari', await seedUser(t, 'tonari', { role: 'admin' }));
    const res = await admin.put('/api/v1/ops/organisations/tonari/site-domain', {
      siteDomain: 'y.example.jp',
    });
    expect(res.status).toBe(403);
  });

  it('removing the domain (null) returns the host to normal at once', async () => {
    const res = await setDomain('kiyomizu', null);
    expect(res.status).toBe(200);
    expect((res.body as { siteDomain: string | null }).siteDomain).toBeNull();
    const echo = JSON.parse((await onHost('kanko.kiyomizu.example.jp', '/s/kiyomizu/test-echo')).body);
    expect(echo.mappedDomain).toBeNull();
    expect((await onHost('kanko.kiyomizu.example.jp', '/')).status).toBe(404);
  });
});

describe('strict host check (HOST_CHECK=strict, the production default)', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await startTestApp({
      env: {
        SCHEDULER_INTERVAL_MS: '0',
        BASE_URL: 'https://mitte.example.com',
        HOST_CHECK: 'strict',
        ALLOWED_HOSTS: 'mitte.internal',
      },
    });
    await createOrganisation(strict.database.db, 'kiyomizu', '清水町');
  });
  afterAll(() => strict?.close());

  it('an unknown domain is 404 on every path; the service hosts, IPs and localhost answer', async () => {
    for (const path of ['/s/kiyomizu/ja/', '/healthz', '/console/', '/api/v1/public/kiyomizu/spots']) {
      const res = await requestOnHost(strict, 'unknown.example.jp', path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('清水町');
    }
    for (const host of ['mitte.example.com', 'MITTE.internal:8443', '127.0.0.1', 'localhost:3000']) {
      const home = await requestOnHost(strict, host, '/s/kiyomizu/ja/');
      expect(home.status, host).toBe(200);
      expect(home.body).toContain('清水町');
      expect((await requestOnHost(strict, host, '/healthz')).status, host).toBe(200);
    }
  });
});
