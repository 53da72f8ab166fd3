import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { startClamd, type TestClamd } from '../helpers/clamd.js';
import { type SeededAccount, seedUser, signedIn } from '../helpers/client.js';
import { jaEnSiteSettings } from '../helpers/content.js';
import { createOrganisation } from '../helpers/fixtures.js';

// Issue 12: the staff journey in Chromium — create a spot with two photos in ja and en, publish,
// open "view on site" and see both photos with their alt text. Each user action is one step.

let clamd: TestClamd;
let t: TestApp;
let browser: Browser;
let account: SeededAccount;
let steps = 0;

/** One thing the person does (a click, a typed field, a chosen file). */
async function step<T>(action: Promise<T>): Promise<T> {
  steps += 1;
  return action;
}

async function axe(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
}

async function photo(colour: string): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();
}

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'e2e-tabi', 'たび町');
  account = await seedUser(t, 'e2e-tabi', {
    totp: false,
    rights: { media: 'edit', spots: 'publish', site: 'edit', analytics: 'view' },
  });
  const admin = await signedIn(t, 'e2e-tabi', account);
  // The site publishes Japanese and English (organisation set-up, not part of the journey).
  const settings = await admin.put('/api/v1/site/settings', jaEnSiteSettings());
  expect(settings.status).toBe(200);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await clamd?.dispose();
});

describe('staff journey', () => {
  it('creates a spot with two photos in ja and en, publishes it and sees it on the site', async () => {
    const context = await browser.newContext({ locale: 'ja-JP' });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.log('page error:', error.message));
    await step(page.goto(`${t.url}/console/signin?org=e2e-tabi`));
    await step(page.getByLabel('メールアドレス').fill(account.email));
    await step(page.getByLabel('パスワード', { exact: true }).fill(account.password));
    await step(page.getByRole('button', { name: 'ログイン', exact: true }).click());
    await expect.poll(() => page.url(), { timeout: 15_000 }).not.toContain('/signin');

    // The dashboard is the start page, with no placeholder.
    await page.getByRole('heading', { name: '保存容量' }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('準備中').count()).toBe(0);
    await page.screenshot({ path: '/tmp/mitte-e2e-staff-journey-dashboard.png', fullPage: true });
    expect(await axe(page)).toEqual([]);

    await step(page.getByRole('link', { name: '観光スポット' }).first().click());
    await step(page.getByRole('link', { name: '新規作成' }).click());
    await step(page.getByLabel(/^名称（日本語）/).fill('白糸の滝'));
    await step(page.getByLabel('分類').selectOption({ label: '自然・景勝地' }));

    // Two photos uploaded in place at once; the alt text of each is asked for, in Japanese and English.
    const photos: [string, string, string, string][] = [
      ['taki.jpg', '#2a6', '白糸の滝の全景', 'The whole of Shiraito Falls'],
      ['momiji.jpg', '#c52', '紅葉と滝つぼ', 'Autumn leaves by the plunge pool'],
    ];
    await step(
      page.getByLabel('写真をアップロード').setInputFiles(
        await Promise.all(
          photos.map(async ([name, colour]) => ({
            name,
            mimeType: 'image/jpeg',
            buffer: await photo(colour),
          })),
        ),
      ),
    );
    for (const [name, , ja, en] of photos) {
      const dialog = page.getByRole('dialog', { name: '写真の代替テキスト' });
      await dialog.waitFor({ timeout: 60_000 });
      if (name === 'taki.jpg') expect(await axe(page)).toEqual([]);
      await step(dialog.getByLabel('代替テキスト（日本語） （公開に必須）').fill(ja));
      await step(dialog.getByLabel('代替テキスト（English）').fill(en));
      await step(dialog.getByRole('button', { name: '保存' }).click());
      // The next photo's question replaces this one.
      if (name === 'taki.jpg')
        await dialog.getByText('このあと 1 枚の写真にも入力します。').waitFor({ state: 'hidden' });
    }
    await page.getByRole('dialog', { name: '写真の代替テキスト' }).waitFor({ state: 'hidden' });
    const cards = page.locator('.photo-card');
    await expect.poll(() => cards.count()).toBe(2);
    // Keyboard reordering: the second photo becomes the main image, then goes back.
    await cards.nth(1).focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => cards.nth(0).locator('img').getAttribute('alt')).toBe('紅葉と滝つぼ');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => cards.nth(0).locator('img').getAttribute('alt')).toBe('白糸の滝の全景');

    // The library offers the organisation's photos with search.
    await page.getByRole('button', { name: 'ライブラリから選ぶ' }).click();
    const library = page.getByRole('dialog', { name: 'メディアライブラリから写真を選ぶ' });
    await library.getByLabel('ファイル名・代替テキスト・タグで検索').fill('紅葉');
    await expect.poll(() => library.locator('.library-item').count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await library.getByRole('button', { name: 'キャンセル' }).click();

    await step(page.getByRole('tab', { name: 'English' }).click());
    await step(page.getByLabel(/^名称（English）/).fill('Shiraito Falls'));
    await step(page.getByRole('button', { name: '作成して下書き保存する' }).click());
    await page.getByRole('button', { name: '公開する' }).waitFor({ timeout: 15_000 });
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: '/tmp/mitte-e2e-staff-journey-editor.png', fullPage: true });

    await step(page.getByRole('button', { name: '公開する' }).click());
    await step(page.getByRole('dialog').getByRole('button', { name: '公開する' }).click());
    const live = page.getByRole('link', { name: /公開ページ（日本語）/ });
    await live.waitFor({ timeout: 15_000 });

    const [site] = await Promise.all([context.waitForEvent('page'), step(live.click())]);
    await site.waitForLoadState();
    const images = site.locator('main img');
    await expect.poll(() => images.count()).toBe(2);
    expect(await images.nth(0).getAttribute('alt')).toBe('白糸の滝の全景');
    expect(await images.nth(1).getAttribute('alt')).toBe('紅葉と滝つぼ');
    for (const i of [0, 1]) {
      await expect
        .poll(() =>
          images.nth(i).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        )
        .toBeGreaterThan(0);
    }
    await site.screenshot({ path: '/tmp/mitte-e2e-staff-journey-site.png', fullPage: true });

    // The English page shows the English alt texts.
    await site.goto(site.url().replace('/ja/', '/en/'));
    const english = site.locator('main img');
    expect(await english.nth(0).getAttribute('alt')).toBe('The whole of Shiraito Falls');
    expect(await english.nth(1).getAttribute('alt')).toBe('Autumn leaves by the plunge pool');

    // The report's figure: steps a person takes from the sign-in page to the live page.
    console.log(`staff journey: ${steps} steps`);
    expect(steps).toBe(21);
  }, 180_000);
});
