import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishInvalidation } from '../src/platform/cache/invalidation-bus.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, requestOnHost, seedUser, signedIn, signedInOperator } from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganisation } from './helpers/fixtures.js';

/**
 * Two nodes on one database with Redis between them (127.0.0.1:6379, a channel prefix of this
 * run's own): a change published on A must reach B's cache.
 */
let database: TestDatabase;
let a: TestApp;
let b: TestApp;
let publisherOnA: Client;
let otherOnA: Client;
const prefix = `mitte-test-${randomUUID()}:`;
// Stored from the first answer: these tests are about what drops stored answers (admission
// after a second request, the default, is tested in site-look and response-cache tests).
const env = {
  SCHEDULER_INTERVAL_MS: '0',
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_PREFIX: prefix,
  PUBLIC_CACHE_ADMIT_AFTER: '1',
};

beforeAll(async () => {
  database = await openTestDatabase();
  a = await startTestApp({ database, env });
  b = await startTestApp({
    database,
    env,
    before(app) {
      // Public routes that answer 200 but must never be stored.
      const config = { mitte: { access: { public: true } as const, scope: 'none' as const } };
      app.get('/s/:serviceCode/test-cookie', { config }, async (_request, reply) =>
        reply.header('set-cookie', 'x=1; Path=/').send(`cookie ${randomUUID()}`),
      );
      app.get('/s/:serviceCode/test-private', { config }, async (_request, reply) =>
        reply.header('cache-control', 'private, max-age=60').send(`private ${randomUUID()}`),
      );
    },
  });
  await createOrganisation(database.db, 'kiyomizu', '清水町');
  await createOrganisation(database.db, 'tonari', '隣町');
  const rights = { spots: 'publish', events: 'publish', courses: 'publish', articles: 'publish' };
  publisherOnA = await signedIn(a, 'kiyomizu', await seedUser(a, 'kiyomizu', { totp: false, rights }));
  otherOnA = await signedIn(a, 'tonari', await seedUser(a, 'tonari', { totp: false, rights }));
  await waitForRedis(a);
  await waitForRedis(b);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await database?.close();
});

async function waitForRedis(t: TestApp): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as {
      checks: { redis: { state?: string } };
    };
    if (ready.checks.redis.state === 'connected') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Redis not connected');
}

type Item = { id: string; version: number };

async function publishedSpot(client: Client, name: string): Promise<Item> {
  const created = (await client.post('/api/v1/spots', spotData(name))).body as Item;
  const published = await client.post(`/api/v1/spots/${created.id}/publish`, { version: created.version });
  expect(published.status).toBe(200);
  return published.body as Item;
}

async function get(t: TestApp, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, { headers });
  return {
    status: res.status,
    cache: res.headers.get('x-cache'),
    headers: res.headers,
    text: await res.text(),
  };
}

/** Polls until the answer satisfies `done` (invalidation through Redis is asynchronous). */
async function eventually(t: TestApp, path: string, done: (text: string) => boolean) {
  for (let i = 0; i < 40; i += 1) {
    const res = await get(t, path);
    if (done(res.text)) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${path} never changed`);
}

/** Polls until B answers from its cache. */
async function eventuallyHit(t: TestApp, path: string) {
  for (let i = 0; i < 40; i += 1) {
    const res = await get(t, path);
    if (res.cache === 'hit') return res;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${path} was never answered from the cache`);
}

