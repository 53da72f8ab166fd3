import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn } from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

/** Content shows its own organisation's images only (issue 10, item 7). */

let t: TestApp;
let editor: Client;
const media: Record<'image' | 'video' | 'pdf' | 'foreign', string> = {
  image: '',
  video: '',
  pdf: '',
  foreign: '',
};

async function insertMedia(org: string, kind: 'image' | 'video' | 'pdf', mime: string, extension: string) {
  const { rows } = await t.database.superuser.query(
    `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key, key_version)
     VALUES ($1, $2, $3, $4, 'file', 1, 'x', 'k', 1) RETURNING id`,
    [org, kind, mime, extension],
  );
  return (rows[0] as { id: string }).id;
}

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'gazou-cho');
  await createOrganisation(t.database.db, 'yoso-cho');
  editor = await signedIn(
    t,
    'gazou-cho',
    await seedUser(t, 'gazou-cho', { totp: false, rights: { spots: 'edit', articles: 'edit' } }),
  );
  media.image = await insertMedia('gazou-cho', 'image', 'image/jpeg', 'jpg');
  media.video = await insertMedia('gazou-cho', 'video', 'video/mp4', 'mp4');
  media.pdf = await insertMedia('gazou-cho', 'pdf', 'application/pdf', 'pdf');
  media.foreign = await insertMedia('yoso-cho', 'image', 'image/jpeg', 'jpg');
});
afterAll(() => t.close());

const article = (heroImageId: string) => ({
  title: { ja: '特集' },
  body: { ja: '本文' },
  heroImageId,
});

describe('content images', () => {
  it('accepts its own images', async () => {
    const res = await editor.post('/api/v1/spots', spotData('自前の写真', { imageIds: [media.image] }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const hero = await editor.post('/api/v1/articles', article(media.image));
    expect(hero.status, JSON.stringify(hero.body)).toBe(201);
  });

  it.each([
    ['another organisation’s image', 'foreign'],
    ['a video', 'video'],
    ['a PDF', 'pdf'],
  ] as const)('refuses %s in imageIds and as heroImageId, naming the field', async (_what, which) => {
    const spot = await editor.post(
      '/api/v1/spots',
      spotData('よその写真', { imageIds: [media.image, media[which]] }),
    );
    expect(spot.status).toBe(400);
    expect(spot.body).toMatchObject({ error: { code: 'validation_failed', field: 'imageIds.1' } });
    const hero = await editor.post('/api/v1/articles', article(media[which]));
    expect(hero.status).toBe(400);
    expect(hero.body).toMatchObject({ error: { field: 'heroImageId' } });
  });

  it('refuses them on a save too, and the item keeps its content', async () => {
    const created = (await editor.post('/api/v1/spots', spotData('保存時'))).body as {
      id: string;
      version: number;
    };
    const saved = await editor.put(`/api/v1/spots/${created.id}`, {
      version: created.version,
      data: spotData('保存時', { imageIds: [media.foreign] }),
    });
    expect(saved.status).toBe(400);
    expect(saved.body).toMatchObject({ error: { field: 'imageIds.0' } });
    const now = (await editor.get(`/api/v1/spots/${created.id}`)).body as { version: number; data: object };
    expect(now.version).toBe(created.version);
    expect(now.data).not.toHaveProperty('imageIds');
  });
});
