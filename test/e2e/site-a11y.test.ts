import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../../src/modules/organisations/demo.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { createOrganisation } from '../helpers/fixtures.js';

// Every page type of the public site in a real browser (Debian's Chromium), checked by axe-core
// against WCAG 2.1 A and AA (what JIS X 8341-3:2016 level AA asks), and used from the keyboard.
let t: TestApp;
let browser: Browser;
let context: BrowserContext;
const ORG = 'a11y-town';
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, ORG, 'みってし町');
  await seedDemoContent(t.database.db, ORG);
  for (const kind of ['spots', 'events', 'courses', 'articles']) {
    const list = await fetch(`${t.url}/api/v1/public/${ORG}/${kind}?limit=1`);
    ids[kind] = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
  }
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

function pagePaths(lang: string): string[] {
  const base = `/s/${ORG}/${lang}`;
  return [
    `${base}/`,
    `${base}/spots/`,
    `${base}/spots/${ids.spots}`,
    `${base}/events/`,
    `${base}/events/?view=month`,
    `${base}/events/${ids.events}`,
    `${base}/courses/`,
    `${base}/courses/${ids.courses}`,
    `${base}/articles/`,
    `${base}/articles/${ids.articles}`,
    `${base}/search?q=${encodeURIComponent('城')}`,
    `${base}/privacy`,
    `${base}/no-such-page`,
  ];
}

describe('public site accessibility', () => {
  for (const lang of ['ja', 'en', 'zh-Hans', 'ko']) {
    it(`axe-core finds no WCAG 2.1 A/AA violation on any page type in ${lang}`, async () => {
      const page = await context.newPage();
      const problems: string[] = [];
      for (const path of pagePaths(lang)) {
        await page.goto(`${t.url}${path}`, { waitUntil: 'load' });
        // Check the page as visitors get it: with the map drawn where there is one (Leaflet is
        // fetched when the map scrolls into view).
        if (await page.locator('.map').count()) {
          await page.locator('.map').first().scrollIntoViewIfNeeded();
          await page.locator('.leaflet-container').first().waitFor();
        }
        const result = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze();
        for (const v of result.violations)
          problems.push(
            `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
      }
      await page.close();
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('Tab reaches the skip link first, and following it moves focus to the main content', async () => {
    const page = await context.newPage();
    for (const path of [`/s/${ORG}/ja/`, `/s/${ORG}/en/spots/${ids.spots}`]) {
      await page.goto(`${t.url}${path}`, { waitUntil: 'load' });
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      expect(await focused.getAttribute('class')).toBe('skip-link');
      expect(await focused.getAttribute('href')).toBe('#main');
      // Shown on screen when focused.
      expect((await focused.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(0);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('main');
      // The next Tab continues inside the main content, not back in the header.
      await page.keyboard.press('Tab');
      expect(await page.locator('main :focus').count()).toBe(1);
    }
    await page.close();
  });

  it('without JavaScript the map stays hidden and the places are listed with addresses and map links, never raw coordinates', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const page = await noScript.newPage();
    for (const path of [`/s/${ORG}/en/spots/${ids.spots}`, `/s/${ORG}/en/courses/${ids.courses}`]) {
      await page.goto(`${t.url}${path}`, { waitUntil: 'load' });
      expect(await page.locator('.map').isVisible()).toBe(false);
      const places = page.locator('.places li, .stops li');
      expect(await places.count()).toBeGreaterThan(0);
      expect(await places.first().textContent()).toBeTruthy();
      expect(await page.locator('main').textContent()).not.toMatch(/\d{2,3}\.\d{4,}/);
      expect(await page.getByRole('link', { name: /Open in a map/ }).count()).toBeGreaterThan(0);
    }
    await noScript.close();
  });

  it('the spot list works from the keyboard: category filter and links', async () => {
    const page = await context.newPage();
    await page.goto(`${t.url}/s/${ORG}/en/spots/`, { waitUntil: 'load' });
    await page.getByLabel('Category').selectOption('history');
    await page.getByRole('button', { name: 'Apply' }).press('Enter');
    await expect.poll(() => page.url()).toContain('category=history');
    await expect.poll(() => page.locator('.cards .card').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/mitte-e2e-site-spots.png', fullPage: true });
    await page.close();
  });
});
