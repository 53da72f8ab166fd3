/**
 * Public read API throughput: the list (50 per page) and detail endpoints over 10,000 published
 * spots in 50 organisations, next to a minimal node:http server answering the same two queries
 * from the same database, so the ratio to that baseline is visible.
 *
 *   npx tsx bench/content-read.ts                 # PGlite
 *   BENCH_DB=postgres npx tsx bench/content-read.ts   # PostgreSQL (TEST_PG_ADMIN_URL or local)
 *
 * autocannon, 50 connections, 10 s per run after a 2 s warm-up. Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { OWNER_ROLE, setupDatabaseRoles } from '../src/db/roles.js';
import { withScope } from '../src/db/scope.js';
import { provisionOrganisation } from '../src/modules/organisations/organisation.service.js';
import { runAsSystem } from '../src/platform/access/system-context.js';

const ORGS = 50;
const SPOTS_PER_ORG = 200;
const kind = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'pglite';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

async function open(): Promise<{ db: Database; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openDatabase({ pgliteDir: 'memory://' });
    await migrate(db);
    return { db, cleanup: () => db.close() };
  }
  const admin = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `mitte_bench_${randomBytes(4).toString('hex')}`;
  await setupDatabaseRoles(admin, { database: name });
  const url = (user: string) => {
    const u = new URL(admin);
    u.pathname = `/${name}`;
    u.username = user;
    return u.toString();
  };
  const db = await openDatabase({
    databaseUrl: url('mitte_app'),
    databaseOwnerUrl: url(OWNER_ROLE),
    poolMax: 20,
  });
  await migrate(db);
  return {
    db,
    async cleanup() {
      await db.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function seed(db: Database): Promise<{ org: string; ids: string[] }[]> {
  const out: { org: string; ids: string[] }[] = [];
  for (let o = 0; o < ORGS; o += 1) {
    const org = `bench-${String(o).padStart(2, '0')}`;
    await runAsSystem(db, { kind: 'provider' }, 'bench', (ctx) =>
      provisionOrganisation(ctx, { serviceCode: org, nameJa: `ベンチ町${o}`, nameEn: `Bench ${o}` }),
    );
    const ids = Array.from({ length: SPOTS_PER_ORG }, () => randomUUID());
    await withScope(db, { kind: 'tenant', org }, async (tx) => {
      const rows = ids.map((id, i) => {
        const data = {
          name: { ja: `スポット${i}`, en: `Spot ${i}` },
          category: 'nature',
          description: {
            ja: '静かな山あいの名所です。'.repeat(8),
            en: 'A quiet place in the hills. '.repeat(8),
          },
          address: { ja: `ベンチ町${i}番地` },
          lat: 35 + i / 1000,
          lng: 135 + i / 1000,
          openingHours: [{ days: ['mon', 'tue', 'wed'], opens: '09:00', closes: '17:00' }],
        };
        return {
          org,
          id,
          kind: 'spot' as const,
          status: 'published' as const,
          data: JSON.stringify(data),
          published_data: JSON.stringify(data),
          published_at: new Date(Date.now() - i * 1000),
          publish_at: null,
          unpublish_at: null,
          category: 'nature',
          lat: data.lat,
          lng: data.lng,
          starts_at: null,
          ends_at: null,
          external_id: null,
          created_by: null,
          updated_by: null,
          search_text: `スポット${i}`,
          public_search_text: `スポット${i}`,
        };
      });
      await tx.insertInto('tenant.content_items').values(rows).execute();
    });
    out.push({ org, ids });
  }
  return out;
}

/** The baseline: node:http answering the same two queries from the same pool, nothing else. */
function minimalServer(db: Database): http.Server {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = /^\/(?<org>[a-z0-9-]+)\/spots(?:\/(?<id>[0-9a-f-]{36}))?$/.exec(url.pathname);
    if (!match?.groups) {
      res.writeHead(404).end();
      return;
    }
    const { org, id } = match.groups;
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      if (db.kind === 'pglite') await client.query('SET LOCAL ROLE mitte_app');
      await client.query("SELECT set_config('app.org', $1, true)", [org]);
      const result = id
        ? await client.query(
            "SELECT id, published_data FROM tenant.content_items WHERE org = $1 AND kind = 'spot' AND id = $2 AND published_data IS NOT NULL",
            [org, id],
          )
        : await client.query(
            "SELECT id, published_data FROM tenant.content_items WHERE org = $1 AND kind = 'spot' AND published_data IS NOT NULL ORDER BY published_at DESC, id DESC LIMIT 50",
            [org],
          );
      await client.query('COMMIT');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(id ? result.rows[0] : { items: result.rows }));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      res.writeHead(500).end(String(error));
    } finally {
      client.release();
    }
  });
}

async function load(
  base: string,
  paths: () => string,
): Promise<{ rps: number; p99: number; errors: number }> {
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: 50,
      duration,
      requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }],
    });
  await run(2);
  const result = await run(DURATION);
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Child process: seeds, serves both servers, prints their ports and the seeded ids, runs until killed. */
async function serve() {
  const { db, cleanup } = await open();
  const data = await seed(db);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    TRUST_PROXY: 'true',
    BASE_URL: 'https://bench.example.jp',
    MASTER_KEY_FILE: '/dev/null',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SCHEDULER_INTERVAL_MS: '0',
    CLAMD_URL: 'tcp://127.0.0.1:3310',
  });
  const app = await buildApp({ config, db, masterKey: randomBytes(32) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const minimal = minimalServer(db);
  await new Promise<void>((r) => minimal.listen(0, '127.0.0.1', r));
  const ports = {
    app: (app.server.address() as { port: number }).port,
    minimal: (minimal.address() as { port: number }).port,
  };
  process.stdout.write(`${JSON.stringify({ ports, data })}\n`);
  const stop = async () => {
    await app.close();
    await new Promise((r) => minimal.close(r));
    await cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

/** Parent process: the load generator, kept off the servers' event loop so it does not compete with them. */
async function main() {
  process.stdout.write(`seeding ${ORGS * SPOTS_PER_ORG} spots in ${ORGS} organisations on ${kind}…\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve'], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline >= 0) resolve(buffer.slice(0, newline));
    });
    child.on('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
  const { ports, data } = JSON.parse(first) as {
    ports: { app: number; minimal: number };
    data: { org: string; ids: string[] }[];
  };
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const rows: string[] = [];
  for (const [name, appPath, minimalPath] of [
    ['list', () => `/api/v1/public/${pick(data).org}/spots?limit=50`, () => `/${pick(data).org}/spots`],
    [
      'detail',
      () => {
        const o = pick(data);
        return `/api/v1/public/${o.org}/spots/${pick(o.ids)}`;
      },
      () => {
        const o = pick(data);
        return `/${o.org}/spots/${pick(o.ids)}`;
      },
    ],
  ] as const) {
    const baseline = await load(`http://127.0.0.1:${ports.minimal}`, minimalPath);
    const ours = await load(`http://127.0.0.1:${ports.app}`, appPath);
    rows.push(
      `${kind.padEnd(8)} ${name.padEnd(7)} mitte-C ${ours.rps.toFixed(0).padStart(6)} req/s p99 ${String(ours.p99).padStart(4)} ms errors ${ours.errors} | minimal ${baseline.rps.toFixed(0).padStart(6)} req/s p99 ${String(baseline.p99).padStart(4)} ms | ratio ${(ours.rps / baseline.rps).toFixed(2)}`,
    );
  }
  process.stdout.write(`${rows.join('\n')}\n`);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
}

(process.argv[2] === 'serve' ? serve() : main()).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
