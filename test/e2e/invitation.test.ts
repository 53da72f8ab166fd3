import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/platform/auth/totp.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchBrowser, screenshotForReview } from '../helpers/browser.js';
import { type SeededAccount, seedUser } from '../helpers/client.js';
import { createOrganisation } from '../helpers/fixtures.js';
import { linkIn, type SmtpCatcher, startSmtpCatcher } from '../helpers/smtp.js';

// A real browser (Debian's Chromium) through the built console against the real server.
let t: TestApp;
let smtp: SmtpCatcher;
let browser: Browser;
let admin: SeededAccount;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { SMTP_URL: smtp.url } });
  await createOrganisation(t.database.db, 'e2e-town', 'いいとこ町');
  admin = await seedUser(t, 'e2e-town', { role: 'admin', email: 'kanri@e2e-town.example.jp' });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${t.url}/console/signin?org=e2e-town`);
  await page.getByLabel('サービスコード').fill('e2e-town');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
}

describe('in the browser', () => {
  it('an admin signs in with two-factor, invites a user, who opens the mailed link, sets a password and signs in', async () => {
    const adminPage = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await signIn(adminPage, admin.email, admin.password);
    await adminPage.getByLabel('確認コード（6桁の数字）').fill(await currentTotp(admin.totpSecret!));
    await adminPage.getByRole('button', { name: '確認してログイン' }).click();
    await expect.poll(() => adminPage.url(), { timeout: 15_000 }).not.toContain('/signin');
    await adminPage.getByRole('banner').getByText('いいとこ町').waitFor({ timeout: 15_000 });

    await adminPage.goto(`${t.url}/console/users/new`);
    await adminPage.getByLabel('氏名').fill('観光 花子');
    await adminPage.getByLabel('メールアドレス').fill('hanako@e2e-town.example.jp');
    await adminPage
      .getByRole('group', { name: /観光スポット/ })
      .getByLabel('編集')
      .check();
    await adminPage.getByRole('button', { name: '登録して招待メールを送る' }).click();
    await adminPage.getByText(/招待メールを送りました/).waitFor({ timeout: 15_000 });
    await screenshotForReview(adminPage, 'users');

    const mail = await smtp.waitFor((m) => m.to.includes('hanako@e2e-town.example.jp'));
    const link = new URL(linkIn(mail, '/console/invitation'));
    const userPage = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await userPage.goto(`${t.url}${link.pathname}${link.search}`);
    await userPage.getByText('hanako@e2e-town.example.jp').first().waitFor({ timeout: 15_000 });
    await userPage.getByLabel('新しいパスワード', { exact: true }).fill('Hanabi to yukata no natsu 2026');
    await userPage.getByLabel('新しいパスワード（確認）').fill('Hanabi to yukata no natsu 2026');
    await userPage.getByRole('button', { name: 'パスワードを設定して利用を開始する' }).click();
    await userPage.getByRole('banner').getByText('観光 花子').waitFor({ timeout: 15_000 });

    // Sign out, then sign in again with the new password.
    await userPage.getByRole('button', { name: 'ログアウト' }).click();
    await expect.poll(() => userPage.url(), { timeout: 15_000 }).toContain('/console/signin');
    await signIn(userPage, 'hanako@e2e-town.example.jp', 'Hanabi to yukata no natsu 2026');
    await userPage.getByRole('banner').getByText('観光 花子').waitFor({ timeout: 15_000 });
    await screenshotForReview(userPage, 'signed-in');

    // The server agrees: the user is active with the rights the admin gave.
    const { rows } = await t.database.superuser.query(
      "SELECT status, rights FROM tenant.users WHERE email = 'hanako@e2e-town.example.jp'",
    );
    expect(rows[0].status).toBe('active');
    expect(rows[0].rights.spots).toBe('edit');
  });
});
