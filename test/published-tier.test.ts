import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../src/db/scope.js';
import { decodeCursor } from '../src/modules/content/content-list.service.js';
import { type PublishedEntry, PublishedReads } from '../src/modules/content/public/published-reads.js';
import type { SiteSettings } from '../src/modules/site-settings/index.js';
import { type PublicJson, publicEtag } from '../src/platform/http/cache.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn } from './helpers/client.js';
import {
  eventData,
  jaEnSiteSettings,
  publishNew,
  spotData,
  writeItem,
  writeSpot,
} from './helpers/content.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganisation } from './helpers/fixtures.js';

/**
 * The published tier (issue 13): the live items of the organisations the model does not hold, as
 * prepared answers in a file per organisation on the node's disk. What the public sees from it
 * must be what the database path gives, and it must never serve what the database no longer has.
 */
const MB = 1024 * 1024;
let t: TestDatabase;
const roots: string[] = [];
const open: PublishedReads[] = [];
const ids = { draft: '', south: '', course: '', event: '' };
const site = { settings: {} as SiteSettings, own: { spot: [], event: [] } };

/** Whether the database the tier's PublishedReads sees refuses every read (see withTier). */
let offline = false;

/**
 * A PublishedReads with the tier (no model unless given, no item cache), under a fresh directory;
 * while `offline`, its reads of the database throw, so an answer then can only have come from the
 * tier (or a model given).
 */
function withTier(
  options: {
    maxBytes?: number;
    checkMs?: number;
    buildAfter?: number;
    /** A model beside the tier (by default none). */
    model?: ConstructorParameters<typeof PublishedReads>[1]['model'];
  } = {},
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-tier-'));
  roots.push(dir);
  const db = new Proxy(t.db, {
    get(target, name) {
      if (name === 'reader' && offline) throw new Error('the database is offline');
      return Reflect.get(target, name, target);
    },
  });
  const reads = new PublishedReads(db, {
    maxBytes: 0,
    ttlMs: 60_000,
    // The model's check is not the tier's: the tier's own is what a test of it sets.
    model: options.model ?? { maxBytes: 0, checkMs: 3_600_000 },
    tier: {
      dir,
      maxBytes: options.maxBytes ?? 64 * MB,
      buildAfter: options.buildAfter ?? 1,
      checkMs: options.checkMs ?? 60_000,
    },
  });
  open.push(reads);
  return reads;
}
const fromDatabase = () => new PublishedReads(t.db, { maxBytes: 0, ttlMs: 60_000 });
/**
 * An entry with its nearest spots as their cards show them (the tier keeps only that of them):
 * the card's fields, each description's first 111 characters, the first photo and its alt.
 */
const carded = (entry: PublishedEntry | undefined) =>
  entry && {
    ...entry,
    nearby: entry.nearby.map(({ row, lat, lng, alts }) => {
      const first = row.data.imageIds?.[0];
      return {
        id: row.id,
        publishedAt: row.publishedAt,
        lat,
        lng,
        name: row.data.name,
        category: row.data.category,
        address: row.data.address,
        description: Object.fromEntries(
          Object.entries(row.data.description ?? {}).map(([lang, text]) => [lang, text.slice(0, 111)]),
        ),
        photo: first && [first, alts.get(first)],
      };
    }),
  };
const text = (answer: PublicJson | undefined) => answer && answer.json.toString();
const live = async (org: string) =>
  (
    await t.superuser.query<{ id: string; kind: 'spot' | 'event' | 'course' }>(
      'SELECT id::text, kind FROM tenant.published_items WHERE org = $1 ORDER BY id',
      [org],
    )
  ).rows;
const files = (reads: PublishedReads) => fs.readdirSync(reads.tier.directory);
const until = async (done: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await done()); i += 1) await new Promise((r) => setTimeout(r, 20));
  return done();
};

beforeAll(async () => {
  t = await openTestDatabase();
  for (const org of ['north', 'south', 'east', 'west', 'isle', 'cape', 'isle2'])
    await createOrganisation(t.db, org);
  const spots: string[] = [];
  for (let i = 0; i < 12; i += 1)
    spots.push(await writeSpot(t.db, 'north', `北${i}`, true, 35, 135 + i * 0.001));
  ids.draft = await writeSpot(t.db, 'north', '下書き', false, 35, 135.0005);
  ids.south = await writeSpot(t.db, 'south', '南', true, 33, 131);
  for (const org of ['east', 'west', 'isle', 'cape', 'isle2'])
    for (let i = 0; i < 10; i += 1) await writeSpot(t.db, org, `${org}${i}`, true, 34, 134 + i * 0.001);
  // References: live, a draft, one twice, another organisation's.
  const stops = [spots[0], ids.draft, spots[1], spots[0], ids.south].map((spotId) => ({
    spotId,
    stayMinutes: 30,
  }));
  ids.course = await writeItem(t.db, 'north', 'course', { name: { ja: '巡るコース' }, stops }, true);
  ids.event = await writeItem(
    t.db,
    'north',
    'event',
    eventData('祭り', { venue: { name: { ja: '会場' }, spotId: spots[2] } }),
    true,
  );
  // A long text: its answer is kept gzipped too.
  await writeItem(
    t.db,
    'north',
    'spot',
    {
      name: { ja: '長い説明' },
      description: { ja: '古道の石畳を歩きます。'.repeat(80) },
      lat: 35,
      lng: 135.02,
    },
    true,
  );
});
afterEach(() => {
  offline = false;
  for (const reads of open.splice(0)) reads.close();
});
afterAll(async () => {
  for (const dir of roots) fs.rmSync(dir, { recursive: true, force: true });
  await t.close();
});

