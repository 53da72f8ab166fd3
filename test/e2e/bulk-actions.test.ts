import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, screenshotForReview, signInToConsole } from '../helpers/browser.js';
import { type Client, type SeededAccount, seedUser, signedIn } from '../helpers/client.js';
import { spotData } from '../helpers/content.js';
import { createOrganisation } from '../helpers/fixtures.js';

// Bulk publish in the console's spot list, in a real browser: select everything matching the
// filter, confirm with the count, see the progress end in a result per item — one item edited
// meanwhile by a colleague fails with the version conflict, the others go live.
let t: TestApp;
let browser: Browser;
let publisher: SeededAccount;
let colleague: Client;
const ORG = 'ikkatsu';

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, ORG, 'いっかつ町');
  publisher = await seedUser(t, ORG, { totp: false, rights: { spots: 'publish' } });
  colleague = await signedIn(t, ORG, await seedUser(t, ORG, { totp: false, rights: { spots: 'edit' } }));
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signIn = (page: Page) => signInToConsole(page, t.url, ORG, publisher);

describe('bulk actions in the console', () => {
  it('publishes every spot matching the filter with a confirmation naming the count, and reports the one that failed and why', async () => {
    const created: { id: string; version: number }[] = [];
    for (const name of ['一括の滝', '一括の寺', '一括の丘']) {
      const res = await colleague.post('/api/v1/spots', spotData(name, { tags: ['一括'] }));
      created.push(res.body as { id: string; version: number });
    }
    await colleague.post('/api/v1/spots', spotData('別の店', { tags: ['別'] }));

    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await signIn(page);
    await page.goto(`${t.url}/console/spots?tag=${encodeURIComponent('一括')}`);
    await page.getByRole('heading', { name: 'まとめて操作' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: '条件に一致するすべての項目を選択' }).click();
    await page.getByText('条件に一致する 3 件を選択しています。').waitFor({ timeout: 15_000 });
    await page.getByText('3 件を選択中').waitFor();
    expect(await page.getByRole('checkbox', { name: '「別の店」を選択' }).count()).toBe(0);

    // A colleague saves one of them after it was selected: its version is no longer the one seen.
    const stale = created[1]!;
    const edit = await colleague.put(`/api/v1/spots/${stale.id}`, {
      version: stale.version,
      data: spotData('一括の寺（改）', { tags: ['一括'] }),
    });
    expect(edit.status).toBe(200);

    expect(
      (await axeViolations(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);

    await page.getByLabel('操作', { exact: true }).selectOption({ label: '公開する' });
    await page.getByRole('button', { name: '実行する' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('選択した 3 件に「公開する」を行います。よろしいですか？').waitFor();
    await dialog.getByRole('button', { name: '公開する' }).click();

    await page.getByRole('heading', { name: '操作の結果' }).waitFor({ timeout: 90_000 });
    await page.getByText('2 件を処理しました。').waitFor();
    await page.getByText('1 件はできませんでした。').waitFor();
    const failed = page.getByRole('table', { name: 'できなかった項目と理由' });
    await failed.getByRole('rowheader', { name: '一括の寺' }).waitFor();
    await failed.getByText(/他の人が更新しました/).waitFor();
    await screenshotForReview(page, 'bulk-actions');

    const live = (await (await fetch(`${t.url}/api/v1/public/${ORG}/spots?limit=50`)).json()) as {
      items: { id: string }[];
    };
    expect(live.items.map((i) => i.id).sort()).toEqual([created[0]!.id, created[2]!.id].sort());
  }, 120_000);
});
