import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, screenshotForReview, signInToConsole } from '../helpers/browser.js';
import { type SeededAccount, seedUser } from '../helpers/client.js';
import { createOrganisation } from '../helpers/fixtures.js';

// The console's public site settings in a real browser: live contrast readout, the server's
// refusal of a low-contrast colour, saving, and the public site showing the new theme.
let t: TestApp;
let browser: Browser;
let editor: SeededAccount;
const ORG = 'theme-town';

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, ORG, 'いろどり町');
  editor = await seedUser(t, ORG, { totp: false, rights: { site: 'edit', media: 'view' } });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signIn = (page: Page) => signInToConsole(page, t.url, ORG, editor);

describe('public site settings in the console', () => {
  it('shows the contrast as a colour is typed, refuses a low one with the ratio, saves a good one that the site then uses', async () => {
    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await signIn(page);
    await page.goto(`${t.url}/console/site`);
    await page.getByRole('heading', { name: '公開サイトの設定', level: 1 }).waitFor({ timeout: 15_000 });
    await page.locator('#primaryColor').fill('#3b82f6');
    await page.getByText('コントラスト比 3.39:1（必要 4.5:1 以上）: 基準に足りません').waitFor();
    await page.getByRole('button', { name: '設定を保存' }).click();
    await page
      .getByText(/最低 3\.39:1/)
      .first()
      .waitFor({ timeout: 15_000 });

    await page.locator('#primaryColor').fill('#1d4ed8');
    await page.getByText(/コントラスト比 6\.\d\d:1（必要 4\.5:1 以上）: 基準を満たしています/).waitFor();
    await page.getByRole('button', { name: 'リンクを追加' }).click();
    await page.getByLabel('リンク先 URL').fill('https://www.irodori.example.jp/');
    await page.getByLabel('表示名（日本語）').fill('いろどり町ホームページ');
    await page.getByRole('button', { name: '設定を保存' }).click();
    await page.getByText('サイトの設定を保存しました。').waitFor({ timeout: 15_000 });

    expect(
      (await axeViolations(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
    await screenshotForReview(page, 'site-settings');

    const site = await (await fetch(`${t.url}/s/${ORG}/ja/`)).text();
    expect(site).toContain('--primary:#1d4ed8');
    expect(site).toContain('いろどり町ホームページ');
  }, 90_000);
});