describe('public cache across two nodes', () => {
  it('B caches (miss, then hit); a publish on A reaches B, which misses once and serves the new version', async () => {
    const spot = await publishedSpot(publisherOnA, '清水寺');
    const path = `/api/v1/public/kiyomizu/spots/${spot.id}`;
    const first = await get(b, path);
    expect(first.status).toBe(200);
    expect(first.cache).toBe('miss');
    // The publish's own invalidation can reach B over Redis after this first read (on a loaded
    // machine it did) and drop what B just stored; B then stores the same answer again.
    const second = await eventuallyHit(b, path);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));

    const edited = await publisherOnA.put(`/api/v1/spots/${spot.id}`, {
      version: spot.version,
      data: spotData('清水寺（新）'),
    });
    expect(edited.status).toBe(200);
    const live = await publisherOnA.post(`/api/v1/spots/${spot.id}/publish`, {
      version: (edited.body as Item).version,
    });
    expect(live.status).toBe(200);
    const fresh = await eventually(b, path, (text) => text.includes('清水寺（新）'));
    expect(fresh.cache).toBe('miss');
    // The database can show the new version to B before the publish's invalidation reaches B
    // over Redis; that late message drops the entry once more. After it, B caches the new version.
    const cached = await eventuallyHit(b, path);
    expect(cached.text).toBe(fresh.text);
  });

  it("one organisation's change does not drop another's entries", async () => {
    await publishedSpot(publisherOnA, '金閣寺');
    const theirs = await publishedSpot(otherOnA, '隣の寺');
    const listPath = '/api/v1/public/kiyomizu/spots';
    const theirPath = `/api/v1/public/tonari/spots/${theirs.id}`;
    await eventually(b, listPath, (text) => text.includes('金閣寺'));
    // Both publishes' invalidations may still be on their way to B: wait until B caches each.
    await eventuallyHit(b, listPath);
    await eventuallyHit(b, theirPath);
    await publishedSpot(publisherOnA, '銀閣寺');
    const fresh = await eventually(b, listPath, (text) => text.includes('銀閣寺'));
    expect(fresh.cache).toBe('miss');
    expect((await get(b, theirPath)).cache).toBe('hit');
  });

  it('a draft never leaks: not by id, not in the list, not after its published version was cached', async () => {
    const spot = await publishedSpot(publisherOnA, '下書きテスト');
    const path = `/api/v1/public/kiyomizu/spots/${spot.id}`;
    const listPath = '/api/v1/public/kiyomizu/spots';
    await get(b, path);
    await get(b, listPath);
    // An unpublished edit (a draft of the live item) and a new draft item.
    const edit = await publisherOnA.put(`/api/v1/spots/${spot.id}`, {
      version: spot.version,
      data: spotData('未公開の下書き'),
    });
    expect(edit.status).toBe(200);
    const draft = (await publisherOnA.post('/api/v1/spots', spotData('秘密の下書き'))).body as Item;
    for (const node of [a, b]) {
      for (let i = 0; i < 3; i += 1) {
        const detail = await get(node, path);
        expect(detail.status).toBe(200);
        expect(detail.text).toContain('下書きテスト');
        expect(detail.text).not.toContain('未公開の下書き');
        const list = await get(node, listPath);
        expect(list.text).not.toContain('秘密の下書き');
        expect(list.text).not.toContain('未公開の下書き');
        const hidden = await get(node, `/api/v1/public/kiyomizu/spots/${draft.id}`);
        expect(hidden.status).toBe(404);
        expect(hidden.cache).toBe('miss');
      }
    }
    // Unpublished: gone from both nodes, cache or not.
    const current = (await publisherOnA.get(`/api/v1/spots/${spot.id}`)).body as Item;
    const down = await publisherOnA.post(`/api/v1/spots/${spot.id}/unpublish`, { version: current.version });
    expect(down.status).toBe(200);
    expect((await get(a, path)).status).toBe(404);
    const gone = await eventually(b, path, (text) => !text.includes('下書きテスト'));
    expect(gone.status).toBe(404);
  });
});

