import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn, signedInOperator } from './helpers/client.js';
import { eventData, publishNew, spotData } from './helpers/content.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganisation } from './helpers/fixtures.js';
import { rawGet as rawGetUrl } from './helpers/raw-get.js';

/**
 * Public reads answered from node memory before the guard and the route (a route's `fromMemory`,
 * issue 13). Two nodes on one database: `memory` holds the published model and a response cache
 * that stores from the first answer; `plain` has none of them (nor the published-item cache) and answers every read through its route
 * from the database. What the public sees must be the same from both.
 */
const ORG = 'hayai';
/** Spot page requests a held model sees before its pages are rendered ahead (SITE_PAGES_AHEAD_AFTER). */
const PAGES_AHEAD_AFTER = 5;
let database: TestDatabase;
let memory: TestApp;
let plain: TestApp;
let publisher: Client;
const ids = { spot: '', other: '', event: '', draft: '', long: '' };

beforeAll(async () => {
  database = await openTestDatabase();
  memory = await startTestApp({
    database,
    // Site settings held for the whole file however slow the machine (they expire with this TTL).
    env: {
      SCHEDULER_INTERVAL_MS: '0',
      PUBLIC_CACHE_ADMIT_AFTER: '1',
      PUBLIC_CACHE_TTL_SECONDS: '3600',
      SITE_PAGES_AHEAD_AFTER: String(PAGES_AHEAD_AFTER),
    },
  });
  plain = await startTestApp({
    database,
    env: {
      SCHEDULER_INTERVAL_MS: '0',
      PUBLIC_CACHE_MB: '0',
      PUBLISHED_MODEL_MB: '0',
      PUBLISHED_CACHE_MB: '0',
    },
  });
  await createOrganisation(database.db, ORG, '早町');
  const rights = { spots: 'publish', events: 'publish', site: 'edit' };
  publisher = await signedIn(memory, ORG, await seedUser(memory, ORG, { totp: false, rights }));
  const settings = await publisher.get('/api/v1/site/settings');
  const { updatedAt: _u, ...input } = settings.body as Record<string, unknown>;
  const saved = await publisher.put('/api/v1/site/settings', { ...input, languages: ['ja', 'en'] });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  ids.spot = await publishNew(publisher, 'spots', spotData('早瀬の滝'));
  ids.other = await publishNew(publisher, 'spots', spotData('早川橋', { lat: 34.995, lng: 135.786 }));
  ids.event = await publishNew(publisher, 'events', eventData('早瀬まつり'));
  // An answer large enough to be sent compressed (1 KB and more).
  const story = {
    ja: '滝へ続く古道の石畳を歩きます。'.repeat(40),
    en: 'A walk on the old stone path. '.repeat(40),
  };
  ids.long = await publishNew(publisher, 'spots', spotData('早瀬の古道', { description: story }));
  ids.draft = ((await publisher.post('/api/v1/spots', spotData('下書き'))).body as { id: string }).id;
  // A first read looks the organisation up and starts loading its model; wait until it holds.
  await fetch(`${memory.url}/api/v1/public/${ORG}/spots?limit=1`);
  for (let i = 0; i < 100 && !/mitte_published_model_organisations [1-9]/.test(await metrics()); i += 1)
    await new Promise((r) => setTimeout(r, 50));
  expect(await metrics()).toMatch(/mitte_published_model_organisations 1/);
});
afterAll(async () => {
  await memory?.close();
  await plain?.close();
  await database?.close();
});

async function metrics(): Promise<string> {
  return (await fetch(`${memory.url}/metrics`)).text();
}

async function earlyAnswers(): Promise<number> {
  return Number(/^mitte_public_early_answers_total (\d+)/m.exec(await metrics())?.[1]);
}

/** Look-ups the published model answered (hits). */
async function modelHits(): Promise<number> {
  return Number(
    /^mitte_published_model_requests_total\{result="hit"\} (\d+)/m.exec(await metrics())?.[1] ?? 0,
  );
}

/** Headers that differ per response or per node whatever answers. */
const PER_RESPONSE = new Set(['date', 'x-request-id', 'x-cache', 'age', 'connection', 'keep-alive']);

