import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../../src/modules/organisations/demo.js';
import { RallyKeys } from '../../src/modules/rally/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser } from '../helpers/browser.js';
import { createOrganisation } from '../helpers/fixtures.js';

// Issue 16, item 6: the demo rally's participant pages in a real browser — axe-core finds no
// WCAG 2.1 A/AA violation in any language, the whole journey works without JavaScript, and the
// stamp card stays far below 100 KB transferred.
let t: TestApp;
let browser: Browser;
const ORG = 'rally-town';
let qrPath = '';
let staffCheckpoint = '';
let staffCode = '';

/** A browser context that reaches only the test app (no map tiles or anything else from outside). */
async function localContext(options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext(options);
  await context.route(
    (url) => url.origin !== new URL(t.url).origin,
    (route) => route.abort(),
  );
  return context;
}

async function axe(page: Page): Promise<string[]> {
  return (await axeViolations(page)).map(
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
  const staff = await t.database.superuser.query(
    `SELECT id FROM tenant.rally_checkpoints WHERE org = $1 AND campaign_id = $2 AND method = 'staff_code'`,
    [ORG, row.id],
  );
  staffCheckpoint = (staff.rows[0] as { id: string }).id;
  staffCode = keys.staffCode(ORG, row, staffCheckpoint);
  // A tier one stamp earns, so that the journey below reaches the application form.
  await t.database.superuser.query(
    `UPDATE tenant.rally_campaigns
        SET prize_tiers = prize_tiers || '[{"id":"first","name":{"ja":"参加賞","en":"Taking part"},"minStamps":1,"award":"lottery","quantity":10}]'::jsonb
      WHERE org = $1`,
    [ORG],
  );
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('stamp rally pages in a browser', () => {
  for (const lang of ['ja', 'en', 'zh-Hans', 'ko']) {
    it(`join, stamp and card in ${lang}: no axe violation on any page`, async () => {
      const context = await localContext();
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
      await page.goto(`${base}/rally/castle-town/privacy`);
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
      if (lang === 'en') {
        // The survey and application form, then as it comes back refused (every field's reason).
        await page.locator('main a[href$="/apply"]').click();
        await page.waitForURL(/\/apply$/);
        problems.push(...(await axe(page)));
        await page.locator('main form.rally-apply button[type="submit"]').click();
        await page.waitForLoadState('load');
        expect(await page.locator('.rally-field-error').count()).toBeGreaterThan(3);
        problems.push(...(await axe(page)));
      }
      await context.close();
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('the staff code entry screen: no axe violation, usable by keyboard alone', async () => {
    const context = await localContext();
    const page = await context.newPage();
    const base = `${t.url}/s/${ORG}/en/rally/castle-town`;
    await page.goto(`${base}/`);
    await page.locator('main form[action$="/join"] button').click();
    await page.waitForURL(/\/join$/);
    await page.goto(`${base}/c/${staffCheckpoint}`);
    expect(await axe(page)).toEqual([]);
    // The first Tab reaches the skip link; following it, the code field and the button come next.
    const focused = (what = 'id') =>
      page.evaluate(`document.activeElement && document.activeElement.${what}`);
    await page.keyboard.press('Tab');
    expect(await focused('className')).toBe('skip-link');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 10 && (await focused()) !== 'staff-code'; i += 1) await page.keyboard.press('Tab');
    expect(await focused()).toBe('staff-code');
    expect(await page.getByLabel('Staff code (6 digits)').getAttribute('id')).toBe('staff-code');
    // The focused field shows a visible focus indicator.
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.type(staffCode);
    await page.keyboard.press('Tab');
    expect(await focused('type')).toBe('submit');
    await page.keyboard.press('Enter');
    await page.waitForLoadState('load');
    expect(await page.locator('[role="status"]').textContent()).toContain('1 of 5');
    expect(await axe(page)).toEqual([]);

    // The card, once seen online, is there offline as the saved copy (the service worker's).
    await page.goto(`${base}/card`);
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await page.reload();
    expect(await page.locator('.rally-next h2').textContent()).toBe('Next checkpoint');
    await context.setOffline(true);
    await page.reload();
    expect(await page.locator('.rally-offline[role="status"]').textContent()).toContain('You are offline');
    expect(await page.locator('.rally-stamped').count()).toBe(1);
    await context.close();
  }, 120_000);

  it('works without JavaScript from the QR code to the card, and the card weighs under 100 KB', async () => {
    const context = await localContext({ javaScriptEnabled: false });
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
