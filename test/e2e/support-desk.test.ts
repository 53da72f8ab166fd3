import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, signInToConsole } from '../helpers/browser.js';
import { startClamd, type TestClamd } from '../helpers/clamd.js';
import { type Client, type SeededAccount, seedUser, signedIn, signedInOperator } from '../helpers/client.js';
import { createOrganisation } from '../helpers/fixtures.js';
import { noisyPng } from '../helpers/media-files.js';

// Issue 15 item 3 in Chromium: a user reports through the サポート窓口 form with an attachment; an
// operator finds it in the queue and answers; both pages have no axe violations.

let clamd: TestClamd;
let t: TestApp;
let browser: Browser;
let reporter: SeededAccount;
let admin: SeededAccount;
let operator: Client;
let approver: Client;

async function axe(page: Page) {
  return (await axeViolations(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`);
}

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'e2e-desk', 'まどぐち町');
  reporter = await seedUser(t, 'e2e-desk', { totp: false, rights: { support: 'edit' } });
  admin = await seedUser(t, 'e2e-desk', { role: 'admin' });
  operator = await signedInOperator(t, 'ops-e2e-desk@mitte-c.example.jp');
  approver = await signedInOperator(t, 'ops-e2e-approver@mitte-c.example.jp');
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
  await clamd?.dispose();
});

describe('support desk in the browser', () => {
  it('a user reports with an attachment; an operator answers from the queue; axe finds nothing', async () => {
    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await signInToConsole(page, t.url, 'e2e-desk', reporter);
    await page.goto(`${t.url}/console/support`);
    await page.getByRole('heading', { name: 'サポート窓口', level: 1 }).waitFor({ timeout: 15_000 });
    // An empty form names its problems first.
    await page.getByRole('button', { name: '報告を送信' }).click();
    await page.getByRole('alert').getByText('件名を入力してください。').waitFor({ timeout: 15_000 });
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('種類').selectOption('bug');
    await page.getByLabel('件名').fill('地図が表示されない');
    await page.getByLabel('内容').fill('スポット一覧の地図が灰色のままです。');
    await page.getByLabel(/添付ファイル/).setInputFiles({
      name: 'screen.png',
      mimeType: 'image/png',
      buffer: await noisyPng(),
    });
    await page.getByRole('button', { name: '報告を送信' }).click();
    await page.getByText('報告を受け付けました。').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: '地図が表示されない' }).waitFor();
    expect(await axe(page)).toEqual([]);

    // The operator's console, with the operator's session.
    const opsContext = await browser.newContext({ locale: 'ja-JP' });
    await opsContext.addCookies([...operator.cookies].map(([name, value]) => ({ name, value, url: t.url })));
    const ops = await opsContext.newPage();
    await ops.goto(`${t.url}/ops/support`);
    await ops.getByRole('link', { name: '地図が表示されない' }).click();
    await ops.getByText('スポット一覧の地図が灰色のままです。').waitFor({ timeout: 15_000 });
    expect(await axe(ops)).toEqual([]);
    await ops
      .getByRole('region', { name: '報告者へ回答（管理画面とメールで届きます）' })
      .getByLabel('内容')
      .fill('再読み込みをお試しください。');
    await ops.getByRole('button', { name: '回答を送信' }).click();
    await ops.getByText('再読み込みをお試しください。').first().waitFor({ timeout: 15_000 });
    await ops.goto(`${t.url}/ops/support`);
    await ops.getByRole('cell', { name: '回答済み（返信待ち）' }).waitFor({ timeout: 15_000 });
    expect(await axe(ops)).toEqual([]);

    await page.getByRole('link', { name: '地図が表示されない' }).click();
    await page.getByText('再読み込みをお試しください。').waitFor({ timeout: 15_000 });
    expect(await axe(page)).toEqual([]);
  });

  it('break-glass: the admin sees the open access on every page and its record; the ops page; axe finds nothing', async () => {
    const queue = (await operator.get('/api/v1/ops/support/tickets')).body as { items: { id: string }[] };
    const requested = await operator.post('/api/v1/ops/break-glass', {
      org: 'e2e-desk',
      reason: '地図の不具合の調査のため',
      ticketId: queue.items[0]!.id,
      durationMinutes: 30,
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const id = (requested.body as { id: string }).id;
    expect((await approver.post(`/api/v1/ops/break-glass/${id}/approve`)).status).toBe(200);
    expect((await operator.get(`/api/v1/ops/break-glass/${id}/read/spots`)).status).toBe(200);

    // The admin's session (two-factor done through the API), in the browser.
    const adminContext = await browser.newContext({ locale: 'ja-JP' });
    const adminClient = await signedIn(t, 'e2e-desk', admin);
    await adminContext.addCookies(
      [...adminClient.cookies].map(([name, value]) => ({ name, value, url: t.url })),
    );
    const page = await adminContext.newPage();
    await page.goto(`${t.url}/console/`);
    await page
      .getByText(/現在、運営担当者が閲覧中です/)
      .first()
      .waitFor({ timeout: 15_000 });
    expect(await axe(page)).toEqual([]);
    await page.goto(`${t.url}/console/break-glass`);
    await page.getByText('地図の不具合の調査のため').first().waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: '閲覧した内容' }).first().waitFor();
    expect(await axe(page)).toEqual([]);

    const opsContext = await browser.newContext({ locale: 'ja-JP' });
    await opsContext.addCookies([...operator.cookies].map(([name, value]) => ({ name, value, url: t.url })));
    const ops = await opsContext.newPage();
    await ops.goto(`${t.url}/ops/break-glass`);
    await ops.getByRole('button', { name: '閲覧：観光スポット' }).click();
    await ops.getByText('観光スポット：0 件').waitFor({ timeout: 15_000 });
    expect(await axe(ops)).toEqual([]);
  });
});
