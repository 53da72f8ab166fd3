import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** Makes the database unreachable for the app: closes PGlite, or refuses new PostgreSQL connections. */
async function stopDatabase(): Promise<void> {
  if (t.database.kind === 'pglite') {
    await t.database.db.close();
    return;
  }
  const admin = new pg.Client({ connectionString: t.database.urls!.admin.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${t.database.urls!.name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      t.database.urls!.name,
    ]);
  } finally {
    await admin.end();
  }
}

async function startDatabaseAgain(): Promise<void> {
  const admin = new pg.Client({ connectionString: t.database.urls!.admin.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${t.database.urls!.name} ALLOW_CONNECTIONS true`);
  } finally {
    await admin.end();
  }
}

describe('health', () => {
  it('/healthz answers while the process is up', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('/readyz names each check: database, migrations, clock (UTC)', async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ready: boolean; checks: Record<string, Record<string, unknown>> };
    expect(body.ready).toBe(true);
    expect(body.checks.database).toMatchObject({ ok: true, kind: t.database.kind });
    expect(body.checks.migrations).toEqual({ ok: true, pending: [] });
    expect(body.checks.clock).toMatchObject({ ok: true, timezone: 'UTC' });
    expect(String(body.checks.clock?.utc)).toMatch(/Z$/);
  });

  it('/metrics exposes request durations by route template, pool and process figures', async () => {
    await fetch(`${t.url}/s/unknown-org/`);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(
      /mitte_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(text).toContain('route="/s/:serviceCode/",status="404"');
    expect(text).toMatch(/mitte_db_pool_connections\{state="total"\}/);
    expect(text).toContain('mitte_process_resident_memory_bytes');
  });

  it('/readyz reports a stopped database as not ready, naming it', async () => {
    await stopDatabase();
    // The checks are cached for one second: the next answer may still be the last one.
    await expect
      .poll(async () => (await fetch(`${t.url}/readyz`)).status, { timeout: 10_000, interval: 300 })
      .toBe(503);
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await res.json()) as { ready: boolean; checks: Record<string, { ok: boolean }> };
    expect(body.ready).toBe(false);
    expect(body.checks.database?.ok).toBe(false);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    if (t.database.kind === 'postgres') {
      // PostgreSQL comes back: the pool reconnects without a restart.
      await startDatabaseAgain();
      await expect
        .poll(async () => (await fetch(`${t.url}/readyz`)).status, { timeout: 10_000, interval: 300 })
        .toBe(200);
    }
  });
});

describe('metrics token', () => {
  it('requires the bearer token for /metrics and for the details of /readyz when METRICS_TOKEN is set', async () => {
    const guarded = await startTestApp({ env: { METRICS_TOKEN: 's3cret-token-0123456789' } });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      const wrong = { authorization: 'Bearer s3cret-token-0123456788' };
      expect((await fetch(`${guarded.url}/metrics`, { headers: wrong })).status).toBe(401);
      const bearer = { authorization: 'Bearer s3cret-token-0123456789' };
      const ok = await fetch(`${guarded.url}/metrics`, { headers: bearer });
      expect(ok.status).toBe(200);
      // Anyone learns ready or not (load balancers), nothing more.
      for (const headers of [{}, wrong]) {
        const open = await fetch(`${guarded.url}/readyz`, { headers });
        expect(open.status).toBe(200);
        expect(await open.json()).toEqual({ ready: true });
      }
      const detailed = await fetch(`${guarded.url}/readyz`, { headers: bearer });
      const body = (await detailed.json()) as { ready: boolean; checks: Record<string, { ok: boolean }> };
      expect(body.ready).toBe(true);
      expect(Object.keys(body.checks)).toEqual(expect.arrayContaining(['database', 'migrations', 'clock']));
    } finally {
      await guarded.close();
    }
  });
});
