import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser } from '../helpers/browser.js';
import { type Client, type SeededAccount, seedUser, signedIn, signedInOperator } from '../helpers/client.js';
import { createOrganisation } from '../helpers/fixtures.js';

// Issue 14 in a real browser: the operators' 契約・ライフサイクル and 容量 pages, and the admins'
// データの書き出し and 契約 pages, each with axe (WCAG 2.1 AA) finding nothing.
let t: TestApp;
let browser: Browser;
let operator: Client;
let admin: SeededAccount;
const LIFE = 'e2e-life';
const OWN = 'e2e-own';

async function noAxeViolations(page: Page): Promise<void> {
  expect(
    (await axeViolations(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/** A browser page signed in with an API client's session (sign-in itself is tested elsewhere). */
async function pageAs(client: Client): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true });
  await context.addCookies(
    [...client.cookies].map(([name, value]) => ({
      name,
      value,
      url: t.url,
      httpOnly: name.includes('session'),
    })),
  );
  return context.newPage();
}

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, LIFE, 'ながれ町');
  await createOrganisation(t.database.db, OWN, 'みなもと町');
  admin = await seedUser(t, OWN, { role: 'admin' });
  operator = await signedInOperator(t, 'ops-e2e-life@mitte-c.example.jp');
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('operators: contract lifecycle', () => {
  it('suspends and resumes, ends the contract showing the purge date, and purges only with the code typed back', async () => {
    const page = await pageAs(operator);
    await page.goto(`${t.url}/ops/organisations/${LIFE}/lifecycle`);
    await page.getByRole('heading', { name: '契約・ライフサイクル', level: 1 }).waitFor({ timeout: 15_000 });
    await noAxeViolations(page);
    await page.getByRole('button', { name: '利用を停止する' }).click();
    await page.getByText('「ながれ町」の状態を「停止中」に変更しました。').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: '利用を再開する' }).click();
    await page.getByText('「ながれ町」の状態を「利用中」に変更しました。').waitFor({ timeout: 15_000 });

    await page.getByLabel('データ書き出し期間（日数、0〜365）').fill('7');
    await page.getByRole('button', { name: '契約を終了する' }).click();
    await page.getByText('「ながれ町」の状態を「契約終了」に変更しました。').waitFor({ timeout: 15_000 });
    await page.getByText('削除予定日時').waitFor();
    const purgeDate = await page.locator('dt:has-text("削除予定日時") + dd').textContent();
    expect(purgeDate).toMatch(/\d{4}/);
    await noAxeViolations(page);

    // Without the typed confirmation nothing is purged.
    await page.getByRole('button', { name: '削除する' }).click();
    await page.getByText('入力したサービスコードが一致しません。').first().waitFor({ timeout: 15_000 });
    expect((await operator.get(`/api/v1/ops/organisations/${LIFE}/lifecycle`)).body).toMatchObject({
      status: 'terminated',
    });
    await page.getByLabel(`確認のため、サービスコード「${LIFE}」を入力してください`).fill(LIFE);
    await page.getByRole('button', { name: '削除する' }).click();
    await page.getByRole('link', { name: '削除証明書（PDF）をダウンロード' }).waitFor({ timeout: 30_000 });
    await noAxeViolations(page);
    await page.context().close();
  }, 120_000);
});

describe('admins: export and contract', () => {
  it('starts an export, follows it to the end and downloads the zip', async () => {
    const page = await pageAs(await signedIn(t, OWN, admin));
    await page.goto(`${t.url}/console/export`);
    await page.getByRole('heading', { name: 'データの書き出し', level: 1 }).waitFor({ timeout: 15_000 });
    await noAxeViolations(page);
    await page.getByRole('button', { name: '書き出しを開始' }).click();
    const link = page.getByRole('link', { name: 'ダウンロード' }).first();
    await link.waitFor({ timeout: 30_000 });
    await page.getByText('完了').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file!).subarray(0, 2).toString()).toBe('PK');
    await noAxeViolations(page);

    // 契約: the contract and the organisation's own usage against its quota.
    await page.goto(`${t.url}/console/contract`);
    await page.getByRole('heading', { name: 'ご利用状況' }).waitFor({ timeout: 15_000 });
    await page.getByText(/のうち .* を使用中/).waitFor();
    await page.getByText('アカウント数').waitFor();
    await noAxeViolations(page);
    await page.context().close();
  }, 120_000);
});

describe('operators: capacity', () => {
  it('lists every organisation, shows one and changes its quota; a bad value is refused', async () => {
    const page = await pageAs(operator);
    await page.goto(`${t.url}/ops/capacity`);
    await page.getByRole('heading', { name: '容量', level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByRole('rowheader', { name: /みなもと町/ }).waitFor();
    await noAxeViolations(page);
    await page.getByRole('link', { name: '詳細と上限の変更（みなもと町）' }).click();
    await page
      .getByRole('heading', { name: '「みなもと町」（e2e-own）の利用状況' })
      .waitFor({ timeout: 15_000 });
    await noAxeViolations(page);
    const quota = page.getByLabel('新しい上限（GB、0〜102400）');
    await quota.fill('たくさん');
    await page.getByRole('button', { name: '上限を変更する' }).click();
    await page.getByText('上限は 0 以上 102400 以下の数（GB）で入力してください。').first().waitFor();
    await quota.fill('20');
    await page.getByLabel('理由（任意。監査ログに記録されます）').fill('追加契約');
    await page.getByRole('button', { name: '上限を変更する' }).click();
    await page.getByText('保存容量の上限を 20.0 GB に変更しました。').waitFor({ timeout: 15_000 });
    await noAxeViolations(page);
    const usage = await operator.get(`/api/v1/ops/organisations/${OWN}/capacity`);
    expect((usage.body as { storage: { quotaBytes: number } }).storage.quotaBytes).toBe(20 * 1024 ** 3);
    await page.context().close();
  }, 120_000);
});