describe(`the published tier on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('answers every item, API detail and page entry, exactly as the database does, from its file', async () => {
    const tier = withTier();
    const database = fromDatabase();
    await tier.tier.load('north');
    expect(tier.tier.holds('north')).toBe(true);
    expect(files(tier)).toHaveLength(1);
    const items = await live('north');
    expect(items.length).toBe(15);
    /** What the database path answers, read with the database online; offline again after. */
    const expected = async <T>(read: () => Promise<T>) => {
      offline = false;
      const answer = await read();
      offline = true;
      return answer;
    };
    let gzipped = 0;
    for (const { id, kind } of items) {
      // The page's entry, with its live referenced spots, and its nearest spots as their cards.
      const entry = await expected(() => database.item('north', kind, id));
      expect(carded(await tier.item('north', kind, id)), id).toEqual(carded(entry));
      for (const lang of ['ja', 'en'] as const) {
        const fromDatabase = await expected(() => database.detail('north', site, kind, id, lang));
        const answer = await tier.detail('north', site, kind, id, lang);
        expect(text(answer), `${kind} ${id} ${lang}`).toBe(fromDatabase?.json);
        if (lang === 'ja') {
          // Kept in the site's default language with its ETag and, when large, gzipped.
          expect(answer?.etag).toBe(publicEtag(answer!.json));
          if (answer?.gzip) {
            gzipped += 1;
            expect(gunzipSync(answer.gzip).toString()).toBe(text(answer));
          }
        }
      }
    }
    expect(gzipped).toBeGreaterThan(0);
    // A draft, another kind, another organisation's item and a non-id are not live here.
    expect(await tier.item('north', 'spot', ids.draft)).toBeUndefined();
    expect(await tier.detail('north', site, 'event', ids.course, 'ja')).toBeUndefined();
    expect(await tier.detail('north', site, 'spot', ids.south, 'ja')).toBeUndefined();
    expect(await tier.item('north', 'spot', 'not-an-id')).toBeUndefined();
    // The id in either case is the same item; one digit more, or one that is not hex, none.
    const [spot] = items.filter((i) => i.kind === 'spot');
    expect(await tier.item('north', 'spot', spot!.id.toUpperCase())).toEqual(
      await tier.item('north', 'spot', spot!.id),
    );
    expect(await tier.item('north', 'spot', `${spot!.id}0`)).toBeUndefined();
    expect(await tier.item('north', 'spot', `${spot!.id.slice(0, -1)}g`)).toBeUndefined();
    // Each kind's first page in the tier's language (Japanese), at any limit, with the next page's
    // cursor; before the route too.
    for (const kind of ['spot', 'course', 'article'] as const)
      for (const limit of [1, 5, 13, 14, 50, 100]) {
        const page = await expected(() => database.list('north', kind, { limit }, 'ja'));
        expect(await tier.list('north', kind, { limit }, 'ja'), `${kind} ${limit}`).toEqual(page);
        expect(tier.listHeld('north', kind, { limit }, 'ja'), `${kind} ${limit}`).toEqual(page);
      }
    const { next } = await tier.list('north', 'spot', { limit: 5 }, 'ja');
    expect(next).not.toBeNull();
    // The organisation it does not hold, another language, a cursor, a filter or events read the database.
    await expect(tier.item('south', 'spot', ids.south)).rejects.toThrow('offline');
    await expect(tier.list('north', 'spot', { limit: 5 }, 'en')).rejects.toThrow('offline');
    await expect(tier.list('north', 'spot', { limit: 5, category: 'nature' }, 'ja')).rejects.toThrow(
      'offline',
    );
    await expect(tier.list('north', 'event', { limit: 5 }, 'ja')).rejects.toThrow('offline');
    await expect(tier.list('north', 'spot', { limit: 5, after: decodeCursor(next!) }, 'ja')).rejects.toThrow(
      'offline',
    );
    expect(tier.listHeld('north', 'spot', { limit: 5 }, 'en')).toBeUndefined();
    offline = false;
    expect(await tier.item('south', 'spot', ids.south)).toEqual(
      await database.item('south', 'spot', ids.south),
    );
  });

  it('keeps a list’s first hundred items: a first page of 100 of 130 carries the next page’s cursor, as the database’s', async () => {
    await createOrganisation(t.db, 'many');
    await withTenant(t.db, 'many', (tx) =>
      sql`INSERT INTO tenant.content_items (org, kind, status, data, published_data, published_at)
          SELECT 'many', 'spot', 'published', d, d, now() - g * interval '1 minute'
            FROM (SELECT g, jsonb_build_object('name', jsonb_build_object('ja', '多' || g)) AS d
                    FROM generate_series(1, 130) g) x`.execute(tx),
    );
    const tier = withTier();
    await tier.tier.load('many');
    expect(tier.tier.holds('many')).toBe(true);
    for (const limit of [99, 100]) {
      const page = await fromDatabase().list('many', 'spot', { limit }, 'ja');
      expect(page.items).toHaveLength(limit);
      expect(page.next).not.toBeNull();
      offline = true;
      expect(await tier.list('many', 'spot', { limit }, 'ja')).toEqual(page);
      offline = false;
    }
  });

  /** Reads with a model (a budget of `modelBytes`, loading on the first counted read) and the tier. */
  const withModelAndTier = (modelBytes: number, lookUps: string[] = []) =>
    withTier({
      model: { maxBytes: modelBytes, checkMs: 60_000, loadAfter: 1, count: (r) => lookUps.push(r) },
    });
  /** Reads the tier answers: an API detail, a page's entry, a first page in its language. */
  const readsTheTierAnswers = async (reads: PublishedReads, org: string) => {
    const [first] = await live(org);
    await reads.detail(org, site, 'spot', first!.id, 'ja');
    await reads.item(org, 'spot', first!.id);
    await reads.list(org, 'spot', { limit: 5 }, 'ja');
    await new Promise((r) => setTimeout(r, 200));
  };

  it('loads the model for the reads it answers while the model has room: its file came first, memory is faster', async () => {
    const reads = withModelAndTier(16 * MB);
    await reads.tier.load('cape');
    await readsTheTierAnswers(reads, 'cape');
    expect(await until(() => reads.model.holds('cape'))).toBe(true);
  });

  it('does not load the model for the reads it answers once the model’s budget is full; reads it cannot answer load it as before', async () => {
    // Eight organisations of one spot each, whose models are of about one size: a budget of
    // eight of them is full (past seven eighths) without any pushed out.
    const fill = ['fill0', 'fill1', 'fill2', 'fill3', 'fill4', 'fill5', 'fill6', 'fill7'];
    for (const org of fill) {
      await createOrganisation(t.db, org);
      await writeSpot(t.db, org, '満', true, 34, 134);
    }
    const probe = withModelAndTier(16 * MB);
    await probe.model.load('fill0');
    const one = probe.model.bytes;
    expect(one).toBeGreaterThan(0);
    const lookUps: string[] = [];
    // Sizes differ by a few bytes (timestamps): a little slack, so each fits an eighth.
    const reads = withModelAndTier(8 * (one + 16), lookUps);
    for (const org of fill) await reads.model.load(org);
    expect([reads.model.organisations, reads.model.hasRoom]).toEqual([8, false]);
    await reads.tier.load('cape');
    await readsTheTierAnswers(reads, 'cape');
    // Not even a look-up of the model: no load asked for.
    expect([reads.model.holds('cape'), lookUps]).toEqual([false, []]);
    // A filtered list (the database's) is a look-up, which counts towards loading it (the load
    // then waits for room: every model here was loaded less than a minute ago).
    await reads.list('cape', 'spot', { limit: 5, category: 'nature' }, 'ja');
    expect(lookUps).toEqual(['miss']);
  });

  it('keeps the pages its renderer gives for the spots, rendered with the organisation’s site, read for the build when not held', async () => {
    const reads = withTier();
    const asked: { org: string; lang: string; ids: readonly string[]; pages: unknown }[] = [];
    reads.renderTierPagesWith(async (org, held, lang, rows, ids) => {
      asked.push({ org, lang, ids, pages: await rows.item(org, 'spot', ids[0]!) });
      expect(held.settings.defaultLanguage).toBe(lang);
      return {
        key: 'k',
        pages: new Map(ids.map((id) => [id, { gzip: gzipSync(`page ${id}`), etag: `"${id}"` }])),
      };
    });
    expect(reads.siteHeld('isle2')).toBeUndefined();
    await reads.tier.load('isle2');
    const spots = (await live('isle2')).map((r) => r.id);
    expect(asked.map((a) => [a.org, a.lang, [...a.ids].sort()])).toEqual([['isle2', 'ja', spots]]);
    // The renderer read the build's rows: the spot as the page shows it.
    expect(asked[0]!.pages).toMatchObject({ row: { id: asked[0]!.ids[0] } });
    const page = reads.tierPage('isle2', spots[3]!, 'k');
    expect([page?.etag, page && gunzipSync(page.gzip).toString()]).toEqual([
      `"${spots[3]}"`,
      `page ${spots[3]}`,
    ]);
    expect(reads.tierPage('isle2', spots[3]!, 'another key')).toBeUndefined();
  });

  it('answers before the route (detailHeld) only for an organisation it holds', async () => {
    const tier = withTier({ buildAfter: 1000 });
    const [first] = await live('west');
    expect(tier.detailHeld('west', site, 'spot', first!.id, 'ja')).toBeUndefined();
    await tier.tier.load('west');
    const held = tier.detailHeld('west', site, 'spot', first!.id, 'ja');
    expect(text(held)).toBe((await fromDatabase().detail('west', site, 'spot', first!.id, 'ja'))?.json);
  });

  it('builds an organisation only at its buildAfter-th read while not held', async () => {
    const tier = withTier({ buildAfter: 3 });
    const [first] = await live('east');
    for (let read = 1; read <= 2; read += 1) {
      await tier.detail('east', site, 'spot', first!.id, 'ja');
      await new Promise((r) => setTimeout(r, 50));
      expect(tier.tier.holds('east'), `read ${read}`).toBe(false);
    }
    await tier.detail('east', site, 'spot', first!.id, 'ja');
    expect(await until(() => tier.tier.holds('east'))).toBe(true);
  });

  it('deletes an organisation’s file when its public data changes (the bus’s invalidation); reads go to the database', async () => {
    const tier = withTier();
    await tier.tier.load('isle');
    const [first] = await live('isle');
    expect(files(tier)).toHaveLength(1);
    tier.invalidate('isle');
    expect(tier.tier.holds('isle')).toBe(false);
    expect(await until(() => files(tier).length === 0)).toBe(true);
    expect(text(await tier.detail('isle', site, 'spot', first!.id, 'ja'))).toBe(
      (await fromDatabase().detail('isle', site, 'spot', first!.id, 'ja'))?.json,
    );
  });

  it('drops an organisation whose rows changed without an invalidation (its version moved), then reads the database', async () => {
    const tier = withTier({ checkMs: 0, buildAfter: 1000 });
    await tier.tier.load('south');
    expect(await tier.item('south', 'spot', ids.south)).toBeDefined();
    // A change whose invalidation message was lost.
    await withTenant(t.db, 'south', (tx) =>
      sql`UPDATE tenant.content_items SET published_data = NULL WHERE id = ${ids.south}::uuid`.execute(tx),
    );
    try {
      // Served while a check runs. Each read checks (TTL 0), once no check is in flight: the
      // first read's may have read the version before the update committed.
      const dropped = async () => {
        if (!tier.tier.holds('south')) return true;
        await tier.item('south', 'spot', ids.south);
        return false;
      };
      expect(await until(dropped)).toBe(true);
      expect(await tier.item('south', 'spot', ids.south)).toBeUndefined();
      expect(await until(() => files(tier).length === 0)).toBe(true);
    } finally {
      await withTenant(t.db, 'south', (tx) =>
        sql`UPDATE tenant.content_items SET published_data = data WHERE id = ${ids.south}::uuid`.execute(tx),
      );
    }
  });

  it('answers from the database and drops the file when a read of it fails (a file cut short)', async () => {
    const tier = withTier({ buildAfter: 1000 });
    await tier.tier.load('west');
    const [first, second] = await live('west');
    /** Cuts the organisation's one file short (the last build's, once the dropped one is gone). */
    const cut = async () => {
      expect(await until(() => files(tier).length === 1)).toBe(true);
      fs.truncateSync(path.join(tier.tier.directory, files(tier)[0]!), 0);
    };
    await cut();
    const database = fromDatabase();
    expect(text(await tier.detail('west', site, 'spot', first!.id, 'ja'))).toBe(
      (await database.detail('west', site, 'spot', first!.id, 'ja'))?.json,
    );
    expect(tier.tier.holds('west')).toBe(false);
    await tier.tier.load('west');
    await cut();
    expect(await tier.item('west', 'spot', second!.id)).toEqual(
      await database.item('west', 'spot', second!.id),
    );
    expect(tier.tier.holds('west')).toBe(false);
    await tier.tier.load('west');
    await cut();
    expect(await tier.list('west', 'spot', { limit: 5 }, 'ja')).toEqual(
      await database.list('west', 'spot', { limit: 5 }, 'ja'),
    );
    expect(tier.tier.holds('west')).toBe(false);
  });

  it('does not keep a build that an invalidation or a clear (every organisation) overtook', async () => {
    const tier = withTier();
    for (const overtake of [() => tier.invalidate('east'), () => tier.clear()]) {
      const building = tier.tier.load('east');
      overtake();
      await building;
      expect(tier.tier.holds('east')).toBe(false);
      expect(files(tier)).toEqual([]);
    }
  });

  it('keeps its budget within nine tenths of the room its directory’s filesystem has at start, and says so', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-tier-'));
    roots.push(dir);
    const { bavail, bsize } = fs.statfsSync(dir);
    const capped: number[] = [];
    const options = (maxBytes: number) => ({
      maxBytes: 0,
      ttlMs: 60_000,
      tier: { dir, maxBytes, buildAfter: 1, onCapped: (bytes: number) => capped.push(bytes) },
    });
    // A petabyte asked for: what the filesystem has (less what others wrote meanwhile) instead.
    const large = new PublishedReads(t.db, options(2 ** 50));
    open.push(large);
    expect(large.tier.maxBytes).toBeLessThanOrEqual(Math.floor(bavail * bsize * 0.9));
    expect(large.tier.maxBytes).toBeGreaterThan(0);
    expect(capped).toEqual([large.tier.maxBytes]);
    // A budget that fits is kept as it is, and nothing is said.
    const small = new PublishedReads(t.db, options(64 * MB));
    open.push(small);
    expect(small.tier.maxBytes).toBe(64 * MB);
    expect(capped).toHaveLength(1);
  });

  it('keeps within its disk budget: the least recently used organisation out, its file deleted', async () => {
    const probe = withTier();
    await probe.tier.load('east');
    const one = probe.tier.totalBytes;
    expect(one).toBeGreaterThan(0);
    // Room for four organisations of ten spots, not five.
    const tier = withTier({ maxBytes: Math.floor(one * 4.5) });
    for (const org of ['east', 'west', 'isle', 'cape']) await tier.tier.load(org);
    expect(tier.tier.organisations).toBe(4);
    // One past a quarter of the budget is not kept (north: fifteen items, one of them long).
    await tier.tier.load('north');
    expect(tier.tier.holds('north')).toBe(false);
    // East read again: west is now the least recently used, and a fifth pushes it out.
    expect(tier.tier.get('east')).toBe(true);
    await tier.tier.load('isle2');
    expect(tier.tier.holds('isle2')).toBe(true);
    expect(tier.tier.holds('west')).toBe(false);
    expect(tier.tier.holds('east')).toBe(true);
    expect(tier.tier.totalBytes).toBeLessThanOrEqual(Math.floor(one * 4.5));
    // Full, with every organisation read within the minute: reads of one more build nothing (a
    // walk over more organisations than the budget holds does not churn); it reads the database.
    const [other] = await live('west');
    for (let read = 0; read < 3; read += 1) await tier.detail('west', site, 'spot', other!.id, 'ja');
    await new Promise((r) => setTimeout(r, 300));
    expect(tier.tier.holds('west')).toBe(false);
    expect(tier.tier.organisations).toBe(4);
    expect(await until(() => files(tier).length === 4)).toBe(true);
  });

  it('removes at start the files a process that is gone left behind, keeps a live one’s and anything not a tier’s, and removes its own when closed', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-tier-'));
    roots.push(root);
    // A pid no process has (beyond the kernel's limit), and this test's parent, which is alive.
    const gone = path.join(root, '4194305-deadbeef');
    const other = path.join(root, `${process.ppid}-cafebabe`);
    // And what is not a tier's: the directory may be shared (set to the data directory itself).
    const foreign = [path.join(root, 'db'), path.join(root, '12-notatier')];
    for (const dir of [gone, other, ...foreign]) {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'north.0'), 'left behind');
    }
    const reads = new PublishedReads(t.db, {
      maxBytes: 0,
      ttlMs: 60_000,
      tier: { dir: root, maxBytes: 64 * MB, buildAfter: 1 },
    });
    expect(fs.existsSync(gone)).toBe(false);
    expect(fs.existsSync(other)).toBe(true);
    for (const dir of foreign) expect(fs.existsSync(path.join(dir, 'north.0')), dir).toBe(true);
    expect(fs.statSync(reads.tier.directory).mode & 0o777).toBe(0o700);
    await reads.tier.load('west');
    expect(fs.readdirSync(reads.tier.directory)).toHaveLength(1);
    reads.close();
    expect(fs.existsSync(reads.tier.directory)).toBe(false);
  });
});

describe(`the published tier through HTTP on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  let tiered: TestApp;
  /** The tier without pages rendered ahead (SITE_PAGES_AHEAD_AFTER=0): every page from its entries. */
  let perRequest: TestApp;
  let plain: TestApp;
  let publisher: Client;
  const ORG = 'sokutei';

  beforeAll(async () => {
    const tier = {
      SCHEDULER_INTERVAL_MS: '0',
      PUBLIC_CACHE_MB: '0',
      PUBLISHED_MODEL_MB: '0',
      PUBLISHED_TIER_MB: '64',
    };
    tiered = await startTestApp({ database: t, env: tier });
    perRequest = await startTestApp({ database: t, env: { ...tier, SITE_PAGES_AHEAD_AFTER: '0' } });
    plain = await startTestApp({
      database: t,
      env: {
        SCHEDULER_INTERVAL_MS: '0',
        PUBLIC_CACHE_MB: '0',
        PUBLISHED_MODEL_MB: '0',
        PUBLISHED_CACHE_MB: '0',
      },
    });
    await createOrganisation(t.db, ORG, '測定町');
    const rights = { spots: 'publish', events: 'publish', site: 'edit' };
    publisher = await signedIn(tiered, ORG, await seedUser(tiered, ORG, { totp: false, rights }));
  });
  afterAll(async () => {
    await tiered?.close();
    await perRequest?.close();
    await plain?.close();
  });

  /** Headers that differ per response or per node whatever answers. */
  const PER_RESPONSE = new Set(['date', 'x-request-id', 'x-cache', 'age', 'connection', 'keep-alive']);
  const get = async (app: TestApp, url: string, init: RequestInit = {}) => {
    const res = await fetch(`${app.url}${url}`, init);
    const headers = Object.fromEntries([...res.headers].filter(([name]) => !PER_RESPONSE.has(name)));
    return { status: res.status, etag: res.headers.get('etag'), headers, body: await res.text() };
  };
  const metricsText = async (app = tiered) => (await fetch(`${app.url}/metrics`)).text();
  /** A node's metrics once its tier holds one organisation (waits up to 5 s for the build). */
  const tierHoldsOne = async (app = tiered) => {
    let metrics = await metricsText(app);
    for (let i = 0; i < 100 && !/mitte_published_tier_organisations 1\b/.test(metrics); i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      metrics = await metricsText(app);
    }
    return metrics;
  };
  /** A counter of a node (0 while it has none). */
  const counter = async (name: string, app = tiered) =>
    Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(await metricsText(app))?.[1] ?? 0);
  /** System calls reading the tier's files so far (mitte_published_tier_file_reads_total). */
  const fileReads = (app = tiered) => counter('mitte_published_tier_file_reads_total', app);
  const earlyAnswers = () => counter('mitte_public_early_answers_total');
  /** Spot pages rendered into the tier's files (the series as a pattern: its braces escaped). */
  const TIER_PAGES = 'mitte_site_pages_prepared_total\\{kept="tier"\\}';
  const MODEL_PAGES = 'mitte_site_pages_prepared_total\\{kept="model"\\}';
  /** fetch asks for gzip, deflate and br unless told otherwise: the byte-for-byte comparisons ask for none. */
  const identity = { headers: { 'accept-encoding': 'identity' } };
  const tierFiles = () =>
    fs
      .readdirSync(path.join(tiered.dataDir, 'published-tier'))
      .flatMap((dir) => fs.readdirSync(path.join(tiered.dataDir, 'published-tier', dir)));

  it('serves the API detail and the spot page from its file as the database path does, and an unpublished item at once no more', async () => {
    const spot = await publishNew(publisher, 'spots', spotData('測定の滝'));
    const event = await publishNew(publisher, 'events', eventData('測定まつり'));
    const api = (id: string, plural: string) => `/api/v1/public/${ORG}/${plural}/${id}`;
    // The first read builds the organisation's file (PUBLISHED_TIER_BUILD_AFTER is 1 in tests).
    expect((await get(tiered, api(spot, 'spots'))).status).toBe(200);
    expect(await tierHoldsOne()).toMatch(/mitte_published_tier_organisations 1\b/);
    const [built] = tierFiles();
    expect(built).toBeDefined();
    for (const url of [api(spot, 'spots'), api(event, 'events'), `${api(spot, 'spots')}?lang=en`]) {
      const [a, b] = [await get(tiered, url), await get(plain, url)];
      expect(a.status, url).toBe(200);
      expect(a.body, url).toBe(b.body);
    }
    // The first page of a list, before the route and through it (a query it does not answer early).
    for (const url of [
      `/api/v1/public/${ORG}/spots?limit=5`,
      `/api/v1/public/${ORG}/spots?limit=5&category=nature`,
    ]) {
      const [a, b] = [await get(tiered, url), await get(plain, url)];
      expect(a.status, url).toBe(200);
      expect(a.body, url).toBe(b.body);
      expect(a.etag, url).toBe(b.etag);
    }
    const page = `/s/${ORG}/ja/spots/${spot}`;
    const readsBefore = await fileReads();
    const [a, b] = [await get(tiered, page), await get(plain, page)];
    expect(a.status).toBe(200);
    expect(a.body).toBe(b.body);
    // The page was read from the file, and the metric counts that read.
    expect(readsBefore).toBeGreaterThan(0);
    expect(await fileReads()).toBeGreaterThan(readsBefore);
    expect(await metricsText()).toMatch(/mitte_published_tier_requests_total\{result="hit"\} [1-9]/);
    // Unpublished through the API: the file goes with the change, and the item is gone at once.
    const current = (await publisher.get(`/api/v1/spots/${spot}`)).body as { version: number };
    const down = await publisher.post(`/api/v1/spots/${spot}/unpublish`, { version: current.version });
    expect(down.status, JSON.stringify(down.body)).toBe(200);
    expect((await get(tiered, api(spot, 'spots'))).status).toBe(404);
    expect((await get(tiered, page)).status).toBe(404);
    expect((await get(tiered, api(event, 'events'))).status).toBe(200);
    // The old file is gone (the event's read builds the organisation's file again).
    expect(await until(() => !tierFiles().includes(built!))).toBe(true);
  });

  it('shows a spot page’s nearest spots, read as their cards, exactly as the database path does (long texts, photos, both languages)', async () => {
    expect((await publisher.put('/api/v1/site/settings', jaEnSiteSettings())).status).toBe(200);
    const photo = async (alt: Record<string, string>) =>
      (
        await t.superuser.query<{ id: string }>(
          `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key,
                                     key_version, alt, derivatives)
           VALUES ($1, 'image', 'image/jpeg', 'jpg', 'p.jpg', 1, 'x', 'k', 1, $2, '[{"variant":"w320"}]')
           RETURNING id::text`,
          [ORG, JSON.stringify(alt)],
        )
      ).rows[0]!.id;
    const falls = await photo({ ja: '滝の写真', en: 'The falls' });
    const leaves = await photo({ ja: '紅葉' });
    const long = {
      ja: '静かな山あいの名所で、四季の眺めが楽しめます。'.repeat(12),
      en: 'A quiet place in the hills with views in every season. '.repeat(6),
    };
    const at = (lat: number, lng: number) => ({ lat, lng });
    const spots = [
      spotData('中心の寺', { ...at(34.995, 135.785), description: long, imageIds: [falls, leaves] }),
      spotData('近くの滝', {
        ...at(34.9946, 135.7852),
        description: { ja: '短い説明。' },
        imageIds: [leaves],
      }),
      // A card's summary ends with an ellipsis past 110 characters: 110 and 111 on either side.
      spotData('近くの庭', {
        ...at(34.9952, 135.7848),
        description: { ja: 'あ'.repeat(110), en: 'b'.repeat(111) },
      }),
      spotData('近くの橋', { ...at(34.9944, 135.7847), description: undefined, address: undefined }),
      spotData('遠くの丘', { ...at(34.993, 135.787), description: long, imageIds: [falls] }),
    ];
    const ids: string[] = [];
    for (const data of spots) ids.push(await publishNew(publisher, 'spots', data));
    // The publishing dropped the files: a read builds each node's again. Both nodes' tiers, the
    // pages rendered ahead (the file's language) and those from the entries and cards, as the database's.
    for (const app of [tiered, perRequest]) {
      expect((await get(app, `/api/v1/public/${ORG}/spots/${ids[0]}`)).status).toBe(200);
      expect(await tierHoldsOne(app)).toMatch(/mitte_published_tier_organisations 1\b/);
      for (const id of ids)
        for (const lang of ['ja', 'en']) {
          const page = `/s/${ORG}/${lang}/spots/${id}`;
          const before = await fileReads(app);
          const [a, b] = [await get(app, page), await get(plain, page)];
          expect(a.status, page).toBe(200);
          expect(await fileReads(app), page).toBeGreaterThan(before);
          expect(a.body, page).toBe(b.body);
        }
    }
    // SITE_PAGES_AHEAD_AFTER=0 kept every page out of that node's tier: its pages above were read
    // from the entries and cards; the other node's tier has them.
    expect(await counter(TIER_PAGES, perRequest)).toBe(0);
    expect(await counter(TIER_PAGES)).toBeGreaterThan(0);
    // The pages read from the cards did show them: a cut summary, a photo's alternative text.
    const centre = (await get(perRequest, `/s/${ORG}/en/spots/${ids[0]}`)).body;
    expect(centre).toContain('近くの滝');
    expect(centre).toContain(`${'b'.repeat(110)}…`);
    expect(centre).not.toContain('b'.repeat(111));
    expect((await get(perRequest, `/s/${ORG}/ja/spots/${ids[1]}`)).body).toContain(
      `${long.ja.slice(0, 110)}…`,
    );
    expect((await get(perRequest, `/s/${ORG}/en/spots/${ids[1]}`)).body).toContain('The falls');
  });

  describe('spot pages rendered ahead into the file', () => {
    const page = (id: string, lang = 'ja') => `/s/${ORG}/${lang}/spots/${id}`;
    const spots: string[] = [];
    let event = '';

    beforeAll(async () => {
      spots.push(await publishNew(publisher, 'spots', spotData('先の寺', { lat: 34.99, lng: 135.78 })));
      spots.push(await publishNew(publisher, 'spots', spotData('先の川', { lat: 34.991, lng: 135.781 })));
      event = await publishNew(publisher, 'events', eventData('先のまつり'));
      const prepared = await counter(TIER_PAGES);
      // The publishing dropped the file: a read builds it again, with every live spot's page.
      expect((await get(tiered, `/api/v1/public/${ORG}/spots/${spots[0]}`)).status).toBe(200);
      expect(await tierHoldsOne()).toMatch(/mitte_published_tier_organisations 1\b/);
      const live = (
        JSON.parse((await get(plain, `/api/v1/public/${ORG}/spots?limit=100`)).body) as { items: unknown[] }
      ).items.length;
      expect(await counter(TIER_PAGES)).toBe(prepared + live);
      // Counted as the tier's, not as pages on a model (this node holds none): a reader waiting
      // for a model's pages is not told they are there.
      expect(await counter(MODEL_PAGES)).toBe(0);
    });

    it('answers a first visit to a spot page in the file’s language before the route, byte for byte and header for header as the route renders it', async () => {
      for (const id of spots) {
        const [early, reads] = [await earlyAnswers(), await fileReads()];
        const fromTier = await get(tiered, page(id), identity);
        expect(await earlyAnswers(), id).toBe(early + 1);
        expect(await fileReads(), id).toBe(reads + 1);
        const fromRoute = await get(plain, page(id), identity);
        expect([fromTier.status, fromTier.body], id).toEqual([200, fromRoute.body]);
        expect(fromTier.headers, id).toEqual(fromRoute.headers);
      }
      // Another of the site's languages: rendered per request from the file's entries.
      const early = await earlyAnswers();
      const en = await get(tiered, page(spots[0]!, 'en'), identity);
      expect(await earlyAnswers()).toBe(early);
      expect(en.body).toBe((await get(plain, page(spots[0]!, 'en'), identity)).body);
    });

    it('sends the page gzipped as kept to a client that takes gzip, and 304 to a revalidation', async () => {
      const before = await earlyAnswers();
      const raw = await fetch(`${tiered.url}${page(spots[1]!)}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(await earlyAnswers()).toBe(before + 1);
      expect(raw.headers.get('content-encoding')).toBe('gzip');
      const fromRoute = await get(plain, page(spots[1]!), identity);
      expect(await raw.text()).toBe(fromRoute.body);
      expect(raw.headers.get('etag')).toBe(fromRoute.etag);
      const revalidated = await get(tiered, page(spots[1]!), {
        headers: { 'if-none-match': fromRoute.etag! },
      });
      expect(await earlyAnswers()).toBe(before + 2);
      expect([revalidated.status, revalidated.body]).toEqual([304, '']);
    });

    it('answers from the file on a node whose model came to hold the organisation after the file was built, until the model has pages of its own', async () => {
      // The model loads on the third read that asks it, after the first read's build; it renders
      // no pages here.
      const both = await startTestApp({
        database: t,
        env: {
          SCHEDULER_INTERVAL_MS: '0',
          PUBLIC_CACHE_MB: '0',
          PUBLISHED_MODEL_MB: '64',
          PUBLISHED_MODEL_LOAD_AFTER: '3',
          PUBLISHED_TIER_MB: '64',
          SITE_PAGES_AHEAD_AFTER: '1000',
        },
      });
      try {
        expect((await get(both, `/api/v1/public/${ORG}/spots/${spots[0]}`)).status).toBe(200);
        expect(await tierHoldsOne(both)).toMatch(/mitte_published_tier_organisations 1\b/);
        let held = 0;
        for (let i = 0; i < 100 && held === 0; i += 1) {
          // The spot list page asks the model (the API's first pages are the file's to answer).
          await get(both, `/s/${ORG}/ja/spots/?category=c${i}`);
          held = await counter('mitte_published_model_organisations', both);
        }
        expect(held).toBe(1);
        for (const id of spots) {
          const [early, reads] = [
            await counter('mitte_public_early_answers_total', both),
            await fileReads(both),
          ];
          const answered = await get(both, page(id), identity);
          expect(await counter('mitte_public_early_answers_total', both), id).toBe(early + 1);
          expect(await fileReads(both), id).toBe(reads + 1);
          expect([answered.status, answered.body], id).toEqual([
            200,
            (await get(plain, page(id), identity)).body,
          ]);
        }
        expect(await counter(MODEL_PAGES, both)).toBe(0);
      } finally {
        await both.close();
      }
    });

    it('leaves to the route what it did not render: other spellings of the URL, a query, HEAD, unknown spots, an event', async () => {
      const cases: [string, string, RequestInit?][] = [
        ['the id in capitals', page(spots[0]!.toUpperCase())],
        ['the id without its dashes', page(spots[0]!.replaceAll('-', ''))],
        ['its API detail so', `/api/v1/public/${ORG}/spots/${spots[0]!.replaceAll('-', '')}`],
        [
          'its API detail with a dash moved',
          `/api/v1/public/${ORG}/spots/${spots[0]!.replace(/^(.{7})(.)-/, '$1-$2')}`,
        ],
        ['a query', `${page(spots[0]!)}?from=search`],
        ['a trailing slash', `${page(spots[0]!)}/`],
        ['HEAD', page(spots[0]!), { method: 'HEAD' }],
        ['an unknown spot', page(crypto.randomUUID())],
        ['an event as a spot', page(event)],
      ];
      for (const [what, path, init] of cases) {
        const before = await earlyAnswers();
        const fromTier = await get(tiered, path, { ...identity, ...init });
        const fromRoute = await get(plain, path, { ...identity, ...init });
        expect(await earlyAnswers(), what).toBe(before);
        // An error's body names its own request.
        const same = (body: string) => body.replace(/"requestId":"[^"]*"/, '');
        expect([fromTier.status, same(fromTier.body)], what).toEqual([
          fromRoute.status,
          same(fromRoute.body),
        ]);
      }
    });

    it('does not answer from them once the organisation’s name they show changed, even with no message of it', async () => {
      await t.superuser.query(
        `UPDATE provider.organisations SET name_ja = '新測定町' WHERE service_code = $1`,
        [ORG],
      );
      // Both nodes look the organisation up again past its 5 s TTL: a request then refreshes it.
      await new Promise((r) => setTimeout(r, 5_200));
      await get(tiered, `/api/v1/public/${ORG}/spots?limit=1`);
      await get(plain, `/api/v1/public/${ORG}/spots?limit=1`);
      await new Promise((r) => setTimeout(r, 500));
      const before = await earlyAnswers();
      const shown = await get(tiered, page(spots[0]!), identity);
      expect(await earlyAnswers()).toBe(before);
      expect(shown.body).toContain('新測定町');
      expect(shown.body).toBe((await get(plain, page(spots[0]!), identity)).body);
    });
  });
});
