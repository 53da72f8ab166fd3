/**
 * What the benchmarks share: a database with 10,000 published spots in 50 organisations, the
 * load generator (autocannon in the parent process, so it does not compete with the servers'
 * event loop) and the server child process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { OWNER_ROLE, setupDatabaseRoles } from '../../src/db/roles.js';
import { withScope } from '../../src/db/scope.js';
import { provisionOrganisation } from '../../src/modules/organisations/organisation.service.js';
import { runAsSystem } from '../../src/platform/access/system-context.js';
import { DEPLOYED_ENV, deployedNodeArgs } from './deployed.js';

export const ORGS = 50;
export const SPOTS_PER_ORG = 200;
export const kind = process.env.BENCH_DB === 'postgres' ? 'postgres' : 'pglite';
export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

export interface Seeded {
  org: string;
  ids: string[];
}

/** Where a bench database lives, so a server process can open the one the parent seeded. */
export type BenchDatabaseLocation = { pgliteDir: string } | { appUrl: string; ownerUrl: string };

/**
 * A fresh, migrated database: PostgreSQL (a new database under TEST_PG_ADMIN_URL, dropped by
 * cleanup) or PGlite (in memory, or in `pgliteDir` so another process can open it after this
 * one closes it).
 */
export async function openBenchDatabase(pgliteDir = 'memory://'): Promise<{
  db: Database;
  location: BenchDatabaseLocation;
  cleanup: () => Promise<void>;
}> {
  if (kind === 'pglite') {
    const db = await openDatabase({ pgliteDir });
    await migrate(db);
    return {
      db,
      location: { pgliteDir },
      async cleanup() {
        await db.close();
        if (pgliteDir !== 'memory://') fs.rmSync(pgliteDir, { recursive: true, force: true });
      },
    };
  }
  const admin = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `mitte_bench_${randomBytes(4).toString('hex')}`;
  await setupDatabaseRoles(admin, { database: name, backupLoginWithoutPassword: true });
  const url = (user: string) => {
    const u = new URL(admin);
    u.pathname = `/${name}`;
    u.username = user;
    return u.toString();
  };
  const location = { appUrl: url('mitte_app'), ownerUrl: url(OWNER_ROLE) };
  const db = await openBenchLocation(location);
  await migrate(db);
  return {
    db,
    location,
    async cleanup() {
      await db.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Opens a database another process created (see BenchDatabaseLocation). */
export function openBenchLocation(location: BenchDatabaseLocation): Promise<Database> {
  return 'pgliteDir' in location
    ? openDatabase({ pgliteDir: location.pgliteDir })
    : openDatabase({ databaseUrl: location.appUrl, databaseOwnerUrl: location.ownerUrl, poolMax: 20 });
}

/**
 * How often each spot's description repeats its sentence (BENCH_TEXT_REPEAT): 8 gives API details
 * under 1 KB, sent uncompressed; 24 gives ~2 KB, compressed for clients that take it.
 */
const TEXT_REPEAT = Number(process.env.BENCH_TEXT_REPEAT ?? 8);

export async function seedSpots(db: Database): Promise<Seeded[]> {
  const out: Seeded[] = [];
  for (let o = 0; o < ORGS; o += 1) {
    const org = `bench-${String(o).padStart(2, '0')}`;
    await runAsSystem(db, { kind: 'provider' }, 'bench', ['ops:organisations'], (ctx) =>
      provisionOrganisation(ctx, { serviceCode: org, nameJa: `ベンチ町${o}`, nameEn: `Bench ${o}` }),
    );
    const ids = Array.from({ length: SPOTS_PER_ORG }, () => randomUUID());
    await withScope(db, { kind: 'tenant', org }, async (tx) => {
      const rows = ids.map((id, i) => {
        const data = {
          name: { ja: `スポット${i}`, en: `Spot ${i}` },
          category: 'nature',
          description: {
            ja: '静かな山あいの名所です。'.repeat(TEXT_REPEAT),
            en: 'A quiet place in the hills. '.repeat(TEXT_REPEAT),
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

/**
 * Runs `query` inside the same kind of transaction the app opens (role, row-level-security
 * scope), the way a minimal server would, and releases the connection.
 */
export async function scopedQuery<T>(
  db: Database,
  org: string,
  query: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    if (db.kind === 'pglite') await client.query('SET LOCAL ROLE mitte_app');
    await client.query("SELECT set_config('app.org', $1, true)", [org]);
    const result = await query(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export interface LoadResult {
  rps: number;
  p99: number;
  errors: number;
  /** Highest resident set size of the server process seen during the run, in MB. */
  peakRssMb: number | null;
  /** What the errors were, when there were some. */
  detail?: string;
  /** CPU time (user + system) of the server process per request of the measured run, in ms. */
  cpuMsPerRequest?: number;
  /** Bytes an answer took on the wire (headers and body), as the load generator read them. */
  wireBytes?: number;
}

/** CPU seconds (user + system) the processes have used so far (Linux /proc; gone ones count 0). */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks / 100;
}

/**
 * CPU time (user + system) a process has used so far, in ms (Linux), or null where /proc is not
 * there. Per request it is a figure that the other processes on a shared machine barely move.
 */
export function cpuMs(pid: number | undefined): { user: number; system: number } | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // In clock ticks: USER_HZ is 100 on Linux.
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return null;
  }
}

/**
 * CPU time of a PostgreSQL server on this machine, in ms: its postmaster with every child it has
 * reaped, and its children now (the backends of the servers under test). Null when the database
 * is not local PostgreSQL (PGlite runs inside the server process, whose own CPU counts it).
 */
export async function databaseCpuMs(db: Database): Promise<number | null> {
  if (db.kind !== 'postgres') return null;
  try {
    const { rows } = await db.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const statOf = (pid: string | number) => {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    };
    const postmaster = statOf(rows[0]!.pid)[1]!;
    const own = statOf(postmaster);
    // utime, stime, cutime, cstime (clock ticks of 10 ms).
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const fields = statOf(entry);
        if (fields[1] === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // The process ended meanwhile: the postmaster's cutime/cstime count it from now on.
      }
    }
    return ticks * 10;
  } catch {
    return null;
  }
}

/** Resident set size of a process in MB (Linux), or null where /proc is not there. */
function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/** 2 s warm-up, then DURATION seconds at 50 connections, sampling the server's memory. */
export const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING ?? '';

export async function load(base: string, paths: () => string, serverPid?: number): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: base,
      connections: 50,
      duration,
      // BENCH_ACCEPT_ENCODING (e.g. 'gzip, deflate, br'): ask as a browser does, compressed.
      ...(ACCEPT_ENCODING ? { headers: { 'accept-encoding': ACCEPT_ENCODING } } : {}),
      requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }],
    });
  await run(2);
  let peak: number | null = null;
  const sampler = setInterval(() => {
    const now = rssMb(serverPid);
    if (now !== null) peak = Math.max(peak ?? 0, now);
  }, 200);
  let result: autocannon.Result;
  const cpuBefore = serverPid === undefined ? 0 : cpuSeconds([serverPid]);
  try {
    result = await run(DURATION);
  } finally {
    clearInterval(sampler);
  }
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    peakRssMb: peak,
    ...(serverPid === undefined || result.requests.total === 0
      ? {}
      : { cpuMsPerRequest: (1000 * (cpuSeconds([serverPid]) - cpuBefore)) / result.requests.total }),
  };
}

/** Starts `script serve` as the server process and waits for the first line it prints (JSON). */
export async function spawnServer<T>(
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; info: T }> {
  // BENCH_SERVER_NODE_ARGS: flags for the server process only (e.g. --cpu-prof); by default the
  // ones scripts/start and the deploy files give it.
  const nodeArgs =
    process.env.BENCH_SERVER_NODE_ARGS === undefined
      ? deployedNodeArgs()
      : process.env.BENCH_SERVER_NODE_ARGS.split(' ').filter(Boolean);
  // A compiled bench (`npm run build:bench`, dist/bench/*.js) runs its servers without tsx, as
  // production runs dist/: tsx's loader and transform cache add tens of MB to the RSS it reports.
  const loader = script.endsWith('.js') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, script, 'serve', ...args], {
    // glibc's arenas as scripts/start and the deploy files set them (unless the run says otherwise).
    env: { ...DEPLOYED_ENV, ...process.env, ...env },
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
  // The server must not outlive a load generator that fails (one listener per live server).
  const kill = () => child.kill('SIGTERM');
  process.on('exit', kill);
  child.on('exit', () => process.off('exit', kill));
  return { child, info: JSON.parse(first) as T };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
}

/** The config of an in-process bench app: test mode, quiet logs, no scheduler. */
export function quietConfig(dataDir: string, extra: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    SCHEDULER_INTERVAL_MS: '0',
    ...extra,
  });
}

/**
 * Starts the real app as production would run it (TLS at a proxy, logs at warn, no scheduler)
 * on a loopback port, with its public cache of `cacheMb` megabytes (0: off).
 */
export async function startBenchApp(
  db: Database,
  dataDir: string,
  cacheMb: string,
  env: Record<string, string> = {},
): Promise<{ port: number; close: () => Promise<void> }> {
  const config = loadConfig({
    NODE_ENV: 'production',
    TRUST_PROXY: 'true',
    BASE_URL: 'https://bench.example.jp',
    MASTER_KEY_FILE: '/dev/null',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SCHEDULER_INTERVAL_MS: '0',
    CLAMD_URL: 'tcp://127.0.0.1:3310',
    METRICS_TOKEN: 'bench-metrics-token-0123456789',
    PUBLIC_CACHE_MB: cacheMb,
    ...env,
    // BENCH_APP_ENV='{"PUBLISHED_MODEL_CHECK_SECONDS":"600"}': settings for the app under test.
    ...(JSON.parse(process.env.BENCH_APP_ENV ?? '{}') as Record<string, string>),
  });
  const app = await buildApp({ config, db, masterKey: randomBytes(32) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: (app.server.address() as { port: number }).port, close: () => app.close() };
}

export const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;

export function row(name: string, label: string, ours: LoadResult, baseline: LoadResult): string {
  const rss = ours.peakRssMb === null ? '' : ` | server RSS peak ${ours.peakRssMb.toFixed(0)} MB`;
  return `${kind.padEnd(8)} ${name.padEnd(7)} ${label.padEnd(16)} ${ours.rps.toFixed(0).padStart(6)} req/s p99 ${String(ours.p99).padStart(4)} ms errors ${ours.errors} | minimal ${baseline.rps.toFixed(0).padStart(6)} req/s p99 ${String(baseline.p99).padStart(4)} ms | ratio ${(ours.rps / baseline.rps).toFixed(2)}${rss}`;
}

/**
 * A bench's server process: opens the database the parent seeded, serves either the minimal
 * baseline server or the app (with `publicCacheMb` of response cache), prints `{ port }` for
 * `spawnServer`, and runs until SIGTERM, when it closes everything and removes its data directory.
 */
export async function serveBenchServer(
  minimalServer: ((db: Database) => http.Server) | null,
  publicCacheMb: string,
  env: Record<string, string> = {},
): Promise<void> {
  const location = JSON.parse(process.env.BENCH_LOCATION ?? '{}') as BenchDatabaseLocation;
  const db = await openBenchLocation(location);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-'));
  let close: () => Promise<unknown>;
  let port: number;
  if (minimalServer) {
    const minimal = minimalServer(db);
    await new Promise<void>((r) => minimal.listen(0, '127.0.0.1', r));
    port = (minimal.address() as { port: number }).port;
    close = () => new Promise((r) => minimal.close(r));
  } else {
    const app = await startBenchApp(db, dataDir, publicCacheMb, env);
    port = app.port;
    close = app.close;
  }
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.on('SIGTERM', () => {
    void (async () => {
      await close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    })();
  });
}

/** Resident set size and its high-water mark (VmHWM) of a process, in bytes (Linux /proc). */
export function rssOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
}