describe('operator changes across nodes', () => {
  it("a domain mapped on A is served by B; suspension-like provider changes drop B's entries", async () => {
    const operator = await signedInOperator(a, 'ops-cache@mitte.example.jp');
    const path = '/api/v1/public/tonari/spots';
    await get(b, path);
    expect((await get(b, path)).cache).toBe('hit');
    const mapped = await operator.put('/api/v1/ops/organisations/tonari/site-domain', {
      siteDomain: 'kanko.tonari.example.jp',
    });
    expect(mapped.status).toBe(200);
    // The operator's change to tonari dropped tonari's entries on B too.
    let cache: string | null = 'hit';
    for (let i = 0; i < 40 && cache === 'hit'; i += 1) {
      cache = (await get(b, path)).cache;
      if (cache === 'hit') await new Promise((r) => setTimeout(r, 50));
    }
    expect(cache).toBe('miss');
    let status = 0;
    for (let i = 0; i < 40 && status !== 200; i += 1) {
      status = await onHost(b, 'kanko.tonari.example.jp', '/ja/');
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
    expect(await onHost(b, 'kanko.tonari.example.jp', '/console/')).toBe(404);
  });
});

describe('changes from outside the nodes', () => {
  it('an invalidation published by another process (the CLI after an import) reaches every node', async () => {
    const path = '/api/v1/public/kiyomizu/spots?limit=7';
    for (const node of [a, b]) {
      await get(node, path);
      expect((await get(node, path)).cache).toBe('hit');
    }
    await publishInvalidation('redis://127.0.0.1:6379', prefix, { org: 'kiyomizu' });
    for (const node of [a, b]) {
      let cache: string | null = 'hit';
      for (let i = 0; i < 40 && cache === 'hit'; i += 1) {
        cache = (await get(node, path)).cache;
        if (cache === 'hit') await new Promise((r) => setTimeout(r, 50));
      }
      expect(cache).toBe('miss');
    }
  });
});

/** Status of a GET with a Host header of our choosing (fetch does not let one set it). */
const onHost = async (t: TestApp, host: string, path: string) => (await requestOnHost(t, host, path)).status;

describe('what the cache stores and how it answers', () => {
  it('does not store non-200 answers, Set-Cookie or private answers', async () => {
    const missing = '/api/v1/public/kiyomizu/spots/00000000-0000-4000-8000-000000000000';
    for (const path of [missing, '/s/kiyomizu/test-cookie', '/s/kiyomizu/test-private']) {
      const first = await get(b, path);
      const second = await get(b, path);
      expect([first.cache, second.cache]).toEqual(['miss', 'miss']);
      if (first.status === 200) expect(second.text).not.toBe(first.text);
    }
    expect((await get(b, '/s/unknown-org/')).status).toBe(404);
    expect((await get(b, '/s/unknown-org/')).cache).toBe('miss');
  });

  it('answers If-None-Match from the cache with 304, and HEAD without a body', async () => {
    const path = '/api/v1/public/tonari/spots';
    await get(b, path);
    const hit = await get(b, path);
    expect(hit.cache).toBe('hit');
    const etag = hit.headers.get('etag')!;
    const notModified = await get(b, path, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.cache).toBe('hit');
    expect(notModified.text).toBe('');
    const head = await fetch(`${b.url}${path}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-cache')).toBe('hit');
    expect(head.headers.get('content-type')).toContain('application/json');
    expect(await head.text()).toBe('');
  });

  it('a request with a session bypasses the cache', async () => {
    const res = await publisherOnA.get('/api/v1/public/tonari/spots');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cache')).toBe('bypass');
  });

  it('counts hits and misses in /metrics', async () => {
    const metrics = await (await fetch(`${b.url}/metrics`)).text();
    expect(metrics).toMatch(/mitte_public_cache_requests_total\{result="hit"\} [1-9]/);
    expect(metrics).toMatch(/mitte_public_cache_requests_total\{result="miss"\} [1-9]/);
    expect(metrics).toMatch(/mitte_public_cache_bytes [1-9]/);
  });
});

describe('Redis unavailable', () => {
  it('the node keeps serving and stays ready; /readyz reports Redis as reconnecting', async () => {
    const c = await startTestApp({
      database,
      env: { ...env, REDIS_URL: 'redis://127.0.0.1:1' },
    });
    try {
      const ready = await fetch(`${c.url}/readyz`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { ready: boolean; checks: { redis: Record<string, unknown> } };
      expect(body.ready).toBe(true);
      expect(body.checks.redis).toMatchObject({ ok: true, configured: true, state: 'reconnecting' });
      expect(body.checks.redis.warning).toBeTruthy();
      const page = await get(c, '/api/v1/public/tonari/spots');
      expect(page.status).toBe(200);
      expect((await get(c, '/api/v1/public/tonari/spots')).cache).toBe('hit');
    } finally {
      await c.close();
    }
  });
});
