/**
 * The 1,000-organisation scale test (issue 17, item 4), PostgreSQL only. Two databases in one
 * run: the small case (50 organisations × 200 published spots = 10,000) and the large one
 * (BENCH_SCALE_ORGS × BENCH_SCALE_SPOTS, default 1,000 × 1,000 = 1M, plus a media library of
 * BENCH_SCALE_MEDIA rows per organisation). On each, the built server (caches off:
 * PUBLIC_CACHE_MB=0, PUBLISHED_CACHE_MB=0, PUBLISHED_MODEL_MB=BENCH_SCALE_MODEL_MB (0); with the
 * model on, PUBLISHED_CACHE_MB as deployed, since the model answers before the route only with the
 * organisation's site at hand in that cache; access log off) answers:
 *   - the public API list of 50 for a random organisation (BENCH_SECONDS, 50 connections);
 *   - the public API detail, a cold walk over BENCH_WALK random ids, each once, after the process
 *     answered BENCH_WARM_IDS (3,000) other ids, detail and page, unmeasured (with the tier on,
 *     once before it is built and once after, so both cases' walks run code V8 has optimised);
 *   - the site's spot page, a cold walk over as many other random ids (rendered per request:
 *     SITE_PAGES_AHEAD_AFTER=0, unless BENCH_SCALE_PAGES_AHEAD=1); both walks as long on both
 *     cases (at most BENCH_WALK, at most half the small case's ids left after the warm-up);
 *   - the console list and the console search of one organisation, signed in.
 * Prints req/s and p99 side by side with the large/small p99 ratio (target ≤ 1.5), the server
 * main thread's CPU a request over each walk and its ratio (steadier than a p99), the tier's
 * file reads a page in the page walk, the query
 * plans (EXPLAIN ANALYZE, BUFFERS) of the four statements on the large database, and the number
 * of /metrics series on each (it must not grow with the organisations).
 *
 *   npm run build:server && TEST_PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/scale.ts
 *   BENCH_SCALE_ORGS=200 BENCH_SCALE_SPOTS=500 …                 (a smaller large case)
 *   BENCH_SCALE_MODEL_MB=128 …   with the published model and the published tier as deployed (prints
 *                                the server's peak RSS and how long the tier took to build after the warm-up)
 *   BENCH_SCALE_MODEL_MB=0,128 …  both, on the same two seeded databases (one seeding)
 *   BENCH_SCALE_PAGES_AHEAD=1 …  the spot pages rendered ahead as deployed (SITE_PAGES_AHEAD_AFTER
 *                                as configured): the small case's on its held models once asked for,
 *                                the large case's into its tier files as they are built (the tier's
 *                                budget 8 GB unless BENCH_SCALE_TIER_MB says); waits for both to settle
 *   BENCH_SCALE_DEBUG=1 …        also prints each server's model and early-answer metrics, and for each walk
 *                                where its answers came from (early answers, model, tier, published cache)
 *   BENCH_SCALE_TIER_DIR=dir     the servers' published tier there (default: in /dev/shm, on memory, as
 *                                docs/deployment.md has a node serving many organisations keep it)
 *   BENCH_SCALE_SERVER_OUTPUT=dir  each server's output to a file there (with --trace-gc: its pauses)
 *   BENCH_SCALE_REPEAT=3 …       three pairs of fresh servers, each pair's table, then the median
 *                                large/small p99 ratio (a 0.4 s walk's p99 moves with one GC pause)
 *                                and the p99 of each case's answers pooled over the pairs; the
 *                                pairs alternate which case runs first
 *   BENCH_SCALE_MODEL_MB=8192 BENCH_SCALE_TIER_MB=0 BENCH_SERVER_NODE_ARGS=--max-old-space-size=12288 …
 *     BENCH_APP_ENV='{"PUBLISHED_MODEL_LOAD_AFTER":"1"}'
 *                                a node sized to hold every organisation in memory: with the tier
 *                                off, each organisation is read until the model holds it (or its
 *                                budget is full), and the walks start once it holds them all
 *   BENCH_SCALE_KEEP=1 …         keeps both seeded databases (a file in the temporary directory
 *                                says where); BENCH_SCALE_REUSE=1 runs on them instead of seeding
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { READER_ROLE } from '../src/db/roles.js';
import type { DB } from '../src/db/schema.js';
import { listItemRows } from '../src/modules/content/content.repo.js';
import { findPublishedItem, listPublishedItems } from '../src/modules/content/public/published.repo.js';
import type { TestApp } from '../test/helpers/app.js';
import { Client, cookieHeader, seedUser } from '../test/helpers/client.js';
import { startServer } from '../test/helpers/server-process.js';
import { DEPLOYED_ENV, deployedNodeArgs } from './lib/deployed.js';
import { type LargeSeed, sampleIds, seedLarge } from './lib/large-seed.js';
import { type Figure, measure } from './lib/measure.js';
import { kind, openBenchDatabase, openBenchLocation } from './lib/setup.js';
import { medianOfEach, percentile } from './lib/stats.js';

/** BENCH_SCALE_PAGES_AHEAD=1: spot pages rendered ahead as deployed, on both cases. */
const PAGES_AHEAD = process.env.BENCH_SCALE_PAGES_AHEAD === '1';

