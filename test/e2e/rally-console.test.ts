import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, signInToConsole } from '../helpers/browser.js';
import { Client, type SeededAccount, seedUser, signedIn } from '../helpers/client.js';
import { createOrganisation } from '../helpers/fixtures.js';

// The stamp rally's campaign page in Debian's Chromium through the built console: statistics
// (stamps per checkpoint and day, the CSV link) and the history with a restore, axe on each state.
let t: TestApp;
let browser: Browser;
let staff: SeededAccount;
let campaign: { id: string; version: number };
/** The version as published, before the rename: the one the test restores. */
let published: number;
const ORG = 'e2e-rally';

async function violationsIn(page: Page): Promise<string[]> {
  return (await axeViolations(page)).map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, ORG, 'らりー町');
  staff = await seedUser(t, ORG, { totp: false, rights: { campaigns: 'publish' } });
  const api = await signedIn(t, ORG, staff);
  const created = await api.post('/api/v1/rally/campaigns', {
    slug: 'aki',
    texts: { name: { ja: '秋のスタンプラリー', en: 'Autumn stamp rally' } },
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  campaign = created.body as typeof campaign;
  const checkpoint = await api.post(`/api/v1/rally/campaigns/${campaign.id}/checkpoints`, {
    name: { ja: '駅前広場', en: 'Station square' },
    lat: 35.0,
    lng: 135.7,
    method: 'qr',
  });
  expect(checkpoint.status, JSON.stringify(checkpoint.body)).toBe(201);
  const checkpointId = (checkpoint.body as { id: string }).id;
  const publish = await api.post(`/api/v1/rally/campaigns/${campaign.id}/transition`, { to: 'published' });
  expect(publish.status, JSON.stringify(publish.body)).toBe(200);
  // A renamed campaign, so that the history has an earlier name to restore.
  const current = publish.body as { version: number };
  published = current.version;
  const renamed = await api.put(`/api/v1/rally/campaigns/${campaign.id}`, {
    version: current.version,
    slug: 'aki',
    texts: { name: { ja: '秋のスタンプラリー（改）', en: 'Autumn stamp rally (revised)' } },
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
  // One visitor's stamp, for the statistics.
  const credentials = await api.get(
    `/api/v1/rally/campaigns/${campaign.id}/checkpoints/${checkpointId}/credentials`,
  );
  const token = new URL((credentials.body as { url: string }).url).searchParams.get('t');
  const visitor = new Client(t.url);
  expect((await visitor.post(`/api/v1/public/${ORG}/rally/aki/join?lang=ja`)).status).toBe(201);
  const stamp = await visitor.post(`/api/v1/public/${ORG}/rally/aki/check-in?lang=ja`, {
    checkpointId,
    token,
  });
  expect(stamp.status, JSON.stringify(stamp.body)).toBe(201);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('stamp rally campaign page in the browser', () => {
  it('shows stamps per checkpoint and day with the CSV link, restores an earlier version; no accessibility violations', async () => {
    const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await signInToConsole(page, t.url, ORG, staff);
    await page.goto(`${t.url}/console/rally?id=${campaign.id}`);
    await page
      .getByRole('heading', { name: '秋のスタンプラリー（改）', level: 1 })
      .waitFor({ timeout: 15_000 });

    const perDay = page.getByRole('table', { name: /チェックポイント別・日ごとのスタンプ数/ });
    await perDay.waitFor();
    await expect.poll(() => perDay.getByRole('columnheader', { name: '駅前広場' }).count()).toBe(1);
    const link = page.getByRole('link', { name: '集計を CSV で出力' });
    expect(await link.getAttribute('href')).toBe(`/api/v1/rally/campaigns/${campaign.id}/statistics.csv`);

    const history = page.getByRole('region', { name: '履歴' });
    await history.getByRole('table').waitFor();
    expect(await violationsIn(page)).toEqual([]);

    // The row's version is a visually hidden part of the button's name.
    await history.getByRole('button', { name: new RegExp(`^復元\\s*（版 ${published}）$`) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`版 ${published} を復元しますか？`).waitFor();
    expect(await violationsIn(page)).toEqual([]);
    await dialog.getByRole('button', { name: '復元', exact: true }).click();
    await page
      .getByText(new RegExp(`版 ${published} を復元し、版 \\d+ として保存しました。`))
      .waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: '秋のスタンプラリー', exact: true, level: 1 }).waitFor();
    expect(await violationsIn(page)).toEqual([]);
  });
});
