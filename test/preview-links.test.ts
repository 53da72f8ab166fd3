import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreviewTokens } from '../src/modules/preview/preview-tokens.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { type Client, errorCode, postFile, seedUser, signedIn } from './helpers/client.js';
import { jaEnSiteSettings, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

// Issue 12, items 1 and 3: alt text before publishing, and signed, expiring previews of drafts.

let clamd: TestClamd;
let t: TestApp;
let editor: Client;
let viewer: Client;
let neighbour: Client;
const photos: string[] = [];
let spot: { id: string; version: number };

async function uploadPhoto(client: Client, name: string, colour: number): Promise<string> {
  const bytes = await sharp({
    create: { width: 900, height: 600, channels: 3, background: { r: colour, g: 120, b: 200 } },
  })
    .jpeg()
    .toBuffer();
  const res = await postFile(client, name, bytes);
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const raw = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers });

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'mihon');
  await createOrganisation(t.database.db, 'tonari');
  const rights = { media: 'edit', spots: 'publish', site: 'edit' };
  editor = await signedIn(t, 'mihon', await seedUser(t, 'mihon', { totp: false, rights }));
  viewer = await signedIn(
    t,
    'mihon',
    await seedUser(t, 'mihon', { totp: false, rights: { spots: 'view', media: 'view' } }),
  );
  neighbour = await signedIn(t, 'tonari', await seedUser(t, 'tonari', { totp: false, rights }));
  expect((await editor.put('/api/v1/site/settings', jaEnSiteSettings())).status).toBe(200);
  photos.push(await uploadPhoto(editor, 'taki.jpg', 40), await uploadPhoto(editor, 'momiji.jpg', 200));
  expect(
    (await editor.patch(`/api/v1/media/${photos[0]}`, { alt: { ja: '白糸の滝', en: 'Shiraito Falls' } }))
      .status,
  ).toBe(200);
  const created = await editor.post('/api/v1/spots', spotData('白糸の滝', { imageIds: photos }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  spot = created.body as typeof spot;
}, 180_000);
afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
});

describe('alt text before publishing', () => {
  it('refuses to publish while an image has no Japanese alt text, naming the image', async () => {
    const res = await editor.post(`/api/v1/spots/${spot.id}/publish`, { version: spot.version });
    expect(res.status).toBe(422);
    expect(errorCode(res)).toBe('image_alt_missing');
    const error = (res.body as { error: { field: string; details: { mediaIds: string[] } } }).error;
    expect(error.field).toBe('imageIds.1');
    expect(error.details.mediaIds).toEqual([photos[1]]);
  });

  it('refuses to schedule it as well, so the scheduler never meets it', async () => {
    const res = await editor.request('PUT', `/api/v1/spots/${spot.id}/schedule`, {
      version: spot.version,
      publishAt: new Date(Date.now() + 3_600_000).toISOString(),
      unpublishAt: null,
    });
    expect(res.status).toBe(422);
    expect(errorCode(res)).toBe('image_alt_missing');
  });

  it('a bulk publish refuses that item alone, with the same reason, and publishes the others', async () => {
    const plain = (await editor.post('/api/v1/spots', spotData('滝の茶屋'))).body as typeof spot;
    const res = await editor.post('/api/v1/spots/bulk', {
      action: 'publish',
      items: [
        { id: spot.id, version: spot.version },
        { id: plain.id, version: plain.version },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const answer = res.body as {
      done: number;
      failed: number;
      results: { id: string; outcome: string; error?: { status: number; code: string; field?: string } }[];
    };
    expect(answer).toMatchObject({ done: 1, failed: 1 });
    expect(answer.results[0]).toMatchObject({
      id: spot.id,
      outcome: 'failed',
      error: { status: 422, code: 'image_alt_missing', field: 'imageIds.1' },
    });
    expect(answer.results[1]).toMatchObject({ id: plain.id, outcome: 'done' });
  });

  it('still refuses another organisation’s image outright', async () => {
    const foreign = await uploadPhoto(neighbour, 'yoso.jpg', 90);
    const res = await editor.post('/api/v1/spots', spotData('よその写真', { imageIds: [foreign] }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('imageIds.0');
  });
});

describe('preview links', () => {
  let url = '';
  let token = '';

  it('need the edit right', async () => {
    const res = await viewer.post(`/api/v1/spots/${spot.id}/preview-link`, {});
    expect(res.status).toBe(403);
  });

  it('are signed links that open the draft without a session', async () => {
    const res = await editor.post(`/api/v1/spots/${spot.id}/preview-link`, { lang: 'en' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const body = res.body as { url: string; token: string; expiresAt: string; lang: string };
    expect(body.lang).toBe('en');
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(71 * 3_600_000);
    url = new URL(body.url).pathname;
    token = body.token;
    expect(url).toBe(`/s/mihon/preview/${token}/en`);

    const page = await raw(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-robots-tag')).toContain('noindex');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const text = await page.text();
    expect(text).toContain('class="preview-notice"');
    expect(text).toContain('<meta name="robots" content="noindex">');
    expect(text).toContain('白糸の滝 (en)');
    expect(text).toContain('alt="Shiraito Falls"');
    expect(text).toContain(`/s/mihon/preview/${token}/media/${photos[1]}/w800.webp`);
    // Never stored by the public cache: a second answer is not a hit.
    const again = await raw(url);
    expect(again.headers.get('x-cache')).not.toBe('hit');
  });

  it('serve the draft’s images, which the public site does not', async () => {
    const image = await raw(`/s/mihon/preview/${token}/media/${photos[1]}/w800.webp`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect(image.headers.get('cache-control')).toBe('no-store');
    expect((await raw(`/s/mihon/media/${photos[1]}/w800.webp`)).status).toBe(404);
  });

  it('refuse altered, moved, foreign-image and expired tokens', async () => {
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await raw(`/s/mihon/preview/${altered}/en`)).status).toBe(404);
    expect((await raw(`/s/tonari/preview/${token}/en`)).status).toBe(404);
    expect((await raw(`/s/mihon/preview/${token}/ko`)).status).toBe(404);
    const foreign = await uploadPhoto(neighbour, 'yoso2.jpg', 10);
    expect((await raw(`/s/mihon/preview/${token}/media/${foreign}/original`)).status).toBe(404);
    const expired = new PreviewTokens(t.masterKey).seal('mihon', {
      kind: 'spot',
      id: spot.id,
      expiresAt: new Date(Date.now() - 1000),
    });
    const gone = await raw(`/s/mihon/preview/${expired}/ja`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('プレビューの有効期限が切れました');
    expect((await raw(`/s/mihon/preview/${expired}/media/${photos[0]}/original`)).status).toBe(404);
  });

  it('is audited', async () => {
    const { rows } = await t.database.superuser.query(
      "SELECT count(*)::int AS n FROM audit.events WHERE org = 'mihon' AND action = 'content.spot.preview_link_created'",
    );
    expect((rows[0] as { n: number }).n).toBe(1);
  });
});

describe('once every image has its alt text', () => {
  it('publishes, and the live page shows both photos with their alt text', async () => {
    expect(
      (await editor.patch(`/api/v1/media/${photos[1]}`, { alt: { ja: '紅葉', en: 'Autumn leaves' } })).status,
    ).toBe(200);
    const res = await editor.post(`/api/v1/spots/${spot.id}/publish`, { version: spot.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = await (await raw(`/s/mihon/en/spots/${spot.id}`)).text();
    expect(page).toContain('alt="Shiraito Falls"');
    expect(page).toContain('alt="Autumn leaves"');
    expect(page).not.toContain('preview-notice');
  });
});
