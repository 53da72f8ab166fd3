import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Tx, withTenant } from '../src/db/scope.js';
import { listOwnCategories } from '../src/modules/content/categories/categories.repo.js';
import { decodeCursor } from '../src/modules/content/content-list.service.js';
import {
  loadPublishedModel,
  publishedModelVersion,
  publishedVersionsOf,
} from '../src/modules/content/public/published.repo.js';
import { PublishedModel } from '../src/modules/content/public/published-model.js';
import { PublishedReads } from '../src/modules/content/public/published-reads.js';
import { spotListModel } from '../src/modules/content/public/read-models.js';
import type { SiteSettings } from '../src/modules/site-settings/index.js';
import type { PublishedContext, TenantContext } from '../src/platform/access/context.js';
import { lazySystemContext, runAsSystem } from '../src/platform/access/system-context.js';
import { type PublicJson, publicEtag } from '../src/platform/http/cache.js';
import { eventData, writeItem, writeSpot } from './helpers/content.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestDatabase;

const item = (org: string, name: string, live: boolean, lat?: number, lng?: number) =>
  writeSpot(t.db, org, name, live, lat, lng);

const published = async () =>
  (
    await t.superuser.query<{ org: string; id: string }>(
      'SELECT org, id::text FROM tenant.published_items ORDER BY org, id',
    )
  ).rows;

const nearbyOf = async (id: string | undefined) =>
  (
    await t.superuser.query<{ nearby: string[] }>(
      'SELECT nearby::text[] FROM tenant.published_items WHERE id = $1',
      [id],
    )
  ).rows[0]?.nearby;

const ids = { live: '', draft: '', south: '' };
/** An answer's JSON as text: the model keeps its answers encoded, the database path builds strings. */
const jsonText = (answer: PublicJson | undefined) => answer && answer.json.toString();

beforeAll(async () => {
  t = await openTestDatabase();
  await createOrganisation(t.db, 'north');
  await createOrganisation(t.db, 'south');
  ids.live = await item('north', '公開', true, 35, 135);
  ids.draft = await item('north', '下書き', false, 35, 135.001);
  ids.south = await item('south', '南', true, 33, 131);
});
afterAll(() => t.close());