/** The small case: the 10,000 items of the other benches. */
const SMALL_ORGS = 50;
const SMALL_SPOTS = 200;
const ORGS = Number(process.env.BENCH_SCALE_ORGS ?? 1000);
const SPOTS = Number(process.env.BENCH_SCALE_SPOTS ?? 1000);
const MEDIA = Number(process.env.BENCH_SCALE_MEDIA ?? 20);
const WALK = Number(process.env.BENCH_WALK ?? 10_000);
/** Ids each server answers (detail and page) before it is measured, none of them walked after. */
const WARM = Number(process.env.BENCH_WARM_IDS ?? 3000);
/** Pairs of servers (small, large) run one after the other; with more than one, the median ratio too. */
const REPEAT = Number(process.env.BENCH_SCALE_REPEAT ?? 1);
const MODEL_MBS = (process.env.BENCH_SCALE_MODEL_MB ?? '0').split(',').map((mb) => mb.trim());
const admin = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function superuserUrl(appUrl: string): string {
  const u = new URL(admin);
  u.pathname = new URL(appUrl).pathname;
  return u.toString();
}

interface Case {
  name: string;
  seed: LargeSeed;
  db: Database;
  appUrl: string;
  ownerUrl: string;
  cleanup: () => Promise<void>;
  account: { email: string; password: string };
}

/** What BENCH_SCALE_KEEP leaves for BENCH_SCALE_REUSE: a seeded database and how to use it. */
interface Kept {
  appUrl: string;
  ownerUrl: string;
  orgs: string[];
  ids: [string, string[]][];
  account: { email: string; password: string };
}

const keptFile = (name: string, orgs: number, spots: number) =>
  path.join(os.tmpdir(), `mitte-scale-${name}-${orgs}x${spots}x${MEDIA}.json`);

/**
 * BENCH_SCALE_REUSE=1: the database a run with BENCH_SCALE_KEEP=1 left (the 1M seeding takes a
 * quarter of an hour), when it is still there; the servers start on it as on a fresh one.
 */
async function reuse(name: string, orgs: number, spots: number): Promise<Case | undefined> {
  const file = keptFile(name, orgs, spots);
  if (!process.env.BENCH_SCALE_REUSE || !fs.existsSync(file)) return undefined;
  const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as Kept;
  const db = await openBenchLocation({ appUrl: kept.appUrl, ownerUrl: kept.ownerUrl }).catch(() => undefined);
  if (!db) return undefined;
  // Migrations added since it was seeded.
  await migrate(db);
  process.stdout.write(`reusing ${name}: ${file}\n`);
  return {
    name,
    seed: { orgs: kept.orgs, ids: new Map(kept.ids), seconds: 0 },
    db,
    appUrl: kept.appUrl,
    ownerUrl: kept.ownerUrl,
    cleanup: () => db.close(),
    account: kept.account,
  };
}

