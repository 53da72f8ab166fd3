import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../../src/modules/organisations/demo.js';
import { RallyKeys } from '../../src/modules/rally/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { createOrganisation } from '../helpers/fixtures.js';

// Issue 16, item 6: the demo rally's participant pages in a real browser — axe-core finds no
// WCAG 2.1 A/AA violation in any language, the whole journey works without JavaScript, and the
// stamp card stays far below 100 KB transferred.
let t: TestApp;
let browser: Browser;
const ORG = 'rally-town';
let qrPath = '';

async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations.map(
    (v) => `${page.url()}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, ORG, 'みってし町');
  const keys = new RallyKeys(t.masterKey);
  await seedDemoContent(t.database.db, ORG, keys);
  const { rows } = await t.database.superuser.query(
    `SELECT c.id, c.key_version, c.sealed_key, p.id AS checkpoint
       FROM tenant.rally_campaigns c JOIN tenant.rally_checkpoints p ON p.org = c.org AND p.campaign_id = c.id
      WHERE c.org = $1 AND p.method = 'qr' ORDER BY p.position LIMIT 1`,
    [ORG],
  );
  const row = rows[0] as { id: string; key_version: number; sealed_key: string; checkpoint: string };
  qrPath = `rally/castle-town/c/${row.checkpoint}?t=${encodeURIComponent(keys.checkpointToken(ORG, row, row.checkpoint))}`;
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('stamp rally pages in a browser', () => {
  for (const lang of ['ja', 'en', 'zh-Hans', 'ko']) {
    it(`join, stamp and card in ${lang}: no axe violation on any page`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      const base = `${t.url}/s/${ORG}/${lang}`;
      await page.goto(`${base}/rally/castle-town/`);
      problems.push(...(await axe(page)));
      await page.goto(`${base}/${qrPath}`);
      problems.push(...(await axe(page)));
      // The page a prize applicant's mailed link opens (a GET only shows the button).
      await page.goto(`${base}/rally/castle-town/confirm?t=not-a-token`);
      problems.push(...(await axe(page)));
      await page.goto(`${base}/rally/castle-town/`);
      await page.locator('main form[action$="/join"] button').click();
      await page.waitForURL(/\/join$/);
      expect(await page.locator('.rally-code strong').textContent()).toMatch(
        /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/,
      );
      problems.push(...(await axe(page)));
      await page.goto(`${base}/${qrPath}`);
      await page.locator('main form.rally-form button[type="submit"]').click();
      await page.waitForLoadState('load');
      expect(await page.locator('[role="status"]').count()).toBe(1);
      problems.push(...(await axe(page)));
      await page.goto(`${base}/rally/castle-town/card`);
      expect(await page.locator('.rally-stamped').count()).toBe(1);
      problems.push(...(await axe(page)));
      await context.close();
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('works without JavaScript from the QR code to the card, and the card weighs under 100 KB', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // The QR code's own URL: no language in it, the site picks one.
    await page.goto(`${t.url}/s/${ORG}/rally/${qrPath.slice('rally/'.length)}`);
    expect(page.url()).toMatch(new RegExp(`/s/${ORG}/[a-zA-Z-]+/rally/castle-town/c/`));
    await page.locator('main form[action$="/join"] button').click();
    await page.waitForURL(/\/join$/);
    await page.goto(`${t.url}/s/${ORG}/en/${qrPath}`);
    await page.locator('main form.rally-form button[type="submit"]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('[role="status"]').textContent()).toContain('1 of 5');
    let bytes = 0;
    page.on('response', async (response) => {
      const body = await response.body().catch(() => Buffer.alloc(0));
      bytes += body.length + JSON.stringify(response.headers()).length;
    });
    await page.goto(`${t.url}/s/${ORG}/en/rally/castle-town/card`, { waitUntil: 'networkidle' });
    console.log(`stamp card page: ${bytes} bytes transferred (uncompressed, with headers)`);
    expect(bytes).toBeLessThan(100_000);
    await context.close();
  }, 120_000);
});
