/**
 * What a visitor's phone downloads and how soon it shows the page: transferred bytes and Largest
 * Contentful Paint of the public site's home, a spot page and the events page, in Japanese and
 * English, in Debian's Chromium emulating a phone on 4G (Lighthouse's mobile profile: 150 ms
 * round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4×). Each page is loaded cold (a new
 * browser context, nothing cached) three times; the median is printed. Figures, not a test.
 * Then the stamp rally's card (issue 16: under 100 KB, fast on 3G) of the demo campaign, for a
 * visitor who has just joined, on DevTools' "Slow 3G" (2 s round trip, 400 kbit/s both ways).
 *
 *   npx tsx bench/public-pages.ts            (BENCH_RUNS=5 for more runs)
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { DEMO_SERVICE_CODE, ensureDemoOrganisation } from '../src/modules/organisations/demo.js';
import { DEMO_CAMPAIGN_SLUG, RallyKeys } from '../src/modules/rally/index.js';
import { median } from './lib/stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Lighthouse's "Slow 4G" with its mobile CPU slowdown. */
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;
/** Chromium DevTools' (and Puppeteer's) "Slow 3G" preset, the stamp card's worst case. */
const SLOW_3G = {
  offline: false,
  latency: 400 * 5,
  downloadThroughput: ((500 * 1000) / 8) * 0.8,
  uploadThroughput: ((500 * 1000) / 8) * 0.8,
};

interface Figures {
  bytes: number;
  requests: number;
  lcpMs: number;
  lcpElement: string;
}

async function measure(
  browser: Browser,
  url: string,
  network: typeof NETWORK = NETWORK,
  /** Runs unthrottled before the measured load (the stamp card needs a participant's cookie). */
  prepare?: (page: Page) => Promise<void>,
): Promise<Figures> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    // The stamp card's service worker would fetch outside the emulated network (its own target).
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  await prepare?.(page);
  // The largest contentful paint as the page reports it (the last entry wins).
  await page.addInitScript(`
    window.__lcp = { time: 0, element: '' };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const el = entry.element;
        window.__lcp = { time: entry.startTime, element: el ? el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') : '' };
      }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  `);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    bytes += event.encodedDataLength;
    requests += 1;
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  // LCP entries are reported after the paint; give the last one time to arrive.
  await page.waitForTimeout(1000);
  const lcp = (await page.evaluate('window.__lcp')) as { time: number; element: string };
  await context.close();
  return { bytes, requests, lcpMs: lcp.time, lcpElement: lcp.element };
}

function report(lang: string, name: string, runs: Figures[]): void {
  const bytes = median(runs.map((r) => r.bytes));
  const lcp = median(runs.map((r) => r.lcpMs));
  const element = runs.find((r) => r.lcpMs === lcp)?.lcpElement ?? '';
  process.stdout.write(
    `${lang.padEnd(3)} ${name.padEnd(7)} ${(bytes / 1024).toFixed(1).padStart(7)} KB transferred in ${String(runs[0]!.requests).padStart(2)} requests | LCP ${lcp.toFixed(0).padStart(5)} ms (${element})\n`,
  );
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-pages-'));
  const db = await openDatabase({ pgliteDir: 'memory://' });
  await migrate(db);
  const masterKey = randomBytes(32);
  // With the rally keys, so the demo organisation gets its sample stamp rally too.
  await ensureDemoOrganisation(db, new RallyKeys(masterKey));
  const config = loadConfig({
    DATA_DIR: dataDir,
    MASTER_KEY_FILE: '/dev/null',
    LOG_LEVEL: 'warn',
    SCHEDULER_INTERVAL_MS: '0',
  });
  const app = await buildApp({ config, db, masterKey });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const spots = (await (await fetch(`${base}/api/v1/public/${DEMO_SERVICE_CODE}/spots?limit=1`)).json()) as {
    items: { id: string }[];
  };
  const spot = spots.items[0]?.id ?? '';
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    process.stdout.write(
      `Public pages on a 390 px phone, Slow 4G (150 ms RTT, 1.6 Mbit/s down), CPU ÷${CPU_SLOWDOWN}; median of ${RUNS} cold loads\n`,
    );
    for (const lang of ['ja', 'en']) {
      for (const [name, pagePath] of [
        ['home', '/'],
        ['spot', `/spots/${spot}`],
        ['events', '/events/'],
      ] as const) {
        const runs: Figures[] = [];
        for (let i = 0; i < RUNS; i++)
          runs.push(await measure(browser, `${base}/s/${DEMO_SERVICE_CODE}/${lang}${pagePath}`));
        report(lang, name, runs);
      }
    }
    process.stdout.write(
      `Stamp rally card on a 390 px phone, Slow 3G (2000 ms RTT, 400 kbit/s), CPU ÷${CPU_SLOWDOWN}; median of ${RUNS} loads with an empty cache\n`,
    );
    for (const lang of ['ja', 'en']) {
      const top = `${base}/s/${DEMO_SERVICE_CODE}/${lang}/rally/${DEMO_CAMPAIGN_SLUG}/`;
      const join = async (page: Page) => {
        await page.goto(top);
        await page.locator('main form[action$="/join"] button').click();
        await page.waitForURL(/\/join$/);
      };
      const runs: Figures[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, `${top}card`, SLOW_3G, join));
      report(lang, 'card', runs);
    }
  } finally {
    await browser.close();
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
