import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDueNotices } from '../src/modules/notices/notice-delivery.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn, signedInOperator } from './helpers/client.js';
import { jaEnSiteSettings } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

// Issue 15 item 1: an organisation may show the provider's planned maintenance on its public
// site. Off by default; on, every page says when the site is down, in Japan time and the page's
// language, for maintenance that concerns it and is in progress or starts within 7 days. The
// public caches are on (as in production), so each change must reach the page through them.
let t: TestApp;
let operator: Client;
const editors: Record<string, Client> = {};
const HOUR = 3_600_000;

beforeAll(async () => {
  // Stored from the first answer: the test is about a notice reaching pages already cached.
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0', PUBLIC_CACHE_ADMIT_AFTER: '1' } });
  operator = await signedInOperator(t, 'ops-maint-note@mitte-c.example.jp');
  for (const code of ['maintown', 'othertown']) {
    await createOrganisation(t.database.db, code);
    editors[code] = await signedIn(t, code, await seedUser(t, code, { rights: { site: 'edit' } }));
  }
}, 120_000);
afterAll(() => t?.close());

/** Tomorrow 17:00–19:00 UTC: 02:00–04:00 Japan time the day after, always within 7 days. */
function tomorrowNight() {
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 17));
  const jst = new Date(start.getTime() + 9 * HOUR);
  return {
    start,
    end: new Date(start.getTime() + 2 * HOUR),
    ja: `${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日 02:00–04:00（日本時間）にメンテナンスのため一時的にご利用いただけません。`,
    en: `${jst.toLocaleString('en', { month: 'long', timeZone: 'UTC' })} ${jst.getUTCDate()} 02:00–04:00 (Japan time)`,
  };
}

async function maintenance(orgs: string[], start: Date, end: Date, publishAt?: Date) {
  const answer = await operator.post('/api/v1/ops/notices', {
    category: 'maintenance',
    title: { ja: 'システムメンテナンス', en: 'System maintenance' },
    body: { ja: 'メンテナンスを行います。', en: 'We will carry out maintenance.' },
    window: { start: start.toISOString(), end: end.toISOString() },
    audience: { organisations: orgs },
    ...(publishAt ? { publishAt: publishAt.toISOString() } : {}),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
}

async function setShown(org: string, show: boolean) {
  const saved = await editors[org]!.put('/api/v1/site/settings', {
    ...jaEnSiteSettings(),
    showPlannedMaintenance: show,
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((saved.body as { showPlannedMaintenance: boolean }).showPlannedMaintenance).toBe(show);
}

async function page(org: string, lang: string) {
  const answer = await fetch(`${t.url}/s/${org}/${lang}/`);
  expect(answer.status).toBe(200);
  const html = await answer.text();
  const note = /<div class="maintenance-note" role="status">(.*?)<\/div>/s.exec(html)?.[1];
  return { note, cache: answer.headers.get('x-cache') };
}

describe(`planned maintenance on the public site on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('is off by default: an upcoming maintenance notice shows nowhere on the site', async () => {
    const settings = await editors.maintown!.get('/api/v1/site/settings');
    expect(settings.body).toMatchObject({ showPlannedMaintenance: false });
    expect(settings.body).not.toHaveProperty('plannedMaintenance');
    const night = tomorrowNight();
    await maintenance(['maintown'], night.start, night.end);
    expect((await page('maintown', 'ja')).note).toBeUndefined();
    expect((await page('maintown', 'ja')).cache).toBe('hit');
  });

  it('once on, every page says when, in Japan time and the page language; the change is audited', async () => {
    await setShown('maintown', true);
    const night = tomorrowNight();
    const ja = await page('maintown', 'ja');
    expect(ja.cache).toBe('miss');
    expect(ja.note).toContain(night.ja);
    const en = await page('maintown', 'en');
    expect(en.note).toContain(night.en);
    expect(en.note).toContain('temporarily unavailable for maintenance');
    const spots = await (await fetch(`${t.url}/s/maintown/en/spots/`)).text();
    expect(spots).toContain(night.en);
    const { rows } = await t.database.superuser.query<{ details: { before: object; after: object } }>(
      "SELECT details FROM audit.events WHERE org = 'maintown' AND action = 'site.settings_changed' ORDER BY seq DESC LIMIT 1",
    );
    expect(rows[0]?.details.before).toMatchObject({ showPlannedMaintenance: false });
    expect(rows[0]?.details.after).toMatchObject({ showPlannedMaintenance: true });
  });

  it('leaves out windows that are over or more than 7 days ahead, and other organisations’ maintenance', async () => {
    const now = Date.now();
    await maintenance(['maintown'], new Date(now - 5 * HOUR), new Date(now - 3 * HOUR));
    await maintenance(['maintown'], new Date(now + 8 * 24 * HOUR), new Date(now + 9 * 24 * HOUR));
    await setShown('othertown', true);
    const night = tomorrowNight();
    const ja = await page('maintown', 'ja');
    expect(ja.note?.match(/<p /g)).toHaveLength(1);
    expect(ja.note).toContain(night.ja);
    // othertown shows maintenance, but none concerns it.
    expect((await page('othertown', 'ja')).note).toBeUndefined();
  });

  it('shows maintenance in progress, and a notice published later reaches the cached pages', async () => {
    expect((await page('othertown', 'en')).note).toBeUndefined();
    expect((await page('othertown', 'en')).cache).toBe('hit');
    const now = Date.now();
    // Published now by the operator: the provider's change drops the public caches.
    await maintenance(['othertown'], new Date(now - HOUR), new Date(now + HOUR));
    const running = await page('othertown', 'en');
    expect(running.note).toContain('(Japan time)');
    // Scheduled: the notices job publishes it and invalidates the organisations it concerns.
    const night = tomorrowNight();
    const publishAt = new Date(now + HOUR);
    await maintenance(['othertown'], night.start, night.end, publishAt);
    expect((await page('othertown', 'en')).note?.match(/<p /g)).toHaveLength(1);
    expect((await page('othertown', 'en')).cache).toBe('hit');
    await publishDueNotices(t.database.db, new Date(publishAt.getTime() + 1000), (org) =>
      t.app.services.invalidate(org),
    );
    const after = await page('othertown', 'en');
    expect(after.note?.match(/<p /g)).toHaveLength(2);
    expect(after.note).toContain(night.en);
  });

  it('disappears again when the organisation turns it off', async () => {
    await setShown('othertown', false);
    expect((await page('othertown', 'en')).note).toBeUndefined();
    expect((await page('othertown', 'ja')).note).toBeUndefined();
  });
});
