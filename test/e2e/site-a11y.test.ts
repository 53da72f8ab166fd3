import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../../src/modules/organisations/demo.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { axeViolations } from '../helpers/axe.js';
import { launchBrowser, screenshotForReview } from '../helpers/browser.js';
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
        for (const v of await axeViolations(page))
          problems.push(
            `${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
      }
      await page.close();
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('the axe check itself reports a violation on a page that has one', async () => {
    // The checks above pass only if this one can fail: a nameless image and a low-contrast line.
    const page = await context.newPage();
    await page.goto(`${t.url}/s/${ORG}/en/privacy`, { waitUntil: 'load' });
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend',
      '<img src="/none.png"><p style="color:#ccc;background:#fff">faint</p>')`);
    const found = (await axeViolations(page)).map((v) => v.id);
    await page.close();
    expect(found).toEqual(expect.arrayContaining(['image-alt', 'color-contrast']));
  });

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

  it('on a 390 px phone the header stays within 120 px and the month is an agenda, in every language', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await phone.newPage();
    for (const lang of ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko']) {
      await page.goto(`${t.url}/s/${ORG}/${lang}/events/?view=month`, { waitUntil: 'load' });
      const header = await page.locator('.site-header').boundingBox();
      expect(header?.height ?? 999, lang).toBeLessThanOrEqual(120);
      // Nothing in the page is wider than the screen (no sideways scroll to reach Saturday).
      expect(await page.evaluate('document.documentElement.scrollWidth'), lang).toBeLessThanOrEqual(390);
      expect(await page.locator('.calendar').isVisible(), lang).toBe(false);
      if (await page.locator('.agenda').count()) expect(await page.locator('.agenda').isVisible()).toBe(true);
      // The language menu opens from the keyboard and lists every language.
      await page.locator('.lang-switch summary').focus();
      await page.keyboard.press('Enter');
      expect(await page.locator('.lang-switch a').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('.lang-switch a').first().isVisible()).toBe(true);
    }
    await screenshotForReview(page, 'site-phone', false);
    await phone.close();
  });

  it('Chinese and Korean pages draw Han characters with their own regional font; Japanese text inside keeps Japanese shapes', async () => {
    const page = await context.newPage();
    const fonts: Record<string, string> = { ja: 'JP', 'zh-Hans': 'SC', 'zh-Hant': 'TC', ko: 'KR' };
    for (const [lang, region] of Object.entries(fonts)) {
      await page.goto(`${t.url}/s/${ORG}/${lang}/`, { waitUntil: 'load' });
      const family = await page.evaluate('getComputedStyle(document.body).fontFamily');
      expect(family, lang).toContain(`Noto Sans CJK ${region}`);
      // The font is installed here, so the browser really draws with it.
      expect(await page.evaluate(`document.fonts.check('16px "Noto Sans CJK ${region}"', '温')`)).toBe(true);
    }
    await page.goto(`${t.url}/s/${ORG}/ko/spots/${ids.spots}`, { waitUntil: 'load' });
    // The demo spots have no Korean name: the heading shows the Japanese one, in Japanese shapes.
    expect(await page.locator('h1 [lang="ja"]').count()).toBe(1);
    expect(
      await page.evaluate(`getComputedStyle(document.querySelector('h1 [lang="ja"]')).fontFamily`),
    ).toContain('Noto Sans CJK JP');
    await page.close();
  });

  it('a course map numbers its pins like the stop list, and its zoom buttons speak the page language', async () => {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${t.url}/s/${ORG}/ko/courses/${ids.courses}`, { waitUntil: 'load' });
    // Leaflet is not fetched until the map comes near the screen.
    expect(requests.some((u) => u.includes('leaflet.js'))).toBe(false);
    await page.locator('.map').scrollIntoViewIfNeeded();
    await page.locator('.leaflet-container').waitFor();
    expect(requests.some((u) => u.includes('leaflet.js'))).toBe(true);
    const stops = await page.locator('.stops .stop-name').allTextContents();
    const pins = await page
      .locator('.map-pin')
      .evaluateAll((els) => els.map((e) => [e.textContent?.trim(), e.getAttribute('aria-label')]));
    expect(pins.length).toBe(stops.length);
    pins.forEach(([number, label], i) => {
      expect(number).toBe(String(i + 1));
      expect(label).toBe(`${i + 1}. ${stops[i]?.trim()}`);
    });
    expect(await page.locator('.leaflet-control-zoom-in').getAttribute('title')).toBe('확대');
    expect(await page.locator('.leaflet-control-zoom-out').getAttribute('title')).toBe('축소');
    await page.close();
  });

  it('the spot list works from the keyboard: category filter and links', async () => {
    const page = await context.newPage();
    await page.goto(`${t.url}/s/${ORG}/en/spots/`, { waitUntil: 'load' });
    await page.getByLabel('Category').selectOption('history');
    await page.getByRole('button', { name: 'Apply' }).press('Enter');
    await expect.poll(() => page.url()).toContain('category=history');
    await expect.poll(() => page.locator('.cards .card').count()).toBeGreaterThan(0);
    await screenshotForReview(page, 'site-spots');
    await page.close();
  });
});
