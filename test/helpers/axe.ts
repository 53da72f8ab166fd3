// axe-core against WCAG 2.1 A and AA (what JIS X 8341-3:2016 level AA asks) in a Playwright page.
// A page without frames is checked by one axe.run inside it: AxeBuilder#analyze instead opens a
// second page (a new renderer process) to merge per-frame results and injects the unminified
// source (1.5 MB) each time, which made each check cost about a second of Chromium CPU more.
// A page with frames still goes through AxeBuilder, which checks every frame.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import type { ElementContext, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * The console's wide tables become a focusable region once a ResizeObserver has seen them overflow
 * and React has rendered again (components/data-table.tsx): rows arriving just before a check can
 * leave a frame or two in which the box already scrolls and is not yet focusable. Waits (≤ 2 s)
 * until every such box that scrolls is focusable; if one never becomes so, axe reports it.
 */
async function tablesSettled(page: Page): Promise<void> {
  await page
    .waitForFunction(
      `[...document.querySelectorAll('.table-wrap')].every(
         (box) => (box.scrollWidth <= box.clientWidth + 1 && box.scrollHeight <= box.clientHeight + 1)
           || box.getAttribute('tabindex') === '0')`,
      undefined,
      { timeout: 2000 },
    )
    .catch(() => undefined);
}

/** The violations of the rules with these tags (WCAG 2.1 A/AA) in the page as it is now, every node each. */
export async function axeViolations(page: Page, tags: string[] = WCAG_21_AA): Promise<Result[]> {
  await tablesSettled(page);
  if (page.frames().length > 1) return (await new AxeBuilder({ page }).withTags(tags).analyze()).violations;
  // A document checked before (the console changes its view without loading a page) keeps axe.
  if (!(await page.evaluate('typeof window.axe?.run === "function"'))) await page.evaluate(AXE_SOURCE);
  // Only the violations come back whole: passes and incomplete results shrink to one node each.
  const options: RunOptions = { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] };
  return page.evaluate(async (runOptions) => {
    const inPage = globalThis as unknown as { axe: typeof import('axe-core'); document: ElementContext };
    return (await inPage.axe.run(inPage.document, runOptions)).violations;
  }, options);
}
