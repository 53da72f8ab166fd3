import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { writeSpot } from './helpers/content.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';
import { createOrganisation } from './helpers/fixtures.js';

let database: TestDatabase;
let t: TestApp | undefined;
const ids: Record<string, string> = {};

const item = (org: string, name: string, live: boolean) => writeSpot(database.db, org, name, live, 35, 135);

async function views(org: string, id: string, count: number): Promise<void> {
  await database.superuser.query(
    `INSERT INTO tenant.analytics_daily (org, day, page, content_kind, content_id, lang, device, views)
     VALUES ($1, (now() AT TIME ZONE 'Asia/Tokyo')::date, 'spot', 'spot', $2, 'ja', 'mobile', $3)`,
    [org, id, count],
  );
}

async function metric(name: string, label = ''): Promise<number> {
  const text = await (await fetch(`${t!.url}/metrics`)).text();
  const escaped = `${name}${label}`.replace(/[{}"]/g, (c) => `\\${c}`);
  return Number(new RegExp(`^${escaped} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

beforeAll(async () => {
  database = await openTestDatabase();
  await createOrganisation(database.db, 'yukemuri');
  await createOrganisation(database.db, 'kosame');
  ids.popular = await item('yukemuri', '人気の湯', true);
  ids.quiet = await item('yukemuri', '静かな湯', true);
  ids.draft = await item('yukemuri', '下書きの湯', false);
  ids.other = await item('kosame', '雨の庭', true);
  await views('yukemuri', ids.popular!, 120);
  await views('yukemuri', ids.draft!, 50);
  await views('kosame', ids.other!, 3);
  t = await startTestApp({ database, env: { PUBLISHED_CACHE_WARM_ITEMS: '5', PUBLISHED_MODEL_MB: '0' } });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe(`start-up warming of the published cache on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('loads the viewed live items of every active organisation, not drafts or unviewed ones', async () => {
    for (let i = 0; i < 200 && !((await metric('mitte_published_cache_warmed_items')) > 0); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    // popular (yukemuri) and other (kosame); the draft is not live, quiet was never viewed.
    expect(await metric('mitte_published_cache_warmed_items')).toBe(2);
  });

  it('answers the warmed items from the cache on their first visit, and others from the database', async () => {
    const hits = await metric('mitte_published_cache_requests_total', '{result="hit"}');
    const misses = await metric('mitte_published_cache_requests_total', '{result="miss"}');
    for (const [org, id] of [
      ['yukemuri', ids.popular],
      ['kosame', ids.other],
    ])
      expect((await fetch(`${t!.url}/api/v1/public/${org}/spots/${id}`)).status).toBe(200);
    expect(await metric('mitte_published_cache_requests_total', '{result="hit"}')).toBe(hits + 2);
    expect((await fetch(`${t!.url}/api/v1/public/yukemuri/spots/${ids.quiet}`)).status).toBe(200);
    expect(await metric('mitte_published_cache_requests_total', '{result="miss"}')).toBe(misses + 1);
  });
});
