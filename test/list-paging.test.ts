/**
 * Keyset paging returns every row exactly once when many rows share one transaction time (a
 * bulk import or a bulk publish): the console list and the public API list, page by page.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../src/db/scope.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

const COUNT = 130;
let t: TestApp;
let viewer: Client;
let ids: string[];

beforeAll(async () => {
  t = await startTestApp();
  await createOrganisation(t.database.db, 'ikkatsu');
  viewer = await signedIn(
    t,
    'ikkatsu',
    await seedUser(t, 'ikkatsu', { totp: false, rights: { spots: 'view' } }),
  );
  // One statement, one transaction: every row gets the same updated_at and published_at.
  ids = await withTenant(t.database.db, 'ikkatsu', async (tx) => {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO tenant.content_items (org, kind, status, data, published_data, published_at)
      SELECT 'ikkatsu', 'spot', 'published', d, d, now()
        FROM generate_series(1, ${COUNT}) i,
             LATERAL (SELECT jsonb_build_object('name', jsonb_build_object('ja', '一括' || i), 'category', 'nature') d) x
      RETURNING id::text`.execute(tx);
    return rows.map((r) => r.id);
  });
}, 60_000);
afterAll(() => t?.close());

async function walk(
  first: string,
  get: (url: string) => Promise<{ items: { id: string }[]; next: string | null }>,
) {
  const seen: string[] = [];
  let url: string | null = first;
  for (let pages = 0; url && pages < 20; pages++) {
    const page = await get(url);
    seen.push(...page.items.map((i) => i.id));
    url = page.next;
  }
  return seen;
}

describe(`keyset paging over rows of one transaction on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('the console list pages through all of them, each once', async () => {
    const seen = await walk('/api/v1/spots?limit=50', async (url) => {
      const res = await viewer.get(url);
      expect(res.status).toBe(200);
      const body = res.body as { items: { id: string }[]; nextCursor: string | null };
      return {
        items: body.items,
        next: body.nextCursor ? `/api/v1/spots?limit=50&cursor=${encodeURIComponent(body.nextCursor)}` : null,
      };
    });
    expect(seen.length).toBe(COUNT);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('the public API list pages through all of them, each once', async () => {
    const seen = await walk('/api/v1/public/ikkatsu/spots?limit=50', async (url) => {
      const res = await fetch(`${t.url}${url}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        items: { id: string }[];
        nextCursor?: string | null;
        next?: string | null;
      };
      const cursor = body.nextCursor ?? null;
      return {
        items: body.items,
        next: cursor ? `/api/v1/public/ikkatsu/spots?limit=50&cursor=${encodeURIComponent(cursor)}` : null,
      };
    });
    expect(seen.length).toBe(COUNT);
    expect(new Set(seen)).toEqual(new Set(ids));
  });
});
