import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { postFile, type SeededAccount, seedUser, signedIn } from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { openTestDatabase } from './helpers/database.js';
import { createOrganisation } from './helpers/fixtures.js';

/**
 * A public image used to hold its request's transaction while the data key was looked up in a
 * second one: on PGlite (one connection) the two waited for each other and the whole service hung.
 * Every request here has its own deadline, so a hang fails the test instead of stalling it.
 */
const ANSWER_WITHIN_MS = 15_000;

let clamd: TestClamd;
let seeding: TestApp;
let fresh: TestApp;
let imageId: string;
let spotId: string;
const accounts: SeededAccount[] = [];

beforeAll(async () => {
  clamd = await startClamd();
  seeding = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(seeding.database.db, 'heiretsu');
  const editor = await signedIn(
    seeding,
    'heiretsu',
    await seedUser(seeding, 'heiretsu', { totp: false, rights: { media: 'edit', spots: 'publish' } }),
  );
  const jpeg = await sharp({
    create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 120, b: 200 } },
  })
    .jpeg()
    .toBuffer();
  const uploaded = await postFile(editor, 'taki.jpg', jpeg);
  expect(uploaded.status).toBe(201);
  imageId = ((await uploaded.json()) as { id: string }).id;
  // Publishing needs a Japanese alt text on every image.
  expect((await editor.patch(`/api/v1/media/${imageId}`, { alt: { ja: '並列の滝' } })).status).toBe(200);
  const spot = await editor.post('/api/v1/spots', spotData('並列の滝', { imageIds: [imageId] }));
  expect(spot.status, JSON.stringify(spot.body)).toBe(201);
  const created = spot.body as { id: string; version: number };
  spotId = created.id;
  const published = await editor.post(`/api/v1/spots/${spotId}/publish`, { version: created.version });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  for (let i = 0; i < 5; i++)
    accounts.push(await seedUser(seeding, 'heiretsu', { totp: false, rights: { media: 'view' } }));
  // A fresh start on the same database, files and master key: no data key is cached yet.
  fresh = await startTestApp({
    database: seeding.database,
    deps: { masterKey: seeding.masterKey },
    env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0', DATA_DIR: seeding.dataDir },
  });
}, 120_000);

afterAll(async () => {
  await fresh?.close();
  await seeding?.close();
  await clamd?.dispose();
});

async function get(path: string): Promise<number> {
  const res = await fetch(`${fresh.url}${path}`, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  await res.arrayBuffer();
  return res.status;
}

async function signIn(account: SeededAccount): Promise<number> {
  const res = await fetch(`${fresh.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceCode: 'heiretsu', email: account.email, password: account.password }),
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('the embedded database under public load', () => {
  it('answers a public image as the first request after a start, before any data key is cached', async () => {
    expect(await get(`/s/heiretsu/media/${imageId}/w320.webp`)).toBe(200);
    // The service is still usable afterwards: a sign-in answers.
    expect(await signIn(accounts[0]!)).toBe(200);
  });

  it('answers 50 concurrent public image, public page and sign-in requests', async () => {
    const requests: Promise<[string, number]>[] = [];
    for (let i = 0; i < 50; i++) {
      const kind = i % 3;
      if (kind === 0) {
        const variant = ['w320.webp', 'w800.webp', 'original'][(i / 3) % 3]!;
        requests.push(get(`/s/heiretsu/media/${imageId}/${variant}`).then((s) => ['image', s]));
      } else if (kind === 1) {
        const path = i % 2 === 0 ? '/s/heiretsu/ja' : `/s/heiretsu/ja/spots/${spotId}`;
        requests.push(get(path).then((s) => ['page', s]));
      } else {
        requests.push(signIn(accounts[i % accounts.length]!).then((s) => ['sign-in', s]));
      }
    }
    const answers = await Promise.allSettled(requests);
    const outcome = answers.map((a) => (a.status === 'fulfilled' ? a.value.join(' ') : `no answer`));
    expect(outcome.filter((o) => !o.endsWith(' 200'))).toEqual([]);
    // And once the burst is over the service still answers.
    expect(await get('/readyz')).toBe(200);
  }, 60_000);

  it('a fresh client signs in and uses the console API after the burst', async () => {
    const client = await signedIn(fresh, 'heiretsu', accounts[1]!);
    const library = await client.get('/api/v1/media');
    expect(library.status).toBe(200);
  });
});

describe('a stuck database fails one request, not the service', () => {
  it('answers 503 with Retry-After when the database is held past the wait limit, then recovers', async () => {
    const database = await openTestDatabase(undefined, { acquireMs: 1000, lockMs: 1000 });
    const t = await startTestApp({ database });
    try {
      await createOrganisation(database.db, 'tsumari');
      const attempt = () =>
        fetch(`${t.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            serviceCode: 'tsumari',
            email: 'nobody@tsumari.example.jp',
            password: 'x'.repeat(12),
          }),
          signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        });
      // A mistake holds the database: on PGlite its one connection, on PostgreSQL a table lock.
      const holder = await database.superuser.connect();
      await holder.query('BEGIN');
      if (database.kind === 'postgres')
        await holder.query('LOCK TABLE provider.organisations IN ACCESS EXCLUSIVE MODE');
      let stuck: Response;
      try {
        stuck = await attempt();
      } finally {
        await holder.query('ROLLBACK');
        holder.release();
      }
      expect(stuck.status).toBe(503);
      expect(stuck.headers.get('retry-after')).toMatch(/^\d+$/);
      const body = (await stuck.json()) as { error: { code: string; message: { en: string } } };
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message.en).toMatch(/^The database is unavailable/);
      // Released, the same request answers normally.
      expect((await attempt()).status).toBe(401);
    } finally {
      await t.close();
      await database.close();
    }
  }, 120_000);
});