describe(`the published read model on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('holds exactly the live copies, in the same transaction as each change', async () => {
    expect(await published()).toEqual(
      [
        { org: 'north', id: ids.live },
        { org: 'south', id: ids.south },
      ].sort((a, b) => a.org.localeCompare(b.org) || a.id!.localeCompare(b.id!)),
    );
    // Unpublishing removes the row; a failed transaction leaves it as it was.
    await withTenant(t.db, 'north', (tx) =>
      sql`UPDATE tenant.content_items SET published_data = NULL WHERE id = ${ids.live}::uuid`.execute(tx),
    );
    expect((await published()).map((r) => r.id)).toEqual([ids.south]);
    await expect(
      withTenant(t.db, 'north', async (tx) => {
        await sql`UPDATE tenant.content_items SET published_data = data WHERE id = ${ids.live}::uuid`.execute(
          tx,
        );
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await published()).map((r) => r.id)).toEqual([ids.south]);
    await withTenant(t.db, 'north', (tx) =>
      sql`UPDATE tenant.content_items SET published_data = data WHERE id = ${ids.live}::uuid`.execute(tx),
    );
    expect((await published()).map((r) => r.id)).toContain(ids.live);
  });

  it('moves an organisation’s version with every change of its rows, in the same transaction, and no other’s', async () => {
    const version = (org: string) => publishedModelVersion(t.db.reader, org);
    const steps: [string, string][] = [];
    const step = async (label: string, org: string, change: (tx: Tx) => Promise<unknown>) => {
      await withTenant(t.db, org, change);
      steps.push([label, await version(org)]);
    };
    const south = await version('south');
    const start = await version('north');
    const spot = await item('north', '版', true, 35.5, 135.5);
    steps.push(['publish', await version('north')]);
    await step('edit the live copy', 'north', (tx) =>
      sql`UPDATE tenant.content_items SET published_data = published_data || '{"category":"food"}'
           WHERE id = ${spot}::uuid`.execute(tx),
    );
    await step('move it (its neighbours’ nearest spots too)', 'north', (tx) =>
      sql`UPDATE tenant.content_items SET published_data = published_data || '{"lat":35.6}'
           WHERE id = ${spot}::uuid`.execute(tx),
    );
    await step('unpublish', 'north', (tx) =>
      sql`UPDATE tenant.content_items SET published_data = NULL WHERE id = ${spot}::uuid`.execute(tx),
    );
    await step('publish again', 'north', (tx) =>
      sql`UPDATE tenant.content_items SET published_data = data WHERE id = ${spot}::uuid`.execute(tx),
    );
    await step('delete', 'north', (tx) =>
      sql`DELETE FROM tenant.content_items WHERE id = ${spot}::uuid`.execute(tx),
    );
    // The site is public data too (0079): its settings and its own categories.
    await step('site settings', 'north', (tx) =>
      sql`UPDATE tenant.site_settings SET tagline = '{"ja":"版"}' WHERE org = 'north'`.execute(tx),
    );
    await step('add an own category', 'north', (tx) =>
      sql`INSERT INTO tenant.content_categories (org, kind, code, names, position)
          VALUES ('north', 'spot', 'x-version', '{"ja":"版"}', 99)`.execute(tx),
    );
    await step('rename it', 'north', (tx) =>
      sql`UPDATE tenant.content_categories SET names = '{"ja":"版2"}' WHERE org = 'north' AND code = 'x-version'`.execute(
        tx,
      ),
    );
    await step('delete it', 'north', (tx) =>
      sql`DELETE FROM tenant.content_categories WHERE org = 'north' AND code = 'x-version'`.execute(tx),
    );
    const versions = [start, ...steps.map(([, v]) => v)];
    expect(new Set(versions).size, JSON.stringify(steps)).toBe(versions.length);
    // No change of the live rows, no move: a draft's edit, a rolled-back publish.
    const last = await version('north');
    await withTenant(t.db, 'north', (tx) =>
      sql`UPDATE tenant.content_items SET data = data || '{"category":"food"}' WHERE id = ${ids.draft}::uuid`.execute(
        tx,
      ),
    );
    await expect(
      withTenant(t.db, 'north', async (tx) => {
        await sql`UPDATE tenant.content_items SET published_data = data WHERE id = ${ids.draft}::uuid`.execute(
          tx,
        );
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await version('north')).toBe(last);
    expect(await version('south')).toBe(south);
    // The version and the rows are read in one statement: what a model loads is what it checks.
    const loaded = await loadPublishedModel(t.db.reader, 'north');
    expect(loaded.version).toBe(last);
    expect(await version('nobody')).toBe('0');
    // Many organisations' versions in one statement, as the node's checks read them.
    const many = await publishedVersionsOf(t.db.reader, ['north', 'south', 'nobody']);
    expect(Object.fromEntries(many)).toEqual({ north: last, south });
  });

  it('keeps each spot’s nearest live spots, as the page’s distance scan orders them', async () => {
    const line: string[] = [];
    for (let i = 1; i <= 5; i += 1) line.push(await item('north', `線${i}`, true, 35, 135 + i * 0.01));
    expect(await nearbyOf(ids.live)).toEqual(line.slice(0, 4));
    // Withdrawing a neighbour brings the next one in; deleting one drops it everywhere.
    await withTenant(t.db, 'north', (tx) =>
      sql`UPDATE tenant.content_items SET published_data = NULL WHERE id = ${line[1]}::uuid`.execute(tx),
    );
    expect(await nearbyOf(ids.live)).toEqual([line[0], line[2], line[3], line[4]]);
    await withTenant(t.db, 'north', (tx) =>
      sql`DELETE FROM tenant.content_items WHERE id = ${line[0]}::uuid`.execute(tx),
    );
    expect(await nearbyOf(ids.live)).toEqual([line[2], line[3], line[4]]);
    // Another organisation's spots are never near.
    expect(await nearbyOf(ids.south)).toEqual([]);
  });

  it('after an import of hundreds of spots, each spot’s nearest spots are those a fresh scan finds', async () => {
    // As the import writes: hundreds of live spots in one statement, then moves and withdrawals,
    // in two organisations at the same positions (on a grid with equal distances, so ties count).
    const rows = (org: string, n: number) =>
      Array.from({ length: n }, (_, i) => {
        const data = {
          name: { ja: `格子${i}` },
          lat: 36 + (i % 20) / 1000,
          lng: 138 + Math.floor(i / 20) / 1000,
        };
        return sql`(${org}, 'spot', 'published', ${JSON.stringify(data)}::jsonb, ${JSON.stringify(data)}::jsonb, now())`;
      });
    for (const org of ['north', 'south'])
      await withTenant(t.db, org, (tx) =>
        sql`INSERT INTO tenant.content_items (org, kind, status, data, published_data, published_at)
            VALUES ${sql.join(rows(org, 300))}`.execute(tx),
      );
    await withTenant(t.db, 'north', async (tx) => {
      await sql`UPDATE tenant.content_items
                   SET published_data = jsonb_set(published_data, '{lat}', to_jsonb((published_data ->> 'lat')::float8 + 0.0005))
                 WHERE org = 'north' AND data -> 'name' ->> 'ja' LIKE '格子1%'`.execute(tx);
      await sql`UPDATE tenant.content_items SET published_data = NULL
                 WHERE org = 'north' AND data -> 'name' ->> 'ja' LIKE '格子2%'`.execute(tx);
    });
    // Withdrawn and published again in one statement each, and spots losing their position.
    await withTenant(t.db, 'south', async (tx) => {
      await sql`UPDATE tenant.content_items SET published_data = NULL
                 WHERE org = 'south' AND data -> 'name' ->> 'ja' ~ '^格子[0-9]*[05]$'`.execute(tx);
      await sql`UPDATE tenant.content_items SET published_data = data
                 WHERE org = 'south' AND data -> 'name' ->> 'ja' ~ '^格子[0-9]*0$'`.execute(tx);
      await sql`UPDATE tenant.content_items SET published_data = published_data - 'lat' - 'lng'
                 WHERE org = 'south' AND data -> 'name' ->> 'ja' ~ '^格子[0-9]*7$'`.execute(tx);
    });
    const { rows: differing } = await t.superuser.query<{ id: string }>(
      `SELECT p.id FROM tenant.published_items p
        WHERE p.kind = 'spot' AND p.lat IS NOT NULL
          AND p.nearby IS DISTINCT FROM ARRAY(
            SELECT o.id FROM tenant.published_items o
             WHERE o.org = p.org AND o.kind = 'spot' AND o.lat IS NOT NULL AND o.id <> p.id
             ORDER BY sqrt(power(o.lat - p.lat, 2) + power((o.lng - p.lng) * cos(radians(p.lat)), 2)) * 111.32, o.id
             LIMIT 4)
        UNION ALL
       SELECT p.id FROM tenant.published_items p
        WHERE p.kind = 'spot' AND p.lat IS NOT NULL
          AND p.nearby_km IS DISTINCT FROM (
            SELECT CASE WHEN count(*) = 4 THEN max(km) ELSE 'Infinity' END FROM (
              SELECT sqrt(power(o.lat - p.lat, 2) + power((o.lng - p.lng) * cos(radians(p.lat)), 2)) * 111.32 AS km
                FROM tenant.published_items o
               WHERE o.org = p.org AND o.kind = 'spot' AND o.lat IS NOT NULL AND o.id <> p.id
               ORDER BY 1 LIMIT 4) k)
        UNION ALL
       SELECT p.id FROM tenant.published_items p
        WHERE p.kind = 'spot' AND p.lat IS NULL AND (p.nearby <> '{}' OR p.nearby_km <> 'Infinity')`,
    );
    expect(differing).toEqual([]);
    const { rows: counted } = await t.superuser.query<{ spots: number }>(
      `SELECT count(*)::int AS spots FROM tenant.published_items WHERE kind = 'spot' AND cardinality(nearby) = 4`,
    );
    expect(counted[0]!.spots).toBeGreaterThan(400);
  });

  it('the app inside its tenant transaction sees only its own organisation’s published rows', async () => {
    const rows = await withTenant(t.db, 'south', (tx) =>
      sql<{ org: string }>`SELECT DISTINCT org FROM tenant.published_items`.execute(tx),
    );
    expect(rows.rows).toEqual([{ org: 'south' }]);
  });
});

describe(`the node-local published model on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  const MB = 1024 * 1024;
  const withModel = (checkMs = 60_000, loadAfter = 1) =>
    new PublishedReads(t.db, {
      maxBytes: 0,
      ttlMs: 60_000,
      model: { maxBytes: 16 * MB, checkMs, loadAfter },
    });
  /** Waits until nothing has changed in what the model holds for a while (its loads ended). */
  const settled = async (reads: PublishedReads) => {
    let last = -1;
    for (let i = 0; i < 100 && reads.model.organisations !== last; i += 1) {
      last = reads.model.organisations;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // The database path: no model, no item cache.
  const fromDatabase = () => new PublishedReads(t.db, { maxBytes: 0, ttlMs: 60_000 });
  const liveSpots = async (org: string) =>
    (
      await t.superuser.query<{ id: string }>(
        `SELECT id::text FROM tenant.published_items WHERE org = $1 AND kind = 'spot' ORDER BY id`,
        [org],
      )
    ).rows.map((r) => r.id);

  it('answers every item and list page exactly as the database does, from memory once loaded', async () => {
    const memory = withModel();
    const database = fromDatabase();
    expect(memory.model.get('north')).toBeUndefined();
    await memory.model.load('north');
    expect(memory.model.holds('north')).toBe(true);
    const spots = await liveSpots('north');
    expect(spots.length).toBeGreaterThan(150);
    for (const id of spots)
      expect(await memory.item('north', 'spot', id), id).toEqual(await database.item('north', 'spot', id));
    // Drafts, other kinds and other organisations' items are not there.
    expect(await memory.item('north', 'spot', ids.draft)).toBeUndefined();
    expect(await memory.item('north', 'event', spots[0]!)).toBeUndefined();
    expect(await memory.item('north', 'spot', ids.south)).toBeUndefined();
    // The API detail: serialised when the model loaded (Japanese, the only language it knew of),
    // built on request in the others; byte for byte the database's, and its ETag that of its bytes.
    const site = { settings: {} as SiteSettings, own: { spot: [], event: [] } };
    for (const id of spots)
      for (const lang of ['ja', 'en'] as const) {
        const answer = await memory.detail('north', site, 'spot', id, lang);
        expect(jsonText(answer), id).toBe((await database.detail('north', site, 'spot', id, lang))?.json);
        if (answer?.etag !== undefined) expect(answer.etag).toBe(publicEtag(answer.json));
      }
    expect((await memory.detail('north', site, 'spot', spots[0]!, 'ja'))?.etag).toBeDefined();
    expect(await memory.detail('north', site, 'event', spots[0]!, 'ja')).toBeUndefined();
    expect(await memory.detail('north', site, 'spot', ids.draft, 'ja')).toBeUndefined();
    let after: [string, string] | null = null;
    for (let page = 0; page < 8; page += 1) {
      const filter: { limit: number; after: [string, string] | null } = { limit: 40, after };
      const page = await memory.list('north', 'spot', filter, 'ja');
      expect(page).toEqual(await database.list('north', 'spot', filter, 'ja'));
      if (!page.next) break;
      after = decodeCursor(page.next);
    }
    for (const filter of [
      { limit: 10, category: 'nature' },
      { limit: 10, category: 'onsen' },
      { limit: 5, tag: 'x' },
    ])
      for (const lang of ['ja', 'en'] as const)
        expect(await memory.list('north', 'spot', filter, lang)).toEqual(
          await database.list('north', 'spot', filter, lang),
        );
  });

  it('answers courses and events that reference spots (live, a draft, one twice, another organisation’s) as the database does', async () => {
    const [first, second] = await liveSpots('north');
    const stops = [first, ids.draft, second, first, ids.south].map((spotId) => ({ spotId, stayMinutes: 30 }));
    const course = await writeItem(t.db, 'north', 'course', { name: { ja: '巡るコース' }, stops }, true);
    const plain = await writeItem(t.db, 'north', 'course', { name: { ja: '立ち寄りなし' }, stops: [] }, true);
    const event = await writeItem(
      t.db,
      'north',
      'event',
      eventData('祭り', { venue: { name: { ja: '会場' }, spotId: second } }),
      true,
    );
    const memory = withModel();
    const database = fromDatabase();
    await memory.model.load('north');
    expect(memory.model.holds('north')).toBe(true);
    const site = { settings: {} as SiteSettings, own: { spot: [], event: [] } };
    for (const [kind, id] of [
      ['course', course],
      ['course', plain],
      ['event', event],
    ] as const) {
      const fromDb = await database.item('north', kind, id);
      expect(await memory.item('north', kind, id), id).toEqual(fromDb);
      for (const lang of ['ja', 'en'] as const)
        expect(jsonText(await memory.detail('north', site, kind, id, lang)), id).toBe(
          (await database.detail('north', site, kind, id, lang))?.json,
        );
    }
    // Only the live spots of this organisation, each once.
    expect([...((await database.item('north', 'course', course))?.spots.keys() ?? [])].sort()).toEqual(
      [first, second].sort(),
    );
    for (const kind of ['course', 'event'] as const)
      expect(await memory.list('north', kind, { limit: 10 }, 'ja')).toEqual(
        await database.list('north', kind, { limit: 10 }, 'ja'),
      );
  });

  it('builds the site’s spot list page from memory as the tenant transaction does: pages, categories, count, card images', async () => {
    const memory = withModel();
    await memory.model.load('north');
    const inTenant = <T>(fn: (ctx: TenantContext) => Promise<T>) =>
      runAsSystem(t.db, { kind: 'tenant', org: 'north' }, 'published-reader-test', [], fn);
    const own = await inTenant((ctx) => listOwnCategories(ctx.tx, 'north', 'spot'));
    const site = { settings: {} as SiteSettings, own: { spot: own, event: [] } };
    for (const lang of ['ja', 'en'] as const)
      for (const category of [undefined, 'nature', 'onsen', 'no-such-category', 'Bad Code']) {
        // Every page of the list, following the cursors.
        let cursor: string | undefined;
        for (let page = 0; page < 12; page += 1) {
          const query = { category, cursor };
          const fromMemory = memory.spotListPage('north', site, lang, query);
          expect(fromMemory, `${lang} ${category} ${page}`).toEqual(
            await inTenant((ctx) => spotListModel(ctx, lang, query)),
          );
          if (!fromMemory?.nextCursor) break;
          cursor = fromMemory.nextCursor;
        }
      }
  });

  it('drops an organisation whose rows changed without an invalidation (its version moved), then reads the database', async () => {
    // Reads do not load it again (loadAfter 1000): a reload after the drop would hold it again.
    const memory = withModel(0, 1000);
    await memory.model.load('south');
    const [gone] = await liveSpots('south');
    expect(await memory.item('south', 'spot', gone!)).toBeDefined();
    // A change whose invalidation message was lost.
    await withTenant(t.db, 'south', (tx) =>
      sql`UPDATE tenant.content_items SET published_data = NULL WHERE id = ${gone}::uuid`.execute(tx),
    );
    // Served while a check runs. Each read checks (TTL 0), once no check is in flight: the one
    // the read above started may have read the version before the update committed.
    for (let i = 0; i < 100 && memory.model.holds('south'); i += 1) {
      await memory.item('south', 'spot', gone!);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(memory.model.holds('south')).toBe(false);
    expect(await memory.item('south', 'spot', gone!)).toBeUndefined();
  });

  it('loads an organisation only at its loadAfter-th read while not held (a crawler’s few reads load nothing)', async () => {
    const memory = withModel(60_000, 3);
    expect(memory.model.get('north')).toBeUndefined();
    expect(memory.model.get('north')).toBeUndefined();
    await settled(memory);
    expect(memory.model.holds('north')).toBe(false);
    expect(memory.model.get('north')).toBeUndefined();
    for (let i = 0; i < 100 && !memory.model.holds('north'); i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(memory.model.holds('north')).toBe(true);
  });

  it('counts only the reads within 10 s towards loadAfter (a site read a few times an hour stays on the database)', async () => {
    let clock = Date.now();
    const model = new PublishedModel(() => t.db.reader, {
      maxBytes: 16 * MB,
      checkMs: 60_000,
      ttlMs: 600_000,
      loadAfter: 3,
      now: () => clock,
    });
    model.get('north');
    model.get('north');
    clock += 10_001;
    model.get('north');
    model.get('north');
    for (let i = 0; i < 10; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(model.holds('north')).toBe(false);
    model.get('north');
    for (let i = 0; i < 100 && !model.holds('north'); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(model.holds('north')).toBe(true);
  });

  it('asks for at most four loads at once: first reads of more organisations meanwhile go to the database', async () => {
    const memory = withModel();
    // Organisations without rows load as empty models: what counts is how many loads started.
    const orgs = ['north', 'south', ...Array.from({ length: 8 }, (_, i) => `nowhere-${i}`)];
    for (const org of orgs) expect(memory.model.get(org)).toBeUndefined();
    // The four loads asked for, to their end (load() of a loading organisation is its running
    // load); a busy machine can take longer than settled()'s quiet 100 ms for one of them.
    await Promise.all(orgs.slice(0, 4).map((org) => memory.model.load(org)));
    await settled(memory);
    expect(orgs.filter((org) => memory.model.holds(org))).toEqual(orgs.slice(0, 4));
  });

  it('serialises its answers in a further language at the languagesAfter-th API read in it, byte for byte the database’s', async () => {
    const memory = new PublishedReads(t.db, {
      maxBytes: 0,
      ttlMs: 60_000,
      model: { maxBytes: 16 * MB, checkMs: 60_000, loadAfter: 1, languagesAfter: 3 },
    });
    const database = fromDatabase();
    await memory.model.load('north');
    const spots = await liveSpots('north');
    const site = { settings: {} as SiteSettings, own: { spot: [], event: [] } };
    const loaded = memory.model.bytes;
    // Japanese (the language it loaded in) does not count; two English reads are built per request.
    await memory.detail('north', site, 'spot', spots[0]!, 'ja');
    expect(memory.detailHeld('north', site, 'spot', spots[0]!, 'en')?.etag).toBeUndefined();
    expect((await memory.detail('north', site, 'spot', spots[1]!, 'en'))?.etag).toBeUndefined();
    expect(memory.model.bytes).toBe(loaded);
    // The third (a list) starts serialising every row in English, counted in the model's size.
    await memory.list('north', 'spot', { limit: 5 }, 'en');
    for (let i = 0; i < 250 && memory.model.bytes === loaded; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(memory.model.bytes).toBeGreaterThan(loaded);
    for (const id of spots) {
      const answer = memory.detailHeld('north', site, 'spot', id, 'en');
      expect(jsonText(answer), id).toBe((await database.detail('north', site, 'spot', id, 'en'))?.json);
      expect(answer?.etag, id).toBe(publicEtag(answer!.json));
      expect(jsonText(await memory.detail('north', site, 'spot', id, 'ja')), id).toBe(
        (await database.detail('north', site, 'spot', id, 'ja'))?.json,
      );
    }
    for (const filter of [{ limit: 100 }, { limit: 10, category: 'nature' }, { limit: 5, tag: 'x' }])
      for (const lang of ['en', 'ja'] as const) {
        const expected = await database.list('north', 'spot', filter, lang);
        expect(await memory.list('north', 'spot', filter, lang)).toEqual(expected);
        expect(memory.listHeld('north', 'spot', filter, lang)).toEqual(expected);
      }
  });

  it('keeps no answers in a further language past the model’s share of the budget, and serves them per request', async () => {
    // The budget's eighth (a model's share) holds the model with 1 KB to spare.
    const probe = withModel();
    await probe.model.load('north');
    const size = probe.model.bytes;
    const rows: number[] = [];
    const memory = new PublishedReads(t.db, {
      maxBytes: 0,
      ttlMs: 60_000,
      model: {
        maxBytes: (size + 1024) * 8,
        checkMs: 60_000,
        loadAfter: 1,
        languagesAfter: 1,
        onLanguage: (n) => rows.push(n),
      },
    });
    await memory.model.load('north');
    expect(memory.model.bytes).toBe(size);
    const [id] = await liveSpots('north');
    const site = { settings: {} as SiteSettings, own: { spot: [], event: [] } };
    for (let i = 0; i < 5; i += 1) memory.detailHeld('north', site, 'spot', id!, 'en');
    await settled(memory);
    await new Promise((r) => setTimeout(r, 300));
    expect(rows).toEqual([]);
    expect(memory.model.bytes).toBe(size);
    const answer = memory.detailHeld('north', site, 'spot', id!, 'en');
    expect(answer?.etag).toBeUndefined();
    expect(jsonText(answer)).toBe((await fromDatabase().detail('north', site, 'spot', id!, 'en'))?.json);
  });

  it('does not load an organisation that would push out a model loaded less than a minute ago', async () => {
    const codes = Array.from({ length: 10 }, (_, i) => `churn-${i}`);
    for (const code of codes) {
      await createOrganisation(t.db, code);
      await item(code, `${code}のスポット`, true, 35, 135);
    }
    // Every model here is about the same size (one spot of the same shape): budget eight of them.
    const probe = new PublishedModel(() => t.db.reader, {
      maxBytes: 16 * MB,
      checkMs: 60_000,
      ttlMs: 600_000,
    });
    await probe.load(codes[0]!);
    const one = probe.bytes;
    expect(one).toBeGreaterThan(0);
    let now = 1_000_000;
    const model = new PublishedModel(() => t.db.reader, {
      maxBytes: 8 * one + 512,
      checkMs: 600_000,
      ttlMs: 600_000,
      now: () => now,
    });
    for (const code of codes.slice(0, 8)) await model.load(code);
    expect(model.organisations).toBe(8);
    // Full: a ninth within the minute stays on the database (its reads are misses), nothing is pushed out.
    now += 30_000;
    await model.load(codes[8]!);
    expect(model.get(codes[8]!)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(model.holds(codes[8]!)).toBe(false);
    expect(codes.slice(0, 8).every((code) => model.holds(code))).toBe(true);
    // A minute after the oldest load it may go: the least recently used model makes room.
    now += 30_001;
    await model.load(codes[8]!);
    expect(model.holds(codes[8]!)).toBe(true);
    expect(model.holds(codes[0]!)).toBe(false);
    expect(model.organisations).toBe(8);
  });

  it('does not keep a load that an invalidation overtook', async () => {
    const memory = withModel();
    const loading = memory.model.load('north');
    memory.invalidate('north');
    await loading;
    expect(memory.model.holds('north')).toBe(false);
  });
});

describe.runIf(process.env.TEST_DB === 'postgres')('the reader role on PostgreSQL', () => {
  it('is the reader role, not superuser, cannot bypass row-level security, owns nothing', async () => {
    const { rows } = await sql<{ role: string; superuser: boolean; bypass: boolean }>`
      SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass
        FROM pg_roles r WHERE r.rolname = current_user`.execute(t.db.reader);
    expect(rows).toEqual([{ role: 'mitte_reader', superuser: false, bypass: false }]);
  });

  it('sees published rows only: every row it reads is a live copy, no draft ever', async () => {
    const { rows } = await sql<{ id: string }>`SELECT id::text FROM tenant.published_items`.execute(
      t.db.reader,
    );
    const live = (
      await t.superuser.query<{ id: string }>(
        'SELECT id::text FROM tenant.content_items WHERE published_data IS NOT NULL',
      )
    ).rows.map((r) => r.id);
    expect(rows.map((r) => r.id).sort()).toEqual([...live].sort());
    expect(rows.map((r) => r.id)).not.toContain(ids.draft);
  });

  it('can read no other table of any schema, and change nothing', async () => {
    const { rows: tables } = await t.superuser.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('provider', 'tenant', 'audit', 'auth', 'public') AND c.relkind IN ('r', 'v', 'm', 'p')
          AND c.oid NOT IN ('tenant.published_items'::regclass, 'tenant.published_versions'::regclass)
        ORDER BY 1`,
    );
    expect(tables.length).toBeGreaterThan(10);
    for (const { name } of tables) {
      await expect(sql`SELECT 1 FROM ${sql.raw(name)} LIMIT 1`.execute(t.db.reader), name).rejects.toThrow(
        /permission denied/,
      );
    }
    for (const change of [
      sql`UPDATE tenant.published_items SET data = '{}'::jsonb`,
      sql`DELETE FROM tenant.published_items`,
      sql`INSERT INTO tenant.published_items (org, id, kind, data, updated_at) VALUES ('north', gen_random_uuid(), 'spot', '{}', now())`,
      sql`UPDATE tenant.published_versions SET version = 0`,
      sql`INSERT INTO tenant.published_versions (org, version) VALUES ('south', 1) ON CONFLICT DO NOTHING`,
      sql`SELECT nextval('tenant.published_version_seq')`,
    ]) {
      await expect(change.execute(t.db.reader)).rejects.toThrow(/permission denied/);
    }
  });
});

describe(`the published item cache on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('serves a site past its TTL while its version is checked: kept when unmoved, dropped when moved; an invalidation drops it', async () => {
    const reads = new PublishedReads(t.db, { maxBytes: 1024 * 1024, ttlMs: 300 });
    const ctx: PublishedContext = {
      ...lazySystemContext(t.db, { kind: 'tenant', org: 'north' }, 'test', []),
      org: { serviceCode: 'north', nameJa: '北', nameEn: 'North', status: 'active' },
    };
    const colour = async (value: string) =>
      t.superuser.query("UPDATE tenant.site_settings SET primary_color = $1 WHERE org = 'north'", [value]);
    const pastTtl = () => new Promise((r) => setTimeout(r, 460));
    await colour('#0b5394');
    const first = await reads.site(ctx);
    expect(first.settings.primaryColor).toBe('#0b5394');
    // Unchanged: past the TTL the check confirms it and the same site serves on (not read again).
    await pastTtl();
    expect(reads.siteHeld('north')).toBe(first);
    await new Promise((r) => setTimeout(r, 150));
    expect(reads.siteHeld('north')).toBe(first);
    // Checked again a TTL later: still the same one.
    await pastTtl();
    expect(reads.siteHeld('north')).toBe(first);
    await new Promise((r) => setTimeout(r, 150));
    // Changed without an invalidation (a lost message): served until the check past the TTL sees
    // the version moved and drops it; the next read has the new one.
    await colour('#7a1f1f');
    expect(reads.siteHeld('north')).toBe(first);
    await pastTtl();
    expect(reads.siteHeld('north')).toBe(first);
    for (let i = 0; i < 100 && reads.siteHeld('north') !== undefined; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(reads.siteHeld('north')).toBeUndefined();
    expect((await reads.site(ctx)).settings.primaryColor).toBe('#7a1f1f');
    // A check an invalidation overtook keeps nothing: the next read loads the site again.
    await pastTtl();
    expect(reads.siteHeld('north')).toBeDefined();
    reads.invalidate('north');
    expect(reads.siteHeld('north')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    expect(reads.siteHeld('north')).toBeUndefined();
    await colour('#0b5394');
    expect((await reads.site(ctx)).settings.primaryColor).toBe('#0b5394');
  });

  it('reads an item for the API detail without its nearest spots, and again with them for its page', async () => {
    const counted: string[] = [];
    const cached = new PublishedReads(t.db, {
      maxBytes: 1024 * 1024,
      ttlMs: 60_000,
      count: (result) => counted.push(result),
    });
    const database = new PublishedReads(t.db, { maxBytes: 0, ttlMs: 60_000 });
    const site = { settings: {} as SiteSettings, own: { spot: [], event: [] } };
    const detail = await cached.detail('north', site, 'spot', ids.live, 'ja');
    expect(detail?.json).toBe((await database.detail('north', site, 'spot', ids.live, 'ja'))?.json);
    // The cached entry answers the detail, not the page: the page reads the item again, with them.
    const page = await cached.item('north', 'spot', ids.live);
    expect(page?.nearby.length).toBeGreaterThan(0);
    expect(page).toEqual(await database.item('north', 'spot', ids.live));
    expect(counted).toEqual(['miss', 'miss']);
    // Now both come from the cache.
    expect(await cached.item('north', 'spot', ids.live)).toEqual(page);
    expect((await cached.detail('north', site, 'spot', ids.live, 'ja'))?.json).toBe(detail?.json);
    expect(counted).toEqual(['miss', 'miss', 'hit', 'hit']);
  });
});

describe(`the reader's statements on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('sends each statement prepared: planned once per connection, the same answers, errors not kept', async () => {
    const database = new PublishedReads(t.db, { maxBytes: 0, ttlMs: 60_000 });
    const first = await database.item('north', 'spot', ids.live);
    expect(first?.row.id).toBe(ids.live);
    for (let i = 0; i < 10; i += 1) expect(await database.item('north', 'spot', ids.live)).toEqual(first);
    // The pool hands the last released connection out again (PGlite has one): it read the detail just now.
    const { rows } = await sql<{ name: string; statement: string; calls: string }>`
      SELECT name, statement, (generic_plans + custom_plans)::text AS calls
        FROM pg_prepared_statements`.execute(t.db.reader);
    const detail = rows.find((r) => r.statement.includes("'nearby'"));
    expect(detail?.name).toMatch(/^reader_[A-Za-z0-9_-]{24}$/);
    expect(Number(detail?.calls)).toBeGreaterThanOrEqual(5);
    // A statement the database refuses is not remembered as prepared: the next one still runs.
    await expect(sql`SELECT 1 FROM tenant.no_such_table`.execute(t.db.reader)).rejects.toThrow(
      /does not exist/,
    );
    expect(await database.item('north', 'spot', ids.live)).toEqual(first);
    // Parameters bind per call in the kept plan: another organisation's id is not found under this one.
    expect(await database.item('north', 'spot', ids.south)).toBeUndefined();
    expect((await database.item('south', 'spot', ids.south))?.row.id).toBe(ids.south);
  });
});
