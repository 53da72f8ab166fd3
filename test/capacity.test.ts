import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jstDate } from '../src/platform/time/jst.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, errorCode, seedUser, signedIn, signedInOperator } from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestApp;
const METRICS = 'capacity-metrics-token-0123456789';
let operator: Client;
let admin: Client;
let general: Client;

const ORG = 'cap-town';
const OTHER = 'cap-other';
const GB = 1024 ** 3;

interface Usage {
  serviceCode: string;
  storage: { quotaBytes: number; usedBytes: number; originalBytes: number; derivativeBytes: number };
  mediaFiles: number;
  users: number;
  items: Record<string, number>;
  days: { day: string; pageViews: number; apiRequests: number }[];
}

/** A media row with one derivative, written directly: capacity counts rows, not bytes on disk. */
async function mediaRow(org: string, size: number, derivative: number): Promise<void> {
  await t.database.superuser.query(
    `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key, key_version, derivatives)
     VALUES ($1, 'image', 'image/jpeg', 'jpg', 'a.jpg', $2, repeat('0', 64), $1 || '/x', 1,
             jsonb_build_array(jsonb_build_object('variant', 'w640', 'sizeBytes', $3::bigint)))`,
    [org, size, derivative],
  );
}

async function auditCount(org: string | null, action: string): Promise<number> {
  const { rows } = await t.database.superuser.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit.events WHERE action = $1 AND ${org ? 'org = $2' : 'org IS NULL'}`,
    org ? [action, org] : [action],
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0', METRICS_TOKEN: METRICS } });
  for (const code of [ORG, OTHER]) await createOrganisation(t.database.db, code);
  operator = await signedInOperator(t, 'ops-capacity@mitte-c.example.jp');
  admin = await signedIn(t, ORG, await seedUser(t, ORG, { role: 'admin' }));
  general = await signedIn(t, ORG, await seedUser(t, ORG, { role: 'general', rights: { spots: 'edit' } }));
  await seedUser(t, OTHER, { role: 'admin' });
});
afterAll(async () => {
  await t?.close();
});

describe('capacity figures and quotas (A.12.1.3)', () => {
  it('counts storage (originals and derivatives apart), media, users, items by kind, page views and API requests', async () => {
    await t.app.apiRequestCounter.flush();
    expect((await admin.post('/api/v1/spots', spotData('容量の寺'))).status).toBe(201);
    expect((await admin.post('/api/v1/spots', spotData('容量の滝'))).status).toBe(201);
    await mediaRow(ORG, 1000, 300);
    await mediaRow(ORG, 2000, 700);
    await mediaRow(OTHER, 99, 1);
    const today = jstDate(new Date());
    await t.database.superuser.query(
      `INSERT INTO tenant.analytics_daily (org, day, page, lang, device, views, visitors)
       VALUES ($1, $2, 'home', 'ja', 'mobile', 5, 2), ($1, $2, 'spots', 'en', 'desktop', 7, 3)`,
      [ORG, today],
    );
    // Two spots posted above, one listing now; the counter is flushed like every minute.
    expect((await general.get('/api/v1/spots')).status).toBe(200);
    expect(await t.app.apiRequestCounter.flush()).toBeGreaterThanOrEqual(3);

    const own = await admin.get('/api/v1/usage');
    expect(own.status).toBe(200);
    const usage = own.body as Usage;
    expect(usage.storage).toEqual({
      quotaBytes: 5 * GB,
      usedBytes: 4000,
      originalBytes: 3000,
      derivativeBytes: 1000,
    });
    expect(usage).toMatchObject({
      mediaFiles: 2,
      users: 2,
      items: { spot: 2, event: 0, course: 0, article: 0 },
    });
    expect(usage.days).toHaveLength(14);
    const day = usage.days.at(-1)!;
    expect(day.day).toBe(today);
    expect(day.pageViews).toBe(12);
    expect(day.apiRequests).toBeGreaterThanOrEqual(3);

    // The dashboard shows the same storage figure (one query).
    const dashboard = await admin.get('/api/v1/dashboard');
    expect((dashboard.body as { storage: { used: number } }).storage.used).toBe(4000);

    // Operators see the same numbers for every organisation, never rows.
    const list = await operator.get('/api/v1/ops/capacity');
    expect(list.status).toBe(200);
    const items = (list.body as { items: Usage[] }).items;
    expect(items.find((u) => u.serviceCode === ORG)).toMatchObject({ storage: usage.storage, users: 2 });
    expect(items.find((u) => u.serviceCode === OTHER)).toMatchObject({ storage: { usedBytes: 100 } });
    const one = await operator.get(`/api/v1/ops/organisations/${ORG}/capacity`);
    expect(one.body).toMatchObject({ storage: usage.storage, mediaFiles: 2 });
  });

  it('counting API requests adds across nodes and flushes (an upsert that adds)', async () => {
    await t.app.apiRequestCounter.flush();
    const before = ((await admin.get('/api/v1/usage')).body as Usage).days.at(-1)!.apiRequests;
    const { ApiRequestCounter } = await import('../src/modules/capacity/request-counter.js');
    const nodeB = new ApiRequestCounter(t.database.db);
    for (let i = 0; i < 5; i += 1) nodeB.count(ORG);
    expect(await nodeB.flush()).toBe(5);
    await t.app.apiRequestCounter.flush();
    const after = ((await admin.get('/api/v1/usage')).body as Usage).days.at(-1)!.apiRequests;
    // The first usage read counts too (it reached the API), then node B's five.
    expect(after).toBe(before + 1 + 5);
  });

  it('writes many organisations’ counts together; one that no longer exists loses its counts, the others are written', async () => {
    await t.app.apiRequestCounter.flush();
    const apiRequests = async (org: string) =>
      Number(
        (
          await t.database.superuser.query(
            'SELECT coalesce(sum(requests), 0)::text AS n FROM tenant.api_requests_daily WHERE org = $1',
            [org],
          )
        ).rows[0].n,
      );
    const before = [await apiRequests(ORG), await apiRequests(OTHER)];
    const { ApiRequestCounter } = await import('../src/modules/capacity/request-counter.js');
    const nodeB = new ApiRequestCounter(t.database.db);
    for (let i = 0; i < 4; i += 1) nodeB.count(ORG);
    nodeB.count('no-such-town');
    for (let i = 0; i < 2; i += 1) nodeB.count(OTHER);
    expect(await nodeB.flush()).toBe(6);
    expect([await apiRequests(ORG), await apiRequests(OTHER)]).toEqual([before[0]! + 4, before[1]! + 2]);
    expect(await apiRequests('no-such-town')).toBe(0);
    // Not kept for the next flush either.
    expect(await nodeB.flush()).toBe(0);
  });

  it('counts a request in the JST day it arrived in, on either side of midnight', async () => {
    await t.app.apiRequestCounter.flush();
    const days = async () => ((await admin.get('/api/v1/usage')).body as Usage).days;
    const [yesterday, today] = (await days()).slice(-2).map((d) => d.apiRequests);
    const { ApiRequestCounter } = await import('../src/modules/capacity/request-counter.js');
    const { jstDateTime, todayInJapan } = await import('../src/platform/time/jst.js');
    const midnight = jstDateTime(todayInJapan(), '00:00').getTime();
    const nodeB = new ApiRequestCounter(t.database.db);
    nodeB.count(ORG, midnight - 1);
    nodeB.count(ORG, midnight);
    nodeB.count(ORG, midnight - 2);
    expect(await nodeB.flush()).toBe(3);
    await t.app.apiRequestCounter.flush();
    // The first usage read counts today too.
    expect((await days()).slice(-2).map((d) => d.apiRequests)).toEqual([yesterday! + 2, today! + 1 + 1]);
  });

  it('operators change a quota, recorded in both chains; bad values are refused in ja and en', async () => {
    const providerBefore = await auditCount(null, 'organisation.quota_changed');
    const res = await operator.put(`/api/v1/ops/organisations/${ORG}/quota`, {
      storageQuotaBytes: 20 * GB,
      reason: '追加契約',
    });
    expect(res.status).toBe(200);
    expect((res.body as Usage).storage.quotaBytes).toBe(20 * GB);
    expect(((await admin.get('/api/v1/usage')).body as Usage).storage.quotaBytes).toBe(20 * GB);
    expect(await auditCount(null, 'organisation.quota_changed')).toBe(providerBefore + 1);
    expect(await auditCount(ORG, 'organisation.quota_changed')).toBe(1);

    for (const bad of [-1, 1.5, 'ten', 200 * 1024 ** 4]) {
      const refused = await operator.put(`/api/v1/ops/organisations/${ORG}/quota`, {
        storageQuotaBytes: bad,
      });
      expect(refused.status, String(bad)).toBe(400);
      const error = (refused.body as { error: { message: { ja: string; en: string }; field?: string } })
        .error;
      expect(error.message.ja).toBeTruthy();
      expect(error.message.en).toBeTruthy();
      expect(JSON.stringify(error)).toContain('storageQuotaBytes');
    }
    const unknown = await operator.put('/api/v1/ops/organisations/no-such-town/quota', {
      storageQuotaBytes: GB,
    });
    expect(unknown.status).toBe(404);
    expect(((await admin.get('/api/v1/usage')).body as Usage).storage.quotaBytes).toBe(20 * GB);
  });

  it('only operators see others’ figures and change quotas; only admins see their own', async () => {
    expect((await admin.get('/api/v1/ops/capacity')).status).toBe(403);
    expect(
      (await admin.put(`/api/v1/ops/organisations/${ORG}/quota`, { storageQuotaBytes: GB })).status,
    ).toBe(403);
    expect([
      (await general.get('/api/v1/usage')).status,
      errorCode(await general.get('/api/v1/usage')),
    ]).toEqual([403, 'forbidden']);
  });

  it('/metrics has totals and the top organisations by storage, not one series per organisation', async () => {
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } });
    const text = await res.text();
    expect(text).toMatch(/mitte_capacity_storage_bytes\{part="originals"\} \d+/);
    expect(text).toMatch(/mitte_capacity_items\{kind="spot"\} [1-9]/);
    expect(text).toContain(`mitte_capacity_top_storage_bytes{rank="1",service_code="${ORG}"} 4000`);
    expect(text).toMatch(/mitte_capacity_api_requests\{day="today"\} [1-9]/);
    const ranks = text.split('\n').filter((l) => l.startsWith('mitte_capacity_top_storage_bytes{'));
    expect(ranks.length).toBeLessThanOrEqual(10);
  });

  it('an open /metrics (no METRICS_TOKEN) ranks organisations without naming them', async () => {
    const open = await startTestApp({ database: t.database, env: { SCHEDULER_INTERVAL_MS: '0' } });
    try {
      const text = await (await fetch(`${open.url}/metrics`)).text();
      expect(text).toContain('mitte_capacity_top_storage_bytes{rank="1"} 4000');
      expect(text).not.toContain(ORG);
    } finally {
      await open.close();
    }
  });
});