async function prepare(name: string, orgs: number, spots: number): Promise<Case> {
  const reused = await reuse(name, orgs, spots);
  if (reused) return reused;
  const opened = await openBenchDatabase();
  if (!('appUrl' in opened.location)) throw new Error('PostgreSQL only');
  const { appUrl, ownerUrl } = opened.location;
  process.stdout.write(`seeding ${name}: ${orgs} organisations × ${spots} spots, ${MEDIA} media each…\n`);
  const seed = await seedLarge(opened.db, superuserUrl(appUrl), {
    prefix: name,
    orgs,
    spotsPerOrg: spots,
    mediaPerOrg: MEDIA,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const account = await seedUser(
    { database: { db: opened.db }, masterKey: randomBytes(32) } as unknown as TestApp,
    seed.orgs[0]!,
    { totp: false, rights: { spots: 'edit' } },
  );
  process.stdout.write(`  seeded in ${seed.seconds.toFixed(0)} s\n`);
  if (process.env.BENCH_SCALE_KEEP) {
    const kept: Kept = { appUrl, ownerUrl, orgs: seed.orgs, ids: [...seed.ids], account };
    fs.writeFileSync(keptFile(name, orgs, spots), JSON.stringify(kept));
    process.stdout.write(
      `  kept for BENCH_SCALE_REUSE=1 (drop the database ${new URL(appUrl).pathname.slice(1)} when done)\n`,
    );
    return { name, seed, db: opened.db, appUrl, ownerUrl, cleanup: () => opened.db.close(), account };
  }
  return { name, seed, db: opened.db, appUrl, ownerUrl, cleanup: opened.cleanup, account };
}

/** A Kysely whose statements are not run but explained (ANALYZE, BUFFERS) as `role` for `org`. */
function explaining(url: string, org: string, role: string | null, plans: string[]): Kysely<DB> {
  const pool = {
    async connect() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      if (role) await client.query(`SET ROLE ${role}`);
      await client.query("SELECT set_config('app.org', $1, false)", [org]);
      return {
        async query(text: string, params: unknown[]) {
          const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
          plans.push(rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
          return { rows: [], command: 'SELECT', rowCount: 0 };
        },
        release: () => void client.end(),
      };
    },
    end: async () => {},
  };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as never }) });
}

async function explainAll(c: Case): Promise<void> {
  const org = c.seed.orgs[Math.floor(c.seed.orgs.length / 2)]!;
  const id = c.seed.ids.get(org)![0]!;
  const show = async (title: string, role: string | null, run: (k: Kysely<DB>) => Promise<unknown>) => {
    const plans: string[] = [];
    const k = explaining(c.appUrl, org, role, plans);
    await run(k).catch(() => {});
    await k.destroy();
    process.stdout.write(
      `\n-- ${title} (${c.name}, organisation ${org})\n${plans.join('\n') || '(no plan)'}\n`,
    );
  };
  await show('public API detail', READER_ROLE, (k) =>
    findPublishedItem(k, org, 'spot', id, { nearby: false }),
  );
  await show('public API list of 50', READER_ROLE, (k) => listPublishedItems(k, org, 'spot', { limit: 50 }));
  await show('console list', null, (k) =>
    listItemRows(k as never, org, 'spot', { searchPatterns: [], limit: 50 }),
  );
  await show('console search "スポット12"', null, (k) =>
    listItemRows(k as never, org, 'spot', { searchPatterns: ['%スポット12%'], limit: 50 }),
  );
}

async function metricsSeries(base: string): Promise<{ series: number; maxPerName: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
  const perName = new Map<string, number>();
  for (const line of lines) {
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '';
    perName.set(name, (perName.get(name) ?? 0) + 1);
  }
  return { series: lines.length, maxPerName: Math.max(...perName.values()) };
}

