import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchBrowser, screenshotForReview, signInToConsole } from '../helpers/browser.js';
import { startClamd, type TestClamd } from '../helpers/clamd.js';
import { type Client, cookieHeader, type SeededAccount, seedUser, signedIn } from '../helpers/client.js';
import { spotData } from '../helpers/content.js';
import { createOrganisation } from '../helpers/fixtures.js';

// The media page in a real browser: thumbnails from the 320 px derivative, where-used, detach and delete.
let clamd: TestClamd;
let t: TestApp;
let browser: Browser;
let account: SeededAccount;
let api: Client;

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'e2e-media', 'がぞう町');
  account = await seedUser(t, 'e2e-media', { totp: false, rights: { media: 'edit', spots: 'edit' } });
  api = await signedIn(t, 'e2e-media', account);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await clamd?.dispose();
});

async function upload(name: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${t.url}/api/v1/media`, {
    method: 'POST',
    headers: {
      cookie: cookieHeader(api),
      'x-csrf-token': api.cookies.get('mitte_csrf')!,
    },
    body: form,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('media page', () => {
  it('shows the 320 px thumbnail, dimensions and where it is used, and detaches before deleting', async () => {
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2a6' } })
      .jpeg()
      .toBuffer();
    const id = await upload('taki.jpg', photo);
    const spot = await api.post('/api/v1/spots', spotData('白鷺の滝', { imageIds: [id] }));
    expect(spot.status).toBe(201);

    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await signInToConsole(page, t.url, 'e2e-media', account);
    await page.goto(`${t.url}/console/media`);

    const thumb = page.locator('.media-card img').first();
    await thumb.waitFor({ timeout: 15_000 });
    expect(await thumb.getAttribute('src')).toContain(`/media/${id}/content?variant=w320`);
    await expect
      .poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(320);

    await page.getByRole('button', { name: /taki\.jpg/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('1200 × 800 ピクセル').waitFor();
    const link = dialog.getByRole('link', { name: '白鷺の滝' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/console/spots/${(spot.body as { id: string }).id}`);
    await screenshotForReview(page, 'media-detail');

    await dialog.getByRole('button', { name: 'このファイルを削除する' }).click();
    await page.getByText('1 件のコンテンツで使われています').waitFor();
    await screenshotForReview(page, 'media-delete');
    await page.getByRole('button', { name: '使用箇所から外して削除する' }).click();
    await page.getByText('「taki.jpg」を削除しました。').waitFor({ timeout: 15_000 });

    const item = await api.get(`/api/v1/spots/${(spot.body as { id: string }).id}`);
    expect((item.body as { data: { imageIds: string[] } }).data.imageIds).toEqual([]);
  });
});
