// Headless Chromium for e2e tests: always Debian's /usr/bin/chromium (scripts/lib.sh
// ensure_browser installs it), never a browser downloaded by Playwright.
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Nothing but the app under test on loopback: the map tiles (tile.openstreetmap.jp) and
      // anything else from outside fail at once, the same on every machine with or without a
      // network, and no test waits on or spends CPU for them. Requests still show in page events.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
}

/** Signs an organisation account in through the console's sign-in page (Japanese labels). */
export async function signInToConsole(
  page: import('playwright-core').Page,
  base: string,
  org: string,
  account: { email: string; password: string },
): Promise<void> {
  await page.goto(`${base}/console/signin?org=${org}`);
  await page.getByLabel('サービスコード').fill(org);
  await page.getByLabel('メールアドレス').fill(account.email);
  await page.getByLabel('パスワード', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.includes('/signin'), { timeout: 15_000 });
}

/**
 * A screenshot for people to look at (no test reads it), written only when E2E_SCREENSHOTS_DIR
 * names a directory: encoding full-page PNGs cost every run CPU for files nothing checked.
 */
export async function screenshotForReview(
  page: import('playwright-core').Page,
  name: string,
  fullPage = true,
): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS_DIR;
  if (dir) await page.screenshot({ path: `${dir}/mitte-e2e-${name}.png`, fullPage });
}

/** In the page: its visibility and focus, and how long its next animation frame took (Playwright's "stable" waits on frames). */
const PAGE_STATE = `new Promise((resolve) => {
  const base = { visibility: document.visibilityState, focused: document.hasFocus(),
    active: document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : null };
  const started = performance.now();
  requestAnimationFrame(() => resolve({ ...base, frameMs: Math.round(performance.now() - started) }));
  setTimeout(() => resolve({ ...base, frame: 'none within 1 s' }), 1000);
})`;

/**
 * A failed action's error with the page's state added: whether its main thread still answers
 * (within 3 s), its visibility and focus, and whether it still draws frames. For failures that
 * are rare and not yet understood (an action that waited 30 s for an element to be "stable").
 */
export async function withPageState(error: unknown, page: import('playwright-core').Page): Promise<unknown> {
  if (!(error instanceof Error)) return error;
  const state = await Promise.race([
    page.evaluate(PAGE_STATE).catch((failure: unknown) => `evaluate failed: ${(failure as Error).message}`),
    new Promise((resolve) =>
      setTimeout(() => resolve('no answer within 3 s: the main thread is busy or blocked'), 3000),
    ),
  ]);
  error.message += `\npage state: ${JSON.stringify(state)}`;
  return error;
}