async function get(t: TestApp, path: string, init: RequestInit = {}) {
  const res = await fetch(`${t.url}${path}`, init);
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !PER_RESPONSE.has(name)));
  return { status: res.status, cache: res.headers.get('x-cache'), headers, text: await res.text() };
}

const detail = (plural: string, id: string, query = '') => `/api/v1/public/${ORG}/${plural}/${id}${query}`;
/** fetch asks for gzip, deflate and br unless told otherwise: the byte-for-byte comparisons ask for none. */
const identity = { headers: { 'accept-encoding': 'identity' } };

/** The answer's bytes as sent (not inflated), with its headers. */
const rawGet = (t: TestApp, path: string, encoding: string) => rawGetUrl(`${t.url}${path}`, encoding);

describe('public reads answered from node memory', () => {
  it('answers a first visit to a live item from memory, byte for byte and header for header as the route does', async () => {
    const paths = [
      detail('spots', ids.spot),
      detail('spots', ids.other, '?lang=ja'),
      // English is built on the request (the model prepares the site's default language only).
      detail('spots', ids.spot, '?lang=en'),
      detail('spots', ids.other.toUpperCase()),
      detail('events', ids.event, '?lang=en'),
    ];
    for (const path of paths) {
      const before = await earlyAnswers();
      const fromMemory = await get(memory, path, identity);
      expect(await earlyAnswers(), path).toBe(before + 1);
      const fromRoute = await get(plain, path, identity);
      expect(fromMemory.status, path).toBe(200);
      expect(fromMemory.cache, path).toBe('miss');
      expect(fromMemory.text, path).toBe(fromRoute.text);
      expect(fromMemory.headers, path).toEqual(fromRoute.headers);
      // Stored as the route's answer would have been: the next visit is a hit, the same bytes.
      const again = await get(memory, path, identity);
      expect([again.cache, again.text, again.headers.etag]).toEqual([
        'hit',
        fromRoute.text,
        fromRoute.headers.etag,
      ]);
    }
  });

  it('sends a detail serialised ahead gzipped as kept to a client that takes gzip: the route’s bytes inflated, its ETag', async () => {
    const path = detail('spots', ids.long);
    const before = await earlyAnswers();
    const sent = await rawGet(memory, path, 'gzip, deflate, br');
    expect(await earlyAnswers()).toBe(before + 1);
    expect([sent.status, sent.headers['content-encoding'], sent.headers.vary]).toEqual([
      200,
      'gzip',
      'accept-encoding',
    ]);
    // The kept bytes in one piece (compressed per request, an answer is streamed without a length).
    expect(Number(sent.headers['content-length'])).toBe(sent.body.length);
    const fromRoute = await get(plain, path, identity);
    expect(gunzipSync(sent.body).toString('utf8')).toBe(fromRoute.text);
    expect(sent.headers.etag).toBe(fromRoute.headers.etag);
    // A client that takes only Brotli gets it from the per-request path, as before.
    const br = await rawGet(memory, path, 'br');
    expect(br.headers['content-encoding']).toBe('br');
    // A small answer is sent uncompressed, as the route sends it.
    const small = await rawGet(memory, detail('spots', ids.other), 'gzip, deflate, br');
    expect([small.headers['content-encoding'], small.body.toString('utf8')]).toEqual([
      undefined,
      (await get(plain, detail('spots', ids.other), identity)).text,
    ]);
  });

  it('answers the first page of a list from memory as the route does; the next page (a cursor) is the route’s', async () => {
    // Each node signs its cursors with its own master key here: compared without them.
    const withoutCursor = (text: string) => ({ ...(JSON.parse(text) as object), nextCursor: undefined });
    const cursorOf = (text: string) => (JSON.parse(text) as { nextCursor: string | null }).nextCursor;
    const list = (plural: string, query: string) => `/api/v1/public/${ORG}/${plural}${query}`;
    for (const path of [list('spots', ''), list('spots', '?limit=100&lang=en'), list('events', '?lang=en')]) {
      const before = await earlyAnswers();
      const fromMemory = await get(memory, path);
      expect(await earlyAnswers(), path).toBe(before + 1);
      const fromRoute = await get(plain, path);
      expect([fromMemory.status, fromMemory.text], path).toEqual([fromRoute.status, fromRoute.text]);
      expect(fromMemory.headers, path).toEqual(fromRoute.headers);
    }
    const before = await earlyAnswers();
    // (beforeAll read ?limit=1 on `memory`: that one is stored.)
    const first = await get(memory, list('spots', '?lang=ja&limit=1'));
    expect(await earlyAnswers()).toBe(before + 1);
    const routeFirst = await get(plain, list('spots', '?lang=ja&limit=1'));
    expect(withoutCursor(first.text)).toEqual(withoutCursor(routeFirst.text));
    const next = await get(memory, list('spots', `?limit=1&cursor=${cursorOf(first.text)}`));
    const routeNext = await get(plain, list('spots', `?limit=1&cursor=${cursorOf(routeFirst.text)}`));
    expect(await earlyAnswers()).toBe(before + 1);
    expect(next.status).toBe(200);
    expect(withoutCursor(next.text)).toEqual(withoutCursor(routeNext.text));
    expect(withoutCursor(next.text)).not.toEqual(withoutCursor(first.text));
    // Filters, a search, and limits the route refuses or writes differently are the route's.
    for (const query of [
      '?category=temple-shrine',
      '?q=滝',
      '?limit=0',
      '?limit=101',
      '?limit=050',
      '?limit=1&limit=2',
    ]) {
      const fromMemory = await get(memory, list('spots', query));
      const fromRoute = await get(plain, list('spots', query));
      expect(fromMemory.status, query).toBe(fromRoute.status);
      if (fromRoute.status === 200)
        expect(withoutCursor(fromMemory.text), query).toEqual(withoutCursor(fromRoute.text));
    }
    expect(await earlyAnswers()).toBe(before + 1);
  });

  it('answers a revalidation (If-None-Match) from memory with 304, as the route does', async () => {
    const path = detail('events', ids.event);
    const etag = (await get(plain, path)).headers.etag!;
    const before = await earlyAnswers();
    const fromMemory = await get(memory, path, { headers: { 'if-none-match': etag } });
    expect(await earlyAnswers()).toBe(before + 1);
    const fromRoute = await get(plain, path, { headers: { 'if-none-match': etag } });
    expect([fromMemory.status, fromMemory.text]).toEqual([304, '']);
    expect(fromMemory.headers).toEqual(fromRoute.headers);
  });

  it('leaves to the route what the route decides: bad input, unknown, unpublished or other-kind items, unpublished languages, HEAD, signed-in readers', async () => {
    const cases: [string, string, RequestInit?][] = [
      ['a language that does not exist', detail('spots', ids.spot, '?lang=xx')],
      ['an unknown query parameter', detail('spots', ids.spot, '?lang=ja&fields=name')],
      ['the language twice', detail('spots', ids.spot, '?lang=ja&lang=en')],
      ['an empty language', detail('spots', ids.spot, '?lang=')],
      ['a language the site does not publish', detail('spots', ids.spot, '?lang=ko')],
      ['an id that is not a UUID', detail('spots', 'not-a-uuid')],
      ['an id too long for the route', detail('spots', `${ids.spot}${'0'.repeat(40)}`)],
      ['an unknown id', detail('spots', randomUUID())],
      ['a draft', detail('spots', ids.draft)],
      ['an event asked for as a spot', detail('spots', ids.event)],
      ['a NUL in the query', detail('spots', ids.spot, '?lang=%00')],
      ['HEAD', detail('spots', ids.spot), { method: 'HEAD' }],
    ];
    for (const [what, path, init] of cases) {
      const before = await earlyAnswers();
      const fromMemory = await get(memory, path, init);
      const fromRoute = await get(plain, path, init);
      expect(await earlyAnswers(), what).toBe(before);
      expect(fromMemory.status, what).toBe(fromRoute.status);
      if (fromRoute.status >= 400) {
        const code = (text: string) => (JSON.parse(text) as { error: { code: string } }).error.code;
        expect(code(fromMemory.text), what).toBe(code(fromRoute.text));
      }
    }
    // A signed-in reader (a session cookie) goes through the guard and the route.
    const before = await earlyAnswers();
    const signedInRead = await publisher.get(detail('spots', ids.other, '?lang=en'));
    expect(signedInRead.status).toBe(200);
    expect(await earlyAnswers()).toBe(before);
  });

  it('counts early answers as the organisation’s API requests, as the route’s answers are', async () => {
    await memory.app.apiRequestCounter.flush();
    const before = await earlyAnswers();
    for (const query of ['?lang=ja', '?lang=en']) {
      for (const id of [ids.spot, ids.other]) {
        // Each URL once more with a new letter case of its id: a miss every time, never a hit.
        expect(
          (
            await get(
              memory,
              detail(
                'spots',
                id.replace(/[a-f]/, (c) => c.toUpperCase()),
                query,
              ),
            )
          ).status,
        ).toBe(200);
      }
    }
    expect(await earlyAnswers()).toBe(before + 4);
    expect(await memory.app.apiRequestCounter.flush()).toBe(4);
  });

  it('renders the site’s spot list page from the published model exactly as from the database', async () => {
    for (const path of [
      `/s/${ORG}/ja/spots/`,
      `/s/${ORG}/en/spots/`,
      `/s/${ORG}/ja/spots/?category=temple-shrine`,
      `/s/${ORG}/en/spots/?category=onsen`,
      `/s/${ORG}/ja/spots/?category=Not_A_Code`,
    ]) {
      const before = await modelHits();
      const fromModel = await get(memory, path);
      // One look-up per request: the route's, or the page rendered ahead (never both).
      expect(await modelHits(), path).toBe(before + 1);
      const fromDatabase = await get(plain, path);
      expect(fromModel.status, path).toBe(200);
      expect(fromModel.text, path).toBe(fromDatabase.text);
      expect(fromModel.headers.etag, path).toBe(fromDatabase.headers.etag);
    }
  });

  it('answers from memory past the organisation look-up’s 5 s TTL, as the route serves it meanwhile', async () => {
    // Let the look-up age past its TTL: the route would serve it while refreshing; so does this.
    await new Promise((r) => setTimeout(r, 5100));
    const before = await earlyAnswers();
    const aged = await get(memory, detail('spots', ids.spot.toUpperCase(), '?lang=en'));
    expect([aged.status, aged.cache]).toEqual([200, 'miss']);
    expect(await earlyAnswers()).toBe(before + 1);
  });

  describe('site pages rendered ahead from the published model', () => {
    const page = (id: string, lang = 'ja') => `/s/${ORG}/${lang}/spots/${id}`;
    const listPage = `/s/${ORG}/ja/spots/`;
    const prepared = async () =>
      Number(/^mitte_site_pages_prepared_total\{kept="model"\} (\d+)/m.exec(await metrics())?.[1] ?? 0);
    /** The live spots now, read from the route (the plain node). */
    const liveSpots = async () =>
      (JSON.parse((await get(plain, `/api/v1/public/${ORG}/spots?limit=100`)).text) as { items: unknown[] })
        .items.length;

    /**
     * After a change (the model went): asks for list pages with a query, which the route answers
     * (loading the model) and which start the rendering once the model is back, until the node
     * has rendered the spot list and every live spot's page again.
     */
    async function renderedAgain(): Promise<void> {
      const before = await prepared();
      const expected = 1 + (await liveSpots());
      for (let i = 0; i < 200; i += 1) {
        await get(memory, `${listPage}?category=${waitCode()}`);
        if ((await prepared()) >= before + expected) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`pages were not rendered ahead (${await prepared()} of ${before} + ${expected})`);
    }

    /** A category no spot has, new each time, so the response cache never answers it. */
    const waitCode = () => `wait-${randomUUID().slice(0, 8)}`;

    /** Waits until the node holds the organisation's model again (API reads: not page requests). */
    async function modelHeld(): Promise<void> {
      for (let i = 0; i < 200; i += 1) {
        await get(memory, `/api/v1/public/${ORG}/spots?limit=${1 + (i % 99)}&lang=en`);
        if (/^mitte_published_model_organisations 1$/m.test(await metrics())) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the model was not loaded again');
    }

    /**
     * Asks for the list page (a query each time, so the route answers) one time fewer than the
     * threshold: nothing is rendered; once more: its language's list and every live spot page are.
     */
    async function renderedAtThreshold(list: string): Promise<void> {
      const before = await prepared();
      for (let i = 1; i < PAGES_AHEAD_AFTER; i += 1) await get(memory, `${list}?category=${waitCode()}`);
      await new Promise((r) => setTimeout(r, 500));
      expect(await prepared()).toBe(before);
      const hits = await modelHits();
      await get(memory, `${list}?category=${waitCode()}`);
      for (let i = 0; i < 100 && (await prepared()) === before; i += 1)
        await new Promise((r) => setTimeout(r, 50));
      expect(await prepared()).toBe(before + 1 + (await liveSpots()));
      // Rendered from the model without counting look-ups: the request itself is the only one.
      expect(await modelHits()).toBe(hits + 1);
    }

    const more = { a: '', b: '', c: '' };
    beforeAll(async () => {
      more.a = await publishNew(publisher, 'spots', spotData('早瀬の茶屋'));
      more.b = await publishNew(publisher, 'spots', spotData('早瀬の宿', { lat: 34.996, lng: 135.787 }));
      more.c = await publishNew(publisher, 'spots', spotData('早瀬の森', { lat: 34.993, lng: 135.784 }));
      await renderedAgain();
    });

    it('answers a first visit to a spot page and the spot list before the route, byte for byte and header for header as the route renders them', async () => {
      for (const path of [page(more.a), listPage]) {
        const before = await earlyAnswers();
        const fromMemory = await get(memory, path, identity);
        expect(await earlyAnswers(), path).toBe(before + 1);
        const fromRoute = await get(plain, path, identity);
        expect([fromMemory.status, fromMemory.cache], path).toEqual([200, 'miss']);
        expect(fromMemory.text, path).toBe(fromRoute.text);
        expect(fromMemory.headers, path).toEqual(fromRoute.headers);
        // Held already, so not stored again by the response cache: the next visit is one more early answer.
        const again = await get(memory, path, identity);
        expect([again.cache, again.text], path).toEqual(['miss', fromRoute.text]);
        expect(await earlyAnswers(), path).toBe(before + 2);
      }
    });

    it('sends the page gzipped as kept to a client that takes gzip, and 304 to a revalidation', async () => {
      const gzip = { headers: { 'accept-encoding': 'gzip' } };
      const before = await earlyAnswers();
      const raw = await fetch(`${memory.url}${page(more.b)}`, gzip);
      expect(await earlyAnswers()).toBe(before + 1);
      expect(raw.headers.get('content-encoding')).toBe('gzip');
      expect(raw.headers.get('vary')).toBe('accept-encoding');
      const fromRoute = await get(plain, page(more.b), identity);
      // fetch inflates it: the page itself, and the ETag of the page as the route sends it.
      expect(await raw.text()).toBe(fromRoute.text);
      expect(raw.headers.get('etag')).toBe(fromRoute.headers.etag);
      const etag = (await get(plain, page(more.c), identity)).headers.etag!;
      const revalidated = await get(memory, page(more.c), { headers: { 'if-none-match': etag } });
      expect(await earlyAnswers()).toBe(before + 2);
      expect([revalidated.status, revalidated.text]).toEqual([304, '']);
    });

    it('leaves to the route what it did not render: a language not yet asked for enough, one the site does not publish, other spellings of the URL, a query, HEAD, unknown spots', async () => {
      const cases: [string, string, RequestInit?][] = [
        ['another language, asked for once', page(ids.spot, 'en')],
        ['a language the site does not publish', page(ids.spot, 'ko')],
        ['the language in capitals', page(ids.spot, 'JA')],
        ['the id in capitals', page(ids.other.toUpperCase())],
        ['a query', `${page(ids.other)}?from=search`],
        ['an escaped letter', page(ids.other).replace(/-/, '%2D')],
        ['a filtered list', `${listPage}?category=temple-shrine`],
        ['HEAD', page(ids.other), { method: 'HEAD' }],
        ['an unknown spot', page(randomUUID())],
        ['an event as a spot', page(ids.event)],
      ];
      for (const [what, path, init] of cases) {
        const before = await earlyAnswers();
        const fromMemory = await get(memory, path, { ...identity, ...init });
        const fromRoute = await get(plain, path, { ...identity, ...init });
        expect(await earlyAnswers(), what).toBe(before);
        expect([fromMemory.status, fromMemory.text], what).toEqual([fromRoute.status, fromRoute.text]);
      }
    });

    it('renders them only for an organisation whose pages are asked for (SITE_PAGES_AHEAD_AFTER requests while its model is held)', async () => {
      await publishNew(publisher, 'spots', spotData('早瀬の小径'));
      await modelHeld();
      await renderedAtThreshold(listPage);
    });

    it('renders another of the site’s languages once its own pages are asked for, and answers them as the route renders them', async () => {
      const enList = `/s/${ORG}/en/spots/`;
      // The Japanese pages' requests so far do not count for English.
      await renderedAtThreshold(enList);
      for (const path of [page(ids.other, 'en'), enList, page(ids.other)]) {
        const early = await earlyAnswers();
        const fromMemory = await get(memory, path, identity);
        expect(await earlyAnswers(), path).toBe(early + 1);
        const fromRoute = await get(plain, path, identity);
        expect([fromMemory.status, fromMemory.text], path).toEqual([200, fromRoute.text]);
        expect(fromMemory.headers, path).toEqual(fromRoute.headers);
      }
      // The English page, not the Japanese one, under the English URL.
      expect((await get(memory, page(ids.other, 'en'), identity)).text).toContain('lang="en"');
    });

    it('renders them again after a change: a new spot shows on the list page answered before the route', async () => {
      const added = await publishNew(publisher, 'spots', spotData('早瀬の新名所'));
      await renderedAgain();
      const before = await earlyAnswers();
      const list = await get(memory, listPage, identity);
      expect(await earlyAnswers()).toBe(before + 1);
      expect(list.text).toContain('早瀬の新名所');
      expect(list.text).toBe((await get(plain, listPage, identity)).text);
      const own = await get(memory, page(added), identity);
      expect(await earlyAnswers()).toBe(before + 2);
      expect(own.text).toContain('早瀬の新名所');
    });

    it('does not answer from pages rendered ahead while the site shows planned maintenance (read per request)', async () => {
      const settings = await publisher.get('/api/v1/site/settings');
      const { updatedAt: _u, ...input } = settings.body as Record<string, unknown>;
      const saved = await publisher.put('/api/v1/site/settings', { ...input, showPlannedMaintenance: true });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      // The change dropped the model: wait until it is held again, then ask for enough pages to
      // start a rendering, and give it time to finish.
      await modelHeld();
      for (let i = 0; i < PAGES_AHEAD_AFTER; i += 1) await get(memory, `${listPage}?category=${waitCode()}`);
      await new Promise((r) => setTimeout(r, 500));
      const before = await earlyAnswers();
      const shown = await get(memory, page(more.a), identity);
      expect(shown.status).toBe(200);
      expect(await earlyAnswers()).toBe(before);
      expect(shown.text).toBe((await get(plain, page(more.a), identity)).text);
    });
  });

  it('a suspended organisation answers 503 at once, not from memory', async () => {
    const operator = await signedInOperator(memory, 'ops-early@mitte.example.jp');
    const path = detail('spots', ids.spot, '?lang=ja');
    const suspended = await operator.post(`/api/v1/ops/organisations/${ORG}/suspend`, { reason: '確認' });
    expect(suspended.status).toBe(200);
    const before = await earlyAnswers();
    expect((await get(memory, path)).status).toBe(503);
    expect(await earlyAnswers()).toBe(before);
  });
});