async function run(
  c: Case,
  modelMb: string,
  walkSize: number,
  /** Each public run's latencies (ms) are added to the list under its name: the pairs pooled. */
  pool: Map<string, number[]>,
): Promise<{
  figures: Record<string, Figure>;
  metrics: { series: number; maxPerName: number };
  peakRssMb: number;
  /** The server's main thread's CPU a request (µs) over each walk. */
  walkCpuUs: Record<string, number>;
}> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-scale-'));
  const tierDir = scaleTierDir();
  const server = await startServer(
    {
      DATABASE_URL: c.appUrl,
      DATABASE_OWNER_URL: c.ownerUrl,
      DATA_DIR: dataDir,
      DEMO: 'false',
      SCHEDULER_INTERVAL_MS: '0',
      PUBLIC_CACHE_MB: '0',
      ...(modelMb === '0' ? { PUBLISHED_CACHE_MB: '0' } : {}),
      // The published model off by default too (BENCH_SCALE_MODEL_MB): the small case's 50
      // organisations would be held in memory after their first reads, the large one's thousand not.
      PUBLISHED_MODEL_MB: modelMb,
      // The published tier with the model: off with it (a true cold walk to the database), else
      // as deployed unless BENCH_SCALE_TIER_MB says.
      // With the pages in them (~5.6 KB an item), the 1M case's files take ~5.6 GB.
      ...(modelMb === '0'
        ? { PUBLISHED_TIER_MB: '0' }
        : process.env.BENCH_SCALE_TIER_MB
          ? { PUBLISHED_TIER_MB: process.env.BENCH_SCALE_TIER_MB }
          : PAGES_AHEAD
            ? { PUBLISHED_TIER_MB: '8192' }
            : {}),
      // Every spot page rendered per request on both cases unless BENCH_SCALE_PAGES_AHEAD=1.
      ...(PAGES_AHEAD ? {} : { SITE_PAGES_AHEAD_AFTER: '0' }),
      ...(tierDir ? { PUBLISHED_TIER_DIR: tierDir } : {}),
      ACCESS_LOG_SAMPLE_PERCENT: '0',
      // As scripts/start and the deploy files run it, so the RSS is the deployed one.
      ...DEPLOYED_ENV,
      // BENCH_APP_ENV (JSON): settings for both cases' servers (a before-and-after run).
      ...(JSON.parse(process.env.BENCH_APP_ENV ?? '{}') as Record<string, string>),
    },
    // BENCH_SERVER_NODE_ARGS: flags added to the deployed ones (a CPU profile, a GC trace).
    {
      nodeArgs: [
        ...deployedNodeArgs(),
        ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ],
    },
  );
  // Field 22 of /proc/<pid>/stat: the start in clock ticks (100 a second) since boot.
  const startUs =
    Number(fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]) * 10_000;
  process.stdout.write(
    `${c.name}: published tier in ${tierDir ?? `${dataDir}/published-tier`} (${tierDir && fs.statfsSync(tierDir).type === TMPFS_MAGIC ? 'tmpfs, memory' : 'disk'})\n`,
  );
  const stopNow = () => {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {}
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (tierDir && !process.env.BENCH_SCALE_TIER_DIR) fs.rmSync(tierDir, { recursive: true, force: true });
    process.exit(130);
  };
  // A bench stopped by a signal stops its server too (it ran on at 100 % CPU, its tier in /dev/shm).
  process.once('SIGINT', stopNow).once('SIGTERM', stopNow);
  let peakRssMb = 0;
  const sampler = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1]);
      if (Number.isFinite(kb)) peakRssMb = Math.max(peakRssMb, kb / 1024);
    } catch {}
  }, 200);
  try {
    const base = server.url;
    const client = new Client(base);
    const org = c.seed.orgs[0]!;
    const login = await client.post('/api/v1/auth/login', {
      serviceCode: org,
      email: c.account.email,
      password: c.account.password,
    });
    if (login.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(login.body)}`);
    const cookie = cookieHeader(client);
    const shuffled = sampleIds(c.seed, WARM + 2 * walkSize);
    const lists = Array.from({ length: 1000 }, () => {
      const o = c.seed.orgs[Math.floor(Math.random() * c.seed.orgs.length)]!;
      return `/api/v1/public/${o}/spots?limit=50`;
    });
    // Warm-up ids first, then each walk its own ids: an item the detail walk read is not in the
    // page walk (with the model on, the published cache may hold it).
    const warmIds = shuffled.slice(0, WARM);
    const walkIds = shuffled.slice(WARM, WARM + walkSize);
    const pageIds = shuffled.slice(WARM + walkSize);
    // The process first answers WARM other ids (API detail and page, unmeasured), as a node that
    // has had traffic: V8 has compiled the request path, and with the model on, organisations read
    // often enough are held (each small-case organisation, none of the large case's thousand).
    const warmUp = async () => {
      if (WARM === 0) return;
      await measure(
        base,
        warmIds.map((x) => `/api/v1/public/${x.org}/spots/${x.id}`),
        { connections: 50, amount: WARM },
      );
      await measure(
        base,
        warmIds.map((x) => `/s/${x.org}/ja/spots/${x.id}`),
        { connections: 50, amount: WARM },
      );
    };
    await warmUp();
    if (modelMb !== '0') {
      if (process.env.BENCH_SCALE_TIER_MB !== '0') await tierSettled(base, c.seed.orgs);
      else await modelSettled(base, c.name, c.seed.orgs);
      // And again once the tier (or the model) holds the organisations: the large case's walks
      // read its files, a path the first warm-up (answered from the database while the tier was
      // being built) never ran, where the small case's walks run the model's path its warm-up
      // ran. Without this the large walk's first few hundred requests ran on code V8 had not yet
      // optimised.
      await warmUp();
    }
    if (PAGES_AHEAD) await pagesSettled(base, c.name);
    const walk = walkIds.map((x) => `/api/v1/public/${x.org}/spots/${x.id}`);
    const pages = pageIds.map((x) => `/s/${x.org}/ja/spots/${x.id}`);
    const pooled = (name: string) => {
      if (!pool.has(name)) pool.set(name, []);
      return pool.get(name)!;
    };
    const listFigure = await measure(base, lists, {
      connections: 50,
      latencies: pooled('public list of 50'),
    });
    const walkCpuUs: Record<string, number> = {};
    // A cold walk: its figure, its latencies pooled, the main thread's CPU a request over it and
    // (BENCH_SCALE_DEBUG) where its answers came from.
    const coldWalk = async (name: string, label: string, paths: string[]) => {
      const sources = await answerSources(base);
      const cpuBefore = mainThreadUs(server.pid);
      const figure = await measure(base, paths, {
        connections: 50,
        amount: paths.length,
        latencies: pooled(name),
      });
      walkCpuUs[name] = (mainThreadUs(server.pid) - cpuBefore) / paths.length;
      await sources(`${c.name}: ${label}`);
      return figure;
    };
    const detailFigure = await coldWalk('public detail, cold walk', 'detail walk', walk);
    const readsBefore = await metric(base, 'mitte_published_tier_file_reads_total');
    const pageFigure = await coldWalk('spot page, cold walk', 'page walk', pages);
    // A page read its item and each nearest spot with a read of its own before tier.readWith.
    process.stdout.write(
      `${c.name}: published tier file reads a page in the page walk: ${(((await metric(base, 'mitte_published_tier_file_reads_total')) - readsBefore) / pages.length).toFixed(2)}\n`,
    );
    const figures: Record<string, Figure> = {
      'public list of 50': listFigure,
      'public detail, cold walk': detailFigure,
      'spot page, cold walk': pageFigure,
      'console list (1 org)': await measure(base, ['/api/v1/spots?limit=50'], { connections: 50, cookie }),
      'console search (1 org)': await measure(
        base,
        Array.from(
          { length: 100 },
          (_, i) => `/api/v1/spots?limit=50&q=${encodeURIComponent(`スポット${i}`)}`,
        ),
        { connections: 50, cookie },
      ),
    };
    if (process.env.BENCH_SCALE_DEBUG) {
      const text = await (await fetch(`${base}/metrics`)).text();
      process.stdout.write(
        text
          .split('\n')
          .filter((l) =>
            /^mitte_(published|public_early|public_cache_bytes|nodejs_heap_size|nodejs_external|process_resident|nodejs_eventloop_lag_(max|p99|mean)|nodejs_gc_duration_seconds_(sum|count))/.test(
              l,
            ),
          )
          .join('\n') + '\n',
      );
    }
    return { figures, metrics: await metricsSeries(base), peakRssMb, walkCpuUs };
  } finally {
    process.off('SIGINT', stopNow).off('SIGTERM', stopNow);
    clearInterval(sampler);
    await server.stop();
    keepServerOutput(server, startUs, `${c.name}-${modelMb}-${startUs}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (tierDir && !process.env.BENCH_SCALE_TIER_DIR) fs.rmSync(tierDir, { recursive: true, force: true });
  }
}

