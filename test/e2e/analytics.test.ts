import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, screenshotForReview, signInToConsole } from '../helpers/browser.js';
import { type SeededAccount, seedUser } from '../helpers/client.js';
import { createOrganisation } from '../helpers/fixtures.js';

// The dashboard in Debian's Chromium through the built console, on views recorded by the real
// recorder (the recording path itself is tested through HTTP in test/analytics.test.ts).
let t: TestApp;
let browser: Browser;
let analyst: SeededAccount;
let outsider: SeededAccount;

const MOBILE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'e2e-kanko', 'みるみる町');
  analyst = await seedUser(t, 'e2e-kanko', { totp: false, rights: { analytics: 'view' } });
  outsider = await seedUser(t, 'e2e-kanko', { totp: false, rights: { spots: 'edit' } });
  const views = [
    { lang: 'ja', referrerDomain: '', ua: MOBILE, ip: '203.0.113.1' },
    { lang: 'ja', referrerDomain: 'www.google.co.jp', ua: MOBILE, ip: '203.0.113.1' },
    { lang: 'en', referrerDomain: 'www.google.co.jp', ua: DESKTOP, ip: '203.0.113.2' },
  ];
  for (const v of views) {
    await t.app.analytics.record(
      {
        org: 'e2e-kanko',
        page: 'home',
        contentKind: '',
        contentId: '',
        lang: v.lang,
        referrerDomain: v.referrerDomain,
        device: v.ua === MOBILE ? 'mobile' : 'desktop',
      },
      { ip: v.ip, userAgent: v.ua },
    );
  }
  await t.app.analytics.flush();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedInPage(account: SeededAccount) {
  const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
  await signInToConsole(page, t.url, 'e2e-kanko', account);
  return page;
}

describe('analytics dashboard in the browser', () => {
  it('shows totals, the chart with its table, breakdowns and the export link; no accessibility violations', async () => {
    const page = await signedInPage(analyst);
    await page.goto(`${t.url}/console/analytics`);
    await page.getByRole('heading', { name: 'アクセス解析', level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByText('表示回数', { exact: true }).first().waitFor();
    const totals = page.locator('.analytics-totals dd');
    await expect.poll(() => totals.allTextContents()).toEqual(['3', '2']);
    await expect.poll(() => page.getByRole('img', { name: /折れ線グラフ/ }).count()).toBe(1);
    const referrers = page.getByRole('region', { name: '参照元' });
    await expect
      .poll(() => referrers.getByRole('row', { name: /www\.google\.co\.jp/ }).textContent())
      .toContain('66.7%');
    const link = page.getByRole('link', { name: 'CSV で出力' });
    expect(await link.getAttribute('href')).toMatch(
      /^\/api\/v1\/analytics\/export\.csv\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/,
    );
    await page.getByText('日ごとの数値を表で見る').click();
    await screenshotForReview(page, 'analytics');
    expect(
      (await axeViolations(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`),
    ).toEqual([]);
  });

  it('refuses a reversed range in the form, naming the field', async () => {
    const page = await signedInPage(analyst);
    await page.goto(`${t.url}/console/analytics`);
    await page.getByLabel('開始日').fill('2026-05-02');
    await page.getByLabel('終了日').fill('2026-05-01');
    await page.getByRole('button', { name: 'この期間で表示' }).click();
    await page.getByText('終了日は開始日と同じか、それより後の日付にしてください。').waitFor();
  });

  it('a user without the analytics right is told so', async () => {
    const page = await signedInPage(outsider);
    await page.goto(`${t.url}/console/analytics`);
    await page.getByText('この機能を利用する権限がありません', { exact: false }).waitFor({ timeout: 15_000 });
  });
});
