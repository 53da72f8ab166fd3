import { sql } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { withTenant } from '../../src/db/scope.js';
import type { TestApp } from './app.js';
import type { Client } from './client.js';

/** Minimal valid content for tests. */
export function spotData(name: string, extra: Record<string, unknown> = {}) {
  return {
    name: { ja: name, en: `${name} (en)` },
    kana: 'てすと',
    category: 'temple-shrine',
    tags: ['test'],
    description: { ja: `${name}の説明です。`, en: 'A description.' },
    address: { ja: '京都府京都市東山区清水1丁目294' },
    lat: 34.9948,
    lng: 135.785,
    openingHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '09:00', closes: '17:00' }],
    fees: { basicYen: 400, detail: { ja: '大人400円' } },
    barrierFree: ['wheelchair_access'],
    url: 'https://example.jp/spot',
    ...extra,
  };
}

export function eventData(name: string, extra: Record<string, unknown> = {}) {
  return {
    name: { ja: name },
    category: 'festival',
    startDate: '2099-07-15',
    endDate: '2099-07-16',
    startTime: '10:00',
    endTime: '21:00',
    allDay: false,
    eventStatus: 'scheduled',
    venue: { name: { ja: '中央公園' }, address: { ja: '東山区1-1' }, lat: 35.0, lng: 135.78 },
    ...extra,
  };
}

/** Site settings that publish Japanese and English, with the defaults otherwise (PUT /api/v1/site/settings). */
export function jaEnSiteSettings() {
  return {
    languages: ['ja', 'en'],
    defaultLanguage: 'ja',
    logoMediaId: null,
    primaryColor: null,
    accentColor: null,
    footerLinks: [],
  };
}

/** Writes one spot as the app does (inside the organisation's transaction): live when `live`. */
export async function writeSpot(
  db: Database,
  org: string,
  name: string,
  live: boolean,
  lat?: number,
  lng?: number,
): Promise<string> {
  const data = { name: { ja: name }, category: 'nature', ...(lat === undefined ? {} : { lat, lng }) };
  return writeItem(db, org, 'spot', data, live);
}

/** Writes an item of any kind straight into the table (no validation), live or a draft; its id. */
export async function writeItem(
  db: Database,
  org: string,
  kind: 'spot' | 'event' | 'course' | 'article',
  data: unknown,
  live: boolean,
): Promise<string> {
  return withTenant(db, org, async (tx) => {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO tenant.content_items (org, kind, status, data, published_data, published_at)
      VALUES (${org}, ${kind}, ${live ? 'published' : 'draft'}, ${JSON.stringify(data)}::jsonb,
              ${live ? JSON.stringify(data) : null}::jsonb, ${live ? new Date() : null})
      RETURNING id`.execute(tx);
    return rows[0]!.id;
  });
}

/** Creates an item as `client` and publishes it at once; the item's id. Throws on a refusal. */
export async function publishNew(client: Client, plural: string, data: unknown): Promise<string> {
  const created = await client.post(`/api/v1/${plural}`, data);
  if (created.status !== 201)
    throw new Error(`create ${plural}: ${created.status} ${JSON.stringify(created.body)}`);
  const item = created.body as { id: string; version: number };
  const published = await client.post(`/api/v1/${plural}/${item.id}/publish`, { version: item.version });
  if (published.status !== 200) {
    throw new Error(`publish ${plural}: ${published.status} ${JSON.stringify(published.body)}`);
  }
  return item.id;
}

/** A public site page as a browser gets it, redirects not followed. */
export async function sitePage(t: TestApp, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
