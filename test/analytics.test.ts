import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withProvider, withTenant } from '../src/db/scope.js';
import type { AnalyticsSummary } from '../src/modules/analytics/analytics.schema.js';
import { AnalyticsRecorder } from '../src/modules/analytics/recorder.js';
import { closeFinishedDays, VisitorSalts } from '../src/modules/analytics/visitor-days.js';
import { defineRoute, type RouteDeps } from '../src/platform/http/route.js';
import { jstDate } from '../src/platform/time/jst.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, cookieHeader, errorCode, seedUser, signedIn } from './helpers/client.js';
import { eventData, publishNew, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

const ORG = 'kanko';
const OTHER = 'tonari';

// Visitors: documentation addresses (RFC 5737) through the trusted proxy, and real browser UAs.
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const ANDROID_TABLET =
  'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const A = { ip: '203.0.113.10', ua: IPHONE };
const B = { ip: '203.0.113.20', ua: WINDOWS };
const C = { ip: '203.0.113.30', ua: ANDROID_TABLET };
const BOT = { ip: '203.0.113.40', ua: GOOGLEBOT };
const DNT = { ip: '203.0.113.50', ua: FIREFOX };
const GPC = { ip: '198.51.100.60', ua: FIREFOX };
const ALL_IPS = [A, B, C, BOT, DNT, GPC].map((v) => v.ip);
const ALL_UAS = [IPHONE, WINDOWS, ANDROID_TABLET, FIREFOX, GOOGLEBOT];
const SEARCH_TERM = 'himitsu-no-kensaku';

let t: TestApp;
let admin: Client;
let viewer: Client;
let noRight: Client;
let otherViewer: Client;
let spot1: string;
let spot2: string;
let event1: string;
let draftSpot: string;
let today: string;

/**
 * The public site's pages are built on another branch; where this app does not have them yet,
 * stand-ins of exactly the declared route shapes answer the way those pages do (200 HTML for a
 * published item, 404 otherwise, ETag and 304). With the real pages present they are used as is.
 */
function registerStandInPages(app: FastifyInstance, deps: RouteDeps): void {
  const params = Type.Object({ serviceCode: Type.String(), lang: Type.String() });
  const withId = Type.Object({ serviceCode: Type.String(), lang: Type.String(), id: Type.String() });
  const page = (url: string, schema: typeof params | typeof withId, kind?: 'spot' | 'event') => {
    if (app.hasRoute({ method: 'GET', url })) return;
    defineRoute(app, deps, {
      method: 'GET',
      url,
      access: { public: true },
      scope: 'tenant',
      schema: { summary: 'stand-in page', hide: true, params: schema },
      async handler(ctx, input, request, reply) {
        const id = (input.params as { id?: string }).id;
        if (kind) {
          const live = await ctx.tx
            .selectFrom('tenant.content_items')
            .select('id')
            .where('kind', '=', kind)
            .where('id', '=', id!)
            .where('published_data', 'is not', null)
            .executeTakeFirst();
          if (!live) return reply.code(404).type('text/html; charset=utf-8').send('<p>not found</p>');
        }
        const etag = `"${url.length}-${id ?? ''}"`;
        reply.header('etag', etag).header('cache-control', 'public, max-age=60');
        if (request.headers['if-none-match'] === etag) return reply.code(304).send();
        return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="ja"><p>${url}</p>`);
      },
    });
  };
  page('/s/:serviceCode/:lang/', params);
  page('/s/:serviceCode/:lang/search', params);
  page('/s/:serviceCode/:lang/spots/:id', withId, 'spot');
  page('/s/:serviceCode/:lang/events/:id', withId, 'event');
}

async function visit(
  who: { ip: string; ua: string },
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
) {
  const res = await fetch(`${t.url}/s/${path}`, {
    method,
    headers: { 'x-forwarded-for': who.ip, 'user-agent': who.ua, ...headers },
    redirect: 'manual',
  });
  await res.arrayBuffer();
  return res;
}

async function summary(client: Client, query = `from=${today}&to=${today}`): Promise<AnalyticsSummary> {
  const res = await client.get(`/api/v1/analytics/summary?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as AnalyticsSummary;
}

async function analyticsRows(): Promise<string[]> {
  const texts: string[] = [];
  for (const table of [
    'tenant.analytics_daily',
    'tenant.analytics_daily_visitors',
    'tenant.analytics_visitors',
    'provider.analytics_salts',
  ]) {
    const { rows } = await t.database.superuser.query(`SELECT row_to_json(x)::text AS j FROM ${table} x`);
    texts.push(...rows.map((r: { j: string }) => r.j));
  }
  return texts;
}

beforeAll(async () => {
  t = await startTestApp({
    env: { SCHEDULER_INTERVAL_MS: '0', TRUST_PROXY: '127.0.0.1' },
    before: (app, deps) =>
      registerStandInPages(app, { db: deps.db, authenticate: async () => null } satisfies RouteDeps),
  });
  await createOrganisation(t.database.db, ORG);
  await createOrganisation(t.database.db, OTHER);
  // Every language the visits use is enabled (the real site answers 404 for the others).
  await t.database.superuser.query(
    "UPDATE tenant.site_settings SET languages = ARRAY['ja','en','ko'] WHERE org IN ('kanko','tonari')",
  );
  admin = await signedIn(t, ORG, await seedUser(t, ORG, { role: 'admin' }));
  viewer = await signedIn(t, ORG, await seedUser(t, ORG, { totp: false, rights: { analytics: 'view' } }));
  noRight = await signedIn(t, ORG, await seedUser(t, ORG, { totp: false, rights: { spots: 'publish' } }));
  otherViewer = await signedIn(
    t,
    OTHER,
    await seedUser(t, OTHER, { totp: false, rights: { analytics: 'view' } }),
  );
  spot1 = await publishNew(admin, 'spots', spotData('清水寺'));
  spot2 = await publishNew(admin, 'spots', spotData('八坂神社'));
  event1 = await publishNew(admin, 'events', eventData('祇園祭'));
  const draft = await admin.post('/api/v1/spots', spotData('下書きの寺'));
  draftSpot = (draft.body as { id: string }).id;
  today = jstDate(new Date());
}, 60_000);
afterAll(() => t?.close());

describe('recording a scripted set of visits', () => {
  it('counts views and visitors exactly; bots, DNT, GPC, HEAD and failed pages are not counted', async () => {
    const own = `${t.url}/s/${ORG}/ja/`;
    // Visitor A (iPhone): home, a spot from the site's own page, then the same spot from Google.
    const home = await visit(A, `${ORG}/ja/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('set-cookie')).toBeNull();
    expect((await visit(A, `${ORG}/ja/spots/${spot1}`, { referer: own })).status).toBe(200);
    await t.app.analytics.flush();
    // The same visitor again after a flush: one more view, still one visitor.
    await visit(A, `${ORG}/ja/spots/${spot1}`, { referer: 'https://www.google.co.jp/search?q=kiyomizu' });
    expect((await visit(A, `${ORG}/ja/spots/${spot1}`, {}, 'HEAD')).status).toBe(200);

    // Visitor B (Windows): English home from Google, an event, a spot, then the event revalidated.
    await visit(B, `${ORG}/en/`, { referer: 'https://www.google.co.jp/' });
    const event = await visit(B, `${ORG}/en/events/${event1}`);
    expect(event.status).toBe(200);
    await visit(B, `${ORG}/en/spots/${spot1}`);
    const revalidated = await visit(B, `${ORG}/en/events/${event1}`, {
      'if-none-match': event.headers.get('etag') ?? '',
    });
    expect(revalidated.status).toBe(304);

    // Visitor C (Android tablet): a Korean spot page from a social site, then a search.
    await visit(C, `${ORG}/ko/spots/${spot2}`, { referer: 'https://social.example/post/1?utm_source=x' });
    expect((await visit(C, `${ORG}/ko/search?q=${SEARCH_TERM}`)).status).toBe(200);

    // Not counted: a bot, Do Not Track, Global Privacy Control, a draft (404).
    expect((await visit(BOT, `${ORG}/ja/spots/${spot1}`)).status).toBe(200);
    expect((await visit(DNT, `${ORG}/ja/`, { dnt: '1' })).status).toBe(200);
    expect((await visit(GPC, `${ORG}/en/spots/${spot2}`, { 'sec-gpc': '1' })).status).toBe(200);
    expect((await visit(A, `${ORG}/ja/spots/${draftSpot}`)).status).toBe(404);
    // Another organisation's visit is counted there only.
    expect((await visit(C, `${OTHER}/ja/`)).status).toBe(200);
    await t.app.analytics.flush();

    const s = await summary(viewer);
    expect(s.totals).toEqual({ views: 9, visitors: 3 });
    expect(s.days).toEqual([{ day: today, views: 9, visitors: 3 }]);
    expect(s.topSpots).toEqual([
      { id: spot1, title: { ja: '清水寺', en: '清水寺 (en)' }, views: 3, visitors: 2 },
      { id: spot2, title: { ja: '八坂神社', en: '八坂神社 (en)' }, views: 1, visitors: 1 },
    ]);
    expect(s.topEvents).toEqual([{ id: event1, title: { ja: '祇園祭' }, views: 2, visitors: 1 }]);
    expect(s.languages).toEqual([
      { value: 'en', views: 4, visitors: 1 },
      { value: 'ja', views: 3, visitors: 1 },
      { value: 'ko', views: 2, visitors: 1 },
    ]);
    expect(s.referrers).toEqual([
      { value: '', views: 6, visitors: 3 },
      { value: 'www.google.co.jp', views: 2, visitors: 2 },
      { value: 'social.example', views: 1, visitors: 1 },
    ]);
    expect(s.devices).toEqual([
      { value: 'desktop', views: 4, visitors: 1 },
      { value: 'mobile', views: 3, visitors: 1 },
      { value: 'tablet', views: 2, visitors: 1 },
    ]);
    expect(s.pages).toEqual([
      { value: 'spots/:id', views: 4, visitors: 3 },
      { value: 'events/:id', views: 2, visitors: 1 },
      { value: 'home', views: 2, visitors: 2 },
      { value: 'search', views: 1, visitors: 1 },
    ]);

    const other = await summary(otherViewer);
    expect(other.totals).toEqual({ views: 1, visitors: 1 });
    expect(other.topSpots).toEqual([]);

    // A visitor counted by an earlier flush is not counted again by a later one; a new one is.
    await visit(A, `${ORG}/ja/spots/${spot1}`, { referer: own });
    await visit(C, `${ORG}/ja/spots/${spot1}`);
    await t.app.analytics.flush();
    const later = await summary(viewer);
    expect(later.totals).toEqual({ views: 11, visitors: 3 });
    expect(later.topSpots[0]).toEqual({
      id: spot1,
      title: { ja: '清水寺', en: '清水寺 (en)' },
      views: 5,
      visitors: 3,
    });
  });

  it('stores no IP address, User-Agent, search term or full referrer anywhere in the analytics tables', async () => {
    const texts = await analyticsRows();
    expect(texts.length).toBeGreaterThan(10);
    const all = texts.join('\n');
    for (const secret of [
      ...ALL_IPS,
      ...ALL_UAS,
      'iPhone',
      'Chrome',
      SEARCH_TERM,
      'utm_source',
      'kiyomizu',
    ]) {
      expect(all.includes(secret), secret).toBe(false);
    }
    // No column anywhere holds an address-shaped value.
    expect(all).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
  });

  it('a public page sets no cookie even for a returning visitor', async () => {
    for (const path of [`${ORG}/ja/`, `${ORG}/en/spots/${spot1}`, `${ORG}/ko/search?q=x`]) {
      const res = await visit(A, path);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie'), path).toBeNull();
    }
    await t.app.analytics.flush();
  });
});

describe('the analytics API', () => {
  it('needs the analytics right: 403 without it, and each organisation sees only its own figures', async () => {
    const denied = await noRight.get(`/api/v1/analytics/summary?from=${today}&to=${today}`);
    expect(denied.status).toBe(403);
    expect((await noRight.get(`/api/v1/analytics/export.csv?from=${today}&to=${today}`)).status).toBe(403);
    const mine = await summary(admin);
    const theirs = await summary(otherViewer);
    expect(mine.totals.views).toBeGreaterThan(theirs.totals.views);
    expect(theirs.totals).toEqual({ views: 1, visitors: 1 });
    const { rows } = await t.database.superuser.query(
      "SELECT DISTINCT org FROM tenant.analytics_daily WHERE org = 'tonari'",
    );
    expect(rows).toEqual([{ org: 'tonari' }]);
  });

  it('exports CSV rows per day, page, language, referrer and device, UTF-8 with BOM, and audits it', async () => {
    const res = await fetch(`${t.url}/api/v1/analytics/export.csv?from=${today}&to=${today}`, {
      headers: { cookie: cookieHeader(viewer) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="analytics-${ORG}-${today}-${today}.csv"`,
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '日付 / day,ページ / page,種類 / content kind,コンテンツID / content id,タイトル / title,言語 / language,参照元 / referrer,端末 / device,表示回数 / views,訪問者数 / visitors',
    );
    expect(lines).toContain(`${today},events/:id,event,${event1},祇園祭,en,,desktop,2,1`);
    expect(lines).toContain(`${today},spots/:id,spot,${spot1},清水寺,ja,www.google.co.jp,mobile,1,1`);
    expect(lines).toContain(`${today},search,,,,ko,,tablet,1,1`);
    const views = lines.slice(1).reduce((sum, line) => sum + Number(line.split(',')[8]), 0);
    expect(views).toBe((await summary(viewer)).totals.views);
    const { rows } = await t.database.superuser.query(
      "SELECT details FROM audit.events WHERE chain = 'kanko' AND action = 'analytics.exported'",
    );
    expect(rows).toHaveLength(1);
  });

  it('validates the range with messages in Japanese and English naming the field', async () => {
    const reversed = await viewer.get('/api/v1/analytics/summary?from=2026-05-02&to=2026-05-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ error: { field: 'to' } });
    const long = await viewer.get('/api/v1/analytics/export.csv?from=2025-01-01&to=2026-01-02');
    expect(long.status).toBe(400);
    const message = (long.body as { error: { field: string; message: { ja: string; en: string } } }).error;
    expect(message.field).toBe('from');
    expect(message.message.ja).toContain('366');
    expect(message.message.en).toContain('366');
    const yearOk = await viewer.get('/api/v1/analytics/summary?from=2025-01-02&to=2026-01-02');
    expect(yearOk.status).toBe(200);
    expect((yearOk.body as AnalyticsSummary).days).toHaveLength(366);
    const malformed = await viewer.get('/api/v1/analytics/summary?from=2026-13-01');
    expect(malformed.status).toBe(400);
    expect(errorCode(malformed)).toBe('validation_failed');
    expect(malformed.body).toMatchObject({ error: { field: 'from' } });
  });
});

/** A view of a site's home page, as the recorder is given it (without the organisation). */
const HOME_VIEW = {
  page: 'home',
  contentKind: '' as const,
  contentId: '',
  lang: 'ja',
  referrerDomain: '',
  device: 'desktop' as const,
};

describe('writing in batches', () => {
  it('a batch that cannot be written is dropped without affecting another organisation’s batch', async () => {
    const view = HOME_VIEW;
    const before = (await summary(otherViewer)).totals.views;
    // 'nowhere' is a well-formed service code without an organisation: its rows violate the key.
    await t.app.analytics.record({ ...view, org: 'nowhere' }, { ip: '192.0.2.1', userAgent: FIREFOX });
    await t.app.analytics.record({ ...view, org: OTHER }, { ip: '192.0.2.1', userAgent: FIREFOX });
    await expect(t.app.analytics.flush()).resolves.toBeUndefined();
    expect((await summary(otherViewer)).totals.views).toBe(before + 1);
    const { rows } = await t.database.superuser.query(
      "SELECT count(*)::int AS n FROM tenant.analytics_daily WHERE org = 'nowhere'",
    );
    expect(rows[0].n).toBe(0);
  });

  it('writes many organisations’ days in one transaction; one whose rows break a rule is dropped alone, the others written once', async () => {
    await t.app.analytics.flush();
    const views = async (org: string) =>
      (
        await t.database.superuser.query(
          'SELECT coalesce(sum(views), 0)::int AS n FROM tenant.analytics_daily WHERE org = $1',
          [org],
        )
      ).rows[0].n as number;
    const before = [await views(ORG), await views(OTHER)];
    const errors: { org?: string }[] = [];
    const log = { error: (obj: { org?: string }) => errors.push(obj), warn: () => {} };
    const db = t.database.db;
    const recorder = new AnalyticsRecorder(db, new VisitorSalts(db), log);
    // An empty page name breaks analytics_daily's check: ORG's day fails the shared transaction
    // (ORG sorts first), which is rolled back; each day is then written on its own.
    await recorder.record({ ...HOME_VIEW, org: ORG, page: '' }, { ip: '192.0.2.30', userAgent: FIREFOX });
    await recorder.record({ ...HOME_VIEW, org: ORG }, { ip: '192.0.2.30', userAgent: FIREFOX });
    await recorder.record({ ...HOME_VIEW, org: OTHER }, { ip: '192.0.2.30', userAgent: FIREFOX });
    await recorder.record({ ...HOME_VIEW, org: OTHER }, { ip: '192.0.2.31', userAgent: FIREFOX });
    await recorder.flush();
    expect([await views(ORG), await views(OTHER)]).toEqual([before[0], before[1]! + 2]);
    expect(errors.map((e) => e.org)).toEqual([ORG]);
    // Nothing is left to write again.
    await recorder.flush();
    expect(await views(OTHER)).toBe(before[1]! + 2);
  });
});

describe('closing the day', () => {
  it('the day salt is provider data: an organisation’s scope sees none, the provider scope one', async () => {
    const inTenant = await withTenant(t.database.db, ORG, (tx) =>
      tx.selectFrom('provider.analytics_salts').select('day').execute(),
    );
    expect(inTenant).toEqual([]);
    const inProvider = await withProvider(t.database.db, (tx) =>
      tx.selectFrom('provider.analytics_salts').select('day').execute(),
    );
    expect(inProvider).toEqual([{ day: today }]);
  });

  it('deletes the day’s salt and visitor hashes and keeps the aggregates', async () => {
    const before = await summary(viewer);
    const count = async (table: string) =>
      (await t.database.superuser.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
    expect(await count('tenant.analytics_visitors')).toBeGreaterThan(0);
    expect(await count('provider.analytics_salts')).toBe(1);
    // Not yet: the day is not over.
    expect(await closeFinishedDays(t.database.db)).toEqual([]);
    const tomorrow = new Date(Date.now() + 86_400_000 + 15 * 60_000);
    expect(await closeFinishedDays(t.database.db, tomorrow)).toEqual([today]);
    expect(await count('tenant.analytics_visitors')).toBe(0);
    expect(await count('provider.analytics_salts')).toBe(0);
    expect(await summary(viewer)).toEqual(before);
    // Once is enough: another pass (another node) finds nothing to close.
    expect(await closeFinishedDays(t.database.db, tomorrow)).toEqual([]);
  });
});

describe('recording across midnight in Japan', () => {
  it('counts each view on its own Asia/Tokyo day, its visitor hashed with that day’s salt', async () => {
    let now = new Date('2030-06-30T23:59:59+09:00');
    const clock = () => now;
    const db = t.database.db;
    const recorder = new AnalyticsRecorder(db, new VisitorSalts(db, clock), t.app.log, clock);
    const view = { ...HOME_VIEW, org: OTHER };
    const visitor = { ip: '192.0.2.7', userAgent: FIREFOX };
    // The first view of a day waits for its salt; later ones are counted without a promise.
    await expect(recorder.record(view, visitor)).resolves.toBeUndefined();
    expect(recorder.record(view, visitor)).toBeUndefined();
    now = new Date('2030-07-01T00:00:01+09:00');
    await recorder.record(view, visitor);
    await recorder.record(view, visitor);
    await recorder.flush();
    const { rows } = await t.database.superuser.query(
      `SELECT day::text AS day, views, visitors FROM tenant.analytics_daily
        WHERE org = $1 AND day >= '2030-06-30' ORDER BY day`,
      [OTHER],
    );
    expect(rows).toEqual([
      { day: '2030-06-30', views: 2, visitors: 1 },
      { day: '2030-07-01', views: 2, visitors: 1 },
    ]);
    // The stored hash is SHA-256(salt ‖ "\0org\0address\0agent\0" ‖ what): the same on every node
    // and release, so a visitor seen before a deploy is not counted again after it.
    const salt = (
      await t.database.superuser.query(`SELECT salt FROM provider.analytics_salts WHERE day = '2030-06-30'`)
    ).rows[0].salt as Uint8Array;
    const expected = createHash('sha256')
      .update(salt)
      .update(`\u0000${OTHER}\u0000${visitor.ip}\u0000${visitor.userAgent}\u0000site\u0000`)
      .digest('hex');
    const stored = await t.database.superuser.query(
      `SELECT visitor_hash FROM tenant.analytics_visitors WHERE org = $1 AND day = '2030-06-30'`,
      [OTHER],
    );
    const hashes = stored.rows.map((r) => Buffer.from(r.visitor_hash as Uint8Array).toString('hex'));
    expect(hashes).toHaveLength(6);
    expect(hashes).toContain(expected);
  });
});
