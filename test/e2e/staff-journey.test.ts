import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, screenshotForReview, signInToConsole, withPageState } from '../helpers/browser.js';
import { startClamd, type TestClamd } from '../helpers/clamd.js';
import { type SeededAccount, seedUser, signedIn } from '../helpers/client.js';
import { jaEnSiteSettings, spotData } from '../helpers/content.js';
import { createOrganisation } from '../helpers/fixtures.js';

// Issue 12: the staff journey in Chromium — create a spot with two photos in ja and en, publish,
// open "view on site" and see both photos with their alt text. Each user action is one step.

let clamd: TestClamd;
let t: TestApp;
let browser: Browser;
let account: SeededAccount;
let steps = 0;
/** The page the steps act in: a failed step reports its state (withPageState). */
let current: Page | undefined;

/** One thing the person does (a click, a typed field, a chosen file). */
async function step<T>(action: Promise<T>): Promise<T> {
  steps += 1;
  try {
    return await action;
  } catch (error) {
    throw current ? await withPageState(error, current) : error;
  }
}

/** axe's WCAG 2.1 A/AA rules; `targetSize` adds 2.2's target size (24 px) for the phone check. */
async function axe(page: Page, targetSize = false) {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', ...(targetSize ? ['wcag22aa'] : [])];
  return (await axeViolations(page, tags)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
}

/** In the page: elements past the right edge not held by a clipping or scrolling box, and the page's own sideways scroll. */
const PAST_EDGE = `(() => {
  const edge = window.innerWidth + 0.5;
  const held = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible' && up.getBoundingClientRect().right <= edge) return true;
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > edge && !held(el))
    .map((el) => el.tagName.toLowerCase() + '.' + el.className)
    .slice(0, 5)
    .concat(document.documentElement.scrollWidth > edge ? ['html (scrolls sideways)'] : []);
})()`;

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
    current = page;
    page.on('pageerror', (error) => console.log('page error:', error.message));
    await step(page.goto(`${t.url}/console/signin?org=e2e-tabi`));
    await step(page.getByLabel('メールアドレス').fill(account.email));
    await step(page.getByLabel('パスワード', { exact: true }).fill(account.password));
    await step(page.getByRole('button', { name: 'ログイン', exact: true }).click());
    await expect.poll(() => page.url(), { timeout: 15_000 }).not.toContain('/signin');

    // The dashboard is the start page, with no placeholder.
    await page.getByRole('heading', { name: '保存容量' }).waitFor({ timeout: 15_000 });
    expect(await page.getByText('準備中').count()).toBe(0);
    await screenshotForReview(page, 'staff-journey-dashboard');
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
    await screenshotForReview(page, 'staff-journey-editor');

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
    await screenshotForReview(site, 'staff-journey-site');

    // The English page shows the English alt texts.
    await site.goto(site.url().replace('/ja/', '/en/'));
    const english = site.locator('main img');
    expect(await english.nth(0).getAttribute('alt')).toBe('The whole of Shiraito Falls');
    expect(await english.nth(1).getAttribute('alt')).toBe('Autumn leaves by the plunge pool');

    // The report's figure: steps a person takes from the sign-in page to the live page.
    console.log(`staff journey: ${steps} steps`);
    expect(steps).toBe(21);
  }, 180_000);

  it('fits a 390 px phone: no sideways page scroll, 24 px targets, focus back to each opener', async () => {
    const admin = await signedIn(t, 'e2e-tabi', account);
    const created = await admin.post('/api/v1/spots', spotData('朝霧の滝'));
    expect(created.status).toBe(201);
    const spotId = (created.body as { id: string }).id;
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    current = page;
    await signInToConsole(page, t.url, 'e2e-tabi', account);
    await page.goto(`${t.url}/console/spots/${spotId}`);
    const publish = page.getByRole('button', { name: '公開する' });
    await publish.waitFor({ timeout: 15_000 });
    // Elements reaching past the screen's right edge, unless a box that clips or scrolls (a map,
    // a wide table's region) holds them: none, so the page never scrolls sideways.
    const pastEdge = () => page.evaluate(PAST_EDGE) as Promise<string[]>;
    const hasFocus = (locator: Locator) =>
      locator.evaluate((el) => {
        const node = el as unknown as { ownerDocument: { activeElement: unknown } };
        return node.ownerDocument.activeElement === node;
      });
    expect(await pastEdge()).toEqual([]);
    await screenshotForReview(page, 'editor-390');
    expect(await axe(page, true)).toEqual([]);

    // The media library dialog fits the screen; closing it returns focus to its button.
    const pick = page.getByRole('button', { name: 'ライブラリから選ぶ' });
    await pick.click();
    const library = page.getByRole('dialog', { name: 'メディアライブラリから写真を選ぶ' });
    await library.waitFor();
    const box = await library.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(await axe(page, true)).toEqual([]);
    await library.getByRole('button', { name: 'キャンセル' }).click();
    await expect.poll(() => hasFocus(pick)).toBe(true);

    // A failed save takes focus to the error summary.
    await page.getByLabel(/^名称（日本語）/).fill('');
    await page.getByRole('button', { name: '下書きを保存する' }).click();
    const summary = page.locator('.alert-error[role="alert"]');
    await summary.waitFor();
    await expect.poll(() => hasFocus(summary)).toBe(true);
    expect(await pastEdge()).toEqual([]);
    await page.getByLabel(/^名称（日本語）/).fill('朝霧の滝');

    // 公開する: the dialog fits; when publishing is done focus is on the workflow, not lost.
    await publish.click();
    const confirm = page.getByRole('dialog');
    const dialogBox = await confirm.boundingBox();
    expect(dialogBox && dialogBox.x >= 0 && dialogBox.x + dialogBox.width <= 390).toBe(true);
    await confirm.getByRole('button', { name: '公開する' }).click();
    await page.getByRole('button', { name: '公開を停止する' }).waitFor({ timeout: 15_000 });
    const workflow = page.getByRole('heading', { name: '公開の状態と操作' });
    await expect.poll(() => hasFocus(workflow)).toBe(true);

    // Two-factor set-up: focus moves into it, and back to its button when it is left.
    await page.goto(`${t.url}/console/account`);
    // The sessions table is wider than the phone: its box scrolls, named and reachable by keyboard.
    const sessions = page.getByRole('region', { name: /^ログイン中のセッション（/ });
    await sessions.waitFor({ timeout: 15_000 });
    expect(await sessions.getAttribute('tabindex')).toBe('0');
    expect(await pastEdge()).toEqual([]);
    expect(await axe(page, true)).toEqual([]);
    const setUp = page.getByRole('button', { name: '2段階認証を設定する' });
    await setUp.click();
    const setUpHeading = page.getByRole('heading', { name: '2段階認証の設定' });
    await expect.poll(() => hasFocus(setUpHeading)).toBe(true);
    await page.locator('img.qr-code').waitFor();
    expect(await pastEdge()).toEqual([]);
    await page.getByRole('button', { name: '設定を中止する' }).click();
    await expect.poll(() => hasFocus(setUp)).toBe(true);
    await context.close();
  }, 120_000);
});
