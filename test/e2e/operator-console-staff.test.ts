import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, screenshotForReview } from '../helpers/browser.js';
import { type Client, signedInOperator } from '../helpers/client.js';
import { linkIn, type SmtpCatcher, startSmtpCatcher } from '../helpers/smtp.js';

// The operator console's operator management and work-log review pages in a real browser (issue 15).
let t: TestApp;
let smtp: SmtpCatcher;
let browser: Browser;
let operator: Client;

/** A browser context holding the API client's session (signing in through the UI is tested elsewhere). */
async function contextWithSession(client: Client): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'ja-JP' });
  const { hostname } = new URL(t.url);
  await context.addCookies(
    [...client.cookies].map(([name, value]) => ({ name, value, domain: hostname, path: '/' })),
  );
  return context;
}

async function expectNoAxeViolations(page: Page) {
  expect(
    (await axeViolations(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { SMTP_URL: smtp.url } });
  operator = await signedInOperator(t, 'ops-e2e@mitte-c.example.jp');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

describe('operator management and work-log review in the browser', () => {
  it('lists operators and invites one with chosen rights; the invitee sets a password and enrols two-factor', async () => {
    const page = await (await contextWithSession(operator)).newPage();
    await page.goto(`${t.url}/ops/operators`);
    await page.getByRole('heading', { name: '運用担当者の管理', level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByRole('table', { name: /運用担当者 1 人/ }).waitFor();
    await expectNoAxeViolations(page);

    const invite = page.getByRole('region', { name: '運用担当者を招待' });
    await invite.getByLabel('名前').fill('作業 確認子');
    await invite.getByLabel('メールアドレス').fill('kakunin@mitte-c.example.jp');
    await invite.getByRole('group', { name: '与える権限' }).getByLabel('作業ログの確認').check();
    await invite.getByRole('button', { name: '招待メールを送る' }).click();
    await page.getByText('招待メールを送りました', { exact: false }).waitFor({ timeout: 15_000 });
    await page.getByRole('table', { name: /運用担当者 2 人/ }).waitFor();
    await expectNoAxeViolations(page);
    await screenshotForReview(page, 'operators');

    const mail = await smtp.waitFor((m) => m.to.includes('kakunin@mitte-c.example.jp'));
    const link = new URL(linkIn(mail, '/ops/invitation'));
    const invitee = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await invitee.goto(`${t.url}${link.pathname}${link.search}`);
    await invitee
      .getByText('kakunin@mitte-c.example.jp', { exact: false })
      .first()
      .waitFor({ timeout: 15_000 });
    await expectNoAxeViolations(invitee);
    await invitee.getByLabel('新しいパスワード', { exact: true }).fill('Hoshi to tsuki no yoru 2026!');
    await invitee.getByLabel('新しいパスワード（確認）').fill('Hoshi to tsuki no yoru 2026!');
    await invitee.getByRole('button', { name: 'パスワードを設定' }).click();
    await invitee
      .getByRole('heading', { name: /2段階認証/ })
      .first()
      .waitFor({ timeout: 15_000 });
    const { rows } = await t.database.superuser.query(
      "SELECT status, rights FROM provider.operators WHERE email = 'kakunin@mitte-c.example.jp'",
    );
    expect(rows[0]).toEqual({ status: 'active', rights: ['ops:review'] });
  }, 120_000);

  it('shows the work log with filters, a CSV link and a sign-off form', async () => {
    const page = await (await contextWithSession(operator)).newPage();
    await page.goto(`${t.url}/ops/work-log`);
    await page.getByRole('heading', { name: '作業ログの確認', level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByRole('table', { name: /運用担当者の操作/ }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByText('operator.invited').count()).toBeGreaterThan(0);
    await page.getByLabel('操作（例: operator. で始まるものすべて）').fill('operator.');
    await page.getByRole('button', { name: '表示する' }).click();
    await page.getByRole('link', { name: 'CSV をダウンロード' }).waitFor();
    expect(await page.getByRole('link', { name: 'CSV をダウンロード' }).getAttribute('href')).toContain(
      'action=operator.',
    );
    await expectNoAxeViolations(page);

    // The day before yesterday in Japan: this file's own operations (minutes ago) are never in it.
    // With yesterday, a run crossing midnight in Japan counted them (「操作 0 件」 was not shown).
    const day = new Date(Date.now() + 9 * 3600_000 - 2 * 86_400_000).toISOString().slice(0, 10);
    const form = page.getByRole('region', { name: '期間を確認済みにする' });
    await form.getByLabel('初日（日本時間）').fill(day);
    await form.getByLabel('最終日（日本時間、昨日まで）').fill(day);
    await form.getByLabel('確認コメント').fill('前日の作業なし。');
    await form.getByRole('button', { name: '確認済みとして記録' }).click();
    await page.getByText('確認済みとして記録しました（操作 0 件）。').waitFor({ timeout: 15_000 });
    await page.getByRole('table', { name: '確認済みの期間（新しい順）' }).waitFor();
    await expectNoAxeViolations(page);
    await screenshotForReview(page, 'work-log');
  }, 120_000);
});