/** The filesystem type statfs gives a tmpfs. */
const TMPFS_MAGIC = 0x01021994;

/**
 * Where the servers keep their published tier: BENCH_SCALE_TIER_DIR when set (a disk directory, to
 * compare); otherwise on memory (a directory in /dev/shm when it is a tmpfs), as docs/deployment.md
 * has a node serving many organisations keep it; else the data directory's (undefined).
 */
function scaleTierDir(): string | undefined {
  if (process.env.BENCH_SCALE_TIER_DIR) return process.env.BENCH_SCALE_TIER_DIR;
  try {
    if (fs.statfsSync('/dev/shm').type === TMPFS_MAGIC) return fs.mkdtempSync('/dev/shm/mitte-scale-tier-');
  } catch {}
  return undefined;
}

/**
 * BENCH_SCALE_SERVER_OUTPUT=dir: the server's output (with BENCH_SERVER_NODE_ARGS=--trace-gc, its
 * collections) to dir/<case>.log, headed by the process's start on the monotonic clock in µs (from
 * /proc, 10 ms steps), the clock of the printed windows: a trace line's "N ms" is N ms after it.
 */
function keepServerOutput(server: { output: () => string }, startUs: number, name: string): void {
  const dir = process.env.BENCH_SCALE_SERVER_OUTPUT;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.log`), `started ${startUs} µs\n${server.output()}`);
}

/**
 * BENCH_SCALE_DEBUG=1: where a walk's answers came from — the changes of the early-answer, model,
 * tier and published-cache counters over it, each series by its labels — so a walk with a high
 * p99 shows whether it left the memory and tier paths (a miss goes to the database).
 */
async function answerSources(base: string): Promise<(label: string) => Promise<void>> {
  if (!process.env.BENCH_SCALE_DEBUG) return async () => {};
  const pattern =
    /^(mitte_(?:public_early_answers|published_(?:model|tier|cache)_requests|published_tier_builds)_total(?:\{[^}]*\})?) (\S+)$/gm;
  const read = async () => {
    const values = new Map<string, number>();
    const text = await (await fetch(`${base}/metrics`)).text();
    for (const m of text.matchAll(pattern)) values.set(m[1]!, Number(m[2]));
    return values;
  };
  const before = await read();
  return async (label) => {
    const changed = [...(await read())]
      .map(([series, value]) => [series.replace(/^mitte_/, ''), value - (before.get(series) ?? 0)] as const)
      .filter(([, delta]) => delta !== 0);
    process.stdout.write(`${label}: ${changed.map(([series, delta]) => `${series} +${delta}`).join(', ')}\n`);
  };
}

/**
 * The CPU time (µs) the process's main thread has used (/proc/<pid>/schedstat, in ns): what a
 * request costs the thread that answers it, which a loaded machine and a queue change far less
 * than a p99 (the 100 Hz ticks of /proc/<pid>/stat are too coarse for a walk of 0.2 s).
 */
function mainThreadUs(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1000;
  } catch {
    return Number.NaN;
  }
}

/** A metric's value from /metrics (0 when absent). */
async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  // A labelled metric: the sum of its series (name without labels).
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

/**
 * Waits until the node's published tier has built what the warm-up asked for (no build for 5 s),
 * as a node that has had traffic for a while, and prints how long that took. Every organisation
 * is first read twice more (a first list page each: PUBLISHED_TIER_BUILD_AFTER within its minute),
 * so none of the walks' organisations is still to be built while they are measured.
 */
async function tierSettled(base: string, orgs: readonly string[]): Promise<void> {
  const started = Date.now();
  const held = async () =>
    (await metric(base, 'mitte_published_tier_organisations')) +
    (await metric(base, 'mitte_published_model_organisations'));
  let last = 0;
  // Until the tier (or the model) holds every organisation: builds with their pages rendered take
  // ~0.8 s an organisation of 1,000 spots (805–940 s for the 1M case); once the builds stopped
  // for the 5 s `settled` waits for with 470 of 1,000 held (cause not found), and the walks read
  // the database for the rest. So every organisation is read again (its first page) until all
  // are held, for 30 minutes at most.
  do {
    for (let round = 0; round < 2; round += 1)
      for (const org of orgs) await fetch(`${base}/api/v1/public/${org}/spots?limit=1`);
    last = await settled(base, 'mitte_published_tier_builds_total', 1_800_000);
  } while ((await held()) < orgs.length && Date.now() - started < 1_800_000);
  const tierHeld = await metric(base, 'mitte_published_tier_organisations');
  if (last > 0)
    process.stdout.write(
      `published tier: ${tierHeld} organisations held (${last} built), ${((await metric(base, 'mitte_published_tier_bytes')) / 1024 / 1024).toFixed(0)} MB in its files, settled ${((Date.now() - started) / 1000).toFixed(0)} s after the warm-up\n`,
    );
}

/**
 * With the model on and the tier off: every organisation the model does not hold yet is read again
 * (a first list page) until it holds them all, or its number has not grown for 30 s (the budget is
 * full), as a node sized to hold them after a while of traffic. The model loads four at a time at
 * most and one after PUBLISHED_MODEL_LOAD_AFTER reads within 10 s, so such a run sets that to 1
 * (BENCH_APP_ENV='{"PUBLISHED_MODEL_LOAD_AFTER":"1"}').
 */
async function modelSettled(base: string, name: string, orgs: readonly string[]): Promise<void> {
  const started = Date.now();
  let held = await metric(base, 'mitte_published_model_organisations');
  let grewAt = Date.now();
  while (held < orgs.length && Date.now() - grewAt < 30_000) {
    for (let at = 0; at < orgs.length; at += 50)
      await Promise.all(
        orgs
          .slice(at, at + 50)
          .map((org) => fetch(`${base}/api/v1/public/${org}/spots?limit=1`).then((r) => r.arrayBuffer())),
      );
    await new Promise((r) => setTimeout(r, 200));
    const now = await metric(base, 'mitte_published_model_organisations');
    if (now > held) grewAt = Date.now();
    held = now;
  }
  process.stdout.write(
    `${name}: the model holds ${held} of ${orgs.length} organisations (${((await metric(base, 'mitte_published_model_bytes')) / 1024 / 1024).toFixed(0)} MB), settled ${((Date.now() - started) / 1000).toFixed(0)} s after the warm-up\n`,
  );
}

/** Waits until the node's counter has not moved for 5 s (at most `atMostMs`), and gives its value. */
async function settled(base: string, name: string, atMostMs: number): Promise<number> {
  const started = Date.now();
  let last = await metric(base, name);
  let since = Date.now();
  while (Date.now() - since < 5000 && Date.now() - started < atMostMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await metric(base, name);
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
  return last;
}

/**
 * Waits until the node renders no more pages ahead (their count still for 5 s), and prints how
 * many it kept: the small case renders its organisations' once the warm-up asked for them.
 */
async function pagesSettled(base: string, name: string): Promise<void> {
  const started = Date.now();
  const last = await settled(base, 'mitte_site_pages_prepared_total', 600_000);
  process.stdout.write(
    `${name}: ${last} pages rendered ahead, settled ${((Date.now() - started) / 1000).toFixed(0)} s after the warm-up\n`,
  );
}

async function main(): Promise<void> {
  if (kind !== 'postgres') {
    process.stdout.write(
      'bench/scale.ts runs on PostgreSQL only: set BENCH_DB=postgres and TEST_PG_ADMIN_URL\n',
    );
    return;
  }
  process.stdout.write(
    `load before: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  // Both walks as long on both cases: at most half the small case's ids left after the warm-up.
  const smallItems = SMALL_ORGS * SMALL_SPOTS;
  const walkSize = Math.min(WALK, Math.floor((smallItems - WARM) / 2));
  // A large case with fewer ids than the warm-up and both walks would walk fewer (the page walk
  // none, its figures NaN): said before seeding, not after.
  if (ORGS * SPOTS < WARM + 2 * walkSize)
    throw new Error(
      `the large case's ${ORGS * SPOTS} spots are fewer than the warm-up's ${WARM} and two walks of ${walkSize}: raise BENCH_SCALE_ORGS or BENCH_SCALE_SPOTS (or lower BENCH_WARM_IDS or BENCH_WALK)`,
    );
  const small = await prepare('small', SMALL_ORGS, SMALL_SPOTS);
  const large = await prepare('large', ORGS, SPOTS);
  try {
    for (const modelMb of MODEL_MBS) {
      const ratios = new Map<string, number[]>();
      const cpuRatios = new Map<string, number[]>();
      const pools = { small: new Map<string, number[]>(), large: new Map<string, number[]>() };
      for (let round = 1; round <= REPEAT; round += 1) {
        // The pairs alternate which case runs first: the second server of a pair meets the
        // machine as the first left it (PostgreSQL's background work, the page cache), and with
        // the same order every time that would count against one case only.
        const smallFirst = round % 2 === 1;
        const cases = { small, large };
        const done: Partial<Record<keyof typeof cases, Awaited<ReturnType<typeof run>>>> = {};
        for (const name of smallFirst ? (['small', 'large'] as const) : (['large', 'small'] as const))
          done[name] = await run(cases[name], modelMb, walkSize, pools[name]);
        const [a, b] = [done.small!, done.large!];
        process.stdout.write(
          `\nPUBLISHED_MODEL_MB=${modelMb}${REPEAT > 1 ? ` (pair ${round} of ${REPEAT}, ${smallFirst ? 'small' : 'large'} first)` : ''}\n${'run'.padEnd(26)} | small ${smallItems} req/s, p99 | large ${ORGS * SPOTS} req/s, p99 | p99 large/small\n`,
        );
        for (const [key, x] of Object.entries(a.figures)) {
          const y = b.figures[key]!;
          const ratio = y.p99 / Math.max(1, x.p99);
          ratios.set(key, [...(ratios.get(key) ?? []), ratio]);
          process.stdout.write(
            `${key.padEnd(26)} | ${x.rps.toFixed(0).padStart(6)}, ${String(x.p99).padStart(4)} ms (err ${x.errors}) | ${y.rps
              .toFixed(0)
              .padStart(6)}, ${String(y.p99).padStart(4)} ms (err ${y.errors}) | ${ratio.toFixed(2)}\n`,
          );
        }
        for (const [key, x] of Object.entries(a.walkCpuUs)) {
          const y = b.walkCpuUs[key]!;
          cpuRatios.set(key, [...(cpuRatios.get(key) ?? []), y / x]);
          process.stdout.write(
            `${key.padEnd(26)} | server main thread a request: small ${x.toFixed(0)} µs, large ${y.toFixed(0)} µs | ${(y / x).toFixed(2)}\n`,
          );
        }
        process.stdout.write(
          `server RSS peak: small ${a.peakRssMb.toFixed(0)} MB, large ${b.peakRssMb.toFixed(0)} MB (PUBLISHED_MODEL_MB=${modelMb})\n`,
        );
        process.stdout.write(
          `/metrics series: small ${a.metrics.series} (largest family ${a.metrics.maxPerName}), large ${b.metrics.series} (largest family ${b.metrics.maxPerName})\n`,
        );
      }
      if (REPEAT > 1) {
        process.stdout.write(`\nmedian p99 large/small over ${REPEAT} pairs (each pair's in brackets)\n`);
        for (const [key, list] of [
          ...ratios,
          ...[...cpuRatios].map(([key, list]) => [`${key}, CPU`, list] as const),
        ])
          process.stdout.write(`${key.padEnd(26)} | ${medianOfEach(list, 2)}\n`);
        // A walk's p99 is its 35th slowest answer of 3,500: one pause of the server, of the load
        // generator or of the machine moves it. Pooled over the pairs, each case's p99 rests on
        // REPEAT times as many answers.
        process.stdout.write(`\npooled over the ${REPEAT} pairs: p99 of every answer of each case's runs\n`);
        for (const [key, smallList] of pools.small) {
          const largeList = pools.large.get(key) ?? [];
          const x = percentile(smallList, 0.99);
          const y = percentile(largeList, 0.99);
          process.stdout.write(
            `${key.padEnd(26)} | small ${x.toFixed(1)} ms (${smallList.length} answers) | large ${y.toFixed(1)} ms (${largeList.length}) | ${(y / x).toFixed(2)}\n`,
          );
        }
      }
    }
    await explainAll(large);
    process.stdout.write(
      `\nload after: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
  } finally {
    await small.cleanup();
    await large.cleanup();
  }
}

await main();
