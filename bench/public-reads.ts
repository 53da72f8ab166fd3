/**
 * Public reads at the speed of the hardware (issue 13): the public API list of 50, and the API
 * detail and the spot page with every id visited once (a cold walk: no answer can come from a
 * response or item cache), on 10,000 published spots in 50 organisations, side by side with a
 * minimal node:http server sending the same SQL (the published read model's statements, one per
 * request, no transaction). Each run gets a fresh server process; before a walk the
 * organisations are warmed (20 list requests each in a row), as on a node that has had traffic —
 * with the published model on, those requests load the organisation's model, and the run waits
 * until it holds each organisation — and then the process: the first 3,000 ids of the shuffled walk are
 * visited unmeasured, and the walk measures the other 7,000, each once, none before (V8 compiles
 * the request path over the first thousands of requests); `app-no-model` runs the same walk with
 * the model off (every item from the database). `memory` is the ceiling of this machine and load generator: node:http answering
 * every id from a Map it filled at the warm-up, no database, no framework (`memory-page`: the
 * same with answers of the app's spot pages' size, the ceiling for the page walk); `fastify-memory` is the
 * same Map behind a bare Fastify route, the framework's own ceiling. Prints req/s, p99, the
 * caches' and the model's hit rates, the early answers (given before the route) and the server's
 * peak RSS. For the site's pages (the spot page, the list page) the run also waits until the node
 * has rendered every organisation's spot pages and spot list ahead (src/site/prepared-pages.ts;
 * started by 20 list page requests per organisation) and prints how long that took: those are
 * then answered like the API detail, from memory, each still visited once. The spot page walks
 * twice on the app: as autocannon asks (no Accept-Encoding: the kept gzip is inflated per request)
 * and as a visitor's browser asks (`spot page gzip`: sent as kept, and counted as a page view).
 *   BENCH_DIRECTUS_DIR=/path  also Directus (installed there: bench/lib/directus.ts), the same
 *     rows under the same ids, list and detail walk as above
 *   BENCH_SQLITE_DIR=/path  also the issue's node:http + better-sqlite3 server (better-sqlite3
 *     installed there: bench/lib/sqlite.ts) on the same rows, list and detail walk
 *   BENCH_WARM_IDS=3000  first visits that warm each server before its cold walk, to ids the walk
 *     then does not measure (0: measure a just-started process)
 *   BENCH_REPEAT=3  every run three times, round after round, then each run's median req/s, p99
 *     and CPU a request (the machine's speed moves between runs minutes apart)
 *   BENCH_ONLY='API detail' …  only the runs whose "name server" matches (e.g. under --cpu-prof
 *   through BENCH_SERVER_NODE_ARGS)
 *
 *   npm run build:server && npm run build:bench && node dist/bench/public-reads.js
 *     (compiled, the servers as production runs them: the figures to quote; under tsx they are
 *     lower and the RSS higher)
 *   BENCH_ACCEPT_ENCODING='gzip, deflate, br'  ask as a browser does (compressed answers), in the
 *   load runs and the cold walks
 *   BENCH_APP_ENV='{"PUBLIC_CACHE_ADMIT_AFTER":"1"}'  settings for the app under test
 *   npx tsx bench/public-reads.ts                       (PGlite, the embedded default)
 *   BENCH_SECONDS=5 BENCH_WALK=3000 npx tsx bench/public-reads.ts   (shorter: a busy machine)
 *   BENCH_DB=postgres TEST_PG_ADMIN_URL=… BENCH_PG_DATA=/path/to/pgdata npx tsx bench/public-reads.ts
 *     (BENCH_PG_DATA: the cluster's data directory, so the cold walks' CPU per request counts
 *     PostgreSQL's processes too)
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import {
  findPublishedItem,
  listPublishedItems,
  loadPublishedModel,
} from '../src/modules/content/public/published.repo.js';
import { type Directus, type DirectusRow, seedDirectus } from './lib/directus.js';
import { burstClock, markWindow, monotonicUs } from './lib/measure.js';
import {
  ACCEPT_ENCODING,
  cpuSeconds,
  kind,
  type LoadResult,
  load,
  ORGS,
  openBenchDatabase,
  type openBenchLocation,
  pick,
  type Seeded,
  SPOTS_PER_ORG,
  seedSpots,
  serveBenchServer,
  spawnServer,
  stopServer,
} from './lib/setup.js';
import { type SqliteRow, seedSqlite, sqliteServer } from './lib/sqlite.js';
import { medianOfEach } from './lib/stats.js';

const METRICS_TOKEN = 'bench-metrics-token-0123456789';

/**
 * A bare node:http server for `/{org}/spots` (a list) and `/{org}/spots/{id}` (an item): `answer`
 * gives the JSON text, or undefined for 404.
 */
function spotsServer(
  answer: (org: string, id: string | undefined) => Promise<string | Buffer | undefined>,
  contentType = 'application/json',
): http.Server {
  return http.createServer(async (req, res) => {
    const match = /^\/(?<org>[a-z0-9-]+)\/spots(?:\/(?<id>[0-9a-f-]{36}))?/.exec(req.url ?? '');
    if (!match?.groups) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await answer(match.groups.org!, match.groups.id);
      if (body === undefined) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': contentType }).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}

/** The baseline: node:http answering with the text of the same one statement, nothing else. */
function minimalServer(db: Awaited<ReturnType<typeof openBenchLocation>>): http.Server {
  return spotsServer((org, id) =>
    id
      ? findPublishedItem(db.reader, org, 'spot', id, { nearby: false })
      : listPublishedItems(db.reader, org, 'spot', { limit: 50 }),
  );
}

/**
 * The ceiling of this machine and load generator for a server that holds everything in memory:
 * node:http answering each id with its row's JSON from a Map, filled per organisation by its
 * first request (the warm-up) with the published model's one statement. Nothing but HTTP.
 */
function memoryServer(db: Awaited<ReturnType<typeof openBenchLocation>>): http.Server {
  return spotsServer(memoryAnswers(db));
}

/**
 * The ceiling for answers of a spot page's size: `memory` with each id's row JSON repeated to
 * BENCH_BODY_BYTES (the app's spot pages' mean size on the wire in this run, less this server's
 * ~130 bytes of headers), as HTML. A page is ~8× an API detail's bytes, which the load generator
 * reads and the kernel copies: the detail's ceiling is not the page's.
 */
function memoryPageServer(db: Awaited<ReturnType<typeof openBenchLocation>>): http.Server {
  const bytes = Number(process.env.BENCH_BODY_BYTES);
  // Bytes, as the app sends its pages, made when the organisation's Map is filled (the warm-up).
  const page = (row: string) =>
    Buffer.from(Buffer.from(row.repeat(Math.ceil(bytes / row.length))).subarray(0, bytes));
  return spotsServer(memoryAnswers(db, page), 'text/html; charset=utf-8');
}

/** The published model's rows per organisation, from a Map filled by each organisation's first request. */
function memoryAnswers<B extends string | Buffer = string>(
  db: Awaited<ReturnType<typeof openBenchLocation>>,
  body: (row: string) => B = (row) => row as B,
): (org: string, id: string | undefined) => Promise<B | string | undefined> {
  const orgs = new Map<string, Promise<Map<string, B>>>();
  const itemsOf = (org: string) => {
    let items = orgs.get(org);
    if (!items) {
      items = loadPublishedModel(db.reader, org).then(
        ({ rows }) =>
          new Map((JSON.parse(rows) as { id: string }[]).map((r) => [r.id, body(JSON.stringify(r))])),
      );
      orgs.set(org, items);
    }
    return items;
  };
  return async (org, id) => {
    const items = await itemsOf(org);
    return id ? items.get(id) : `{"items":${items.size}}`;
  };
}

/**
 * The ceiling of the framework: the same Map behind a bare Fastify (no plugins, no hooks, no
 * logger, no schema), so the distance from `memory` is Fastify's own cost per request and the
 * distance to `app` is ours.
 */
function fastifyMemoryServer(db: Awaited<ReturnType<typeof openBenchLocation>>): http.Server {
  const answer = memoryAnswers(db);
  const app = Fastify({ logger: false });
  const send = async (org: string, id: string | undefined, reply: import('fastify').FastifyReply) => {
    const body = await answer(org, id);
    if (body === undefined) return reply.code(404).send();
    return reply.type('application/json').send(body);
  };
  app.get<{ Params: { org: string } }>('/:org/spots', (request, reply) =>
    send(request.params.org, undefined, reply),
  );
  app.get<{ Params: { org: string; id: string } }>('/:org/spots/:id', (request, reply) =>
    send(request.params.org, request.params.id, reply),
  );
  // Straight to Fastify's router once it is ready: a promise per request would be a cost `memory`
  // does not pay, and the baseline would understate the framework.
  let ready = false;
  const started = app.ready().then(() => {
    ready = true;
  });
  return http.createServer((req, res) => {
    if (ready) app.routing(req, res);
    else void started.then(() => app.routing(req, res));
  });
}

/**
 * `app`: as configured by default (response cache, published cache, published model);
 * `app-no-response-cache`: PUBLIC_CACHE_MB=0; `app-no-model`: PUBLIC_CACHE_MB=0,
 * PUBLISHED_MODEL_MB=0 and PUBLISHED_TIER_MB=0 (every read of an item not yet seen goes to the
 * database); `app-tier`: PUBLIC_CACHE_MB=0 and PUBLISHED_MODEL_MB=0 with the published tier as
 * deployed (every organisation's file built at the warm-up: the path of the organisations a
 * node's model does not hold, src/modules/content/public/published-tier.ts).
 */
type ServerKind =
  | 'app'
  | 'app-no-response-cache'
  | 'app-no-model'
  | 'app-tier'
  | 'minimal'
  | 'memory'
  | 'memory-page'
  | 'fastify-memory'
  | 'directus'
  | 'sqlite';

async function serve(server: ServerKind) {
  if (server === 'sqlite') return serveSqlite();
  await serveBenchServer(
    server === 'minimal'
      ? minimalServer
      : server === 'memory'
        ? memoryServer
        : server === 'memory-page'
          ? memoryPageServer
          : server === 'fastify-memory'
            ? fastifyMemoryServer
            : null,
    server === 'app' ? '64' : '0',
    server === 'app-no-model'
      ? { PUBLISHED_MODEL_MB: '0', PUBLISHED_TIER_MB: '0' }
      : server === 'app-tier'
        ? { PUBLISHED_MODEL_MB: '0' }
        : {},
  );
}

/** The better-sqlite3 server on the file main() wrote (no PGlite or PostgreSQL opened in this process). */
async function serveSqlite(): Promise<void> {
  const server = sqliteServer(process.env.BENCH_SQLITE_DIR!, process.env.BENCH_SQLITE_FILE!);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

/** Look-ups of both caches so far, from the app's /metrics. */
async function cacheCounts(base: string) {
  const text = await (
    await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const count = (metric: string, result: string) =>
    Number(new RegExp(`${metric}\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return {
    response: {
      hit: count('mitte_public_cache_requests_total', 'hit'),
      miss: count('mitte_public_cache_requests_total', 'miss'),
    },
    published: {
      hit: count('mitte_published_cache_requests_total', 'hit'),
      miss: count('mitte_published_cache_requests_total', 'miss'),
    },
    model: {
      hit: count('mitte_published_model_requests_total', 'hit'),
      miss: count('mitte_published_model_requests_total', 'miss'),
    },
    tier: {
      hit: count('mitte_published_tier_requests_total', 'hit'),
      miss: count('mitte_published_tier_requests_total', 'miss'),
    },
    modelOrganisations: Number(/^mitte_published_model_organisations (\d+)/m.exec(text)?.[1] ?? 0),
    tierOrganisations: Number(/^mitte_published_tier_organisations (\d+)/m.exec(text)?.[1] ?? 0),
    // On the model only: the tier's files also get pages, for organisations the model did not hold when built.
    pagesPrepared: Number(/^mitte_site_pages_prepared_total\{kept="model"\} (\d+)/m.exec(text)?.[1] ?? 0),
    languageAnswers: Number(/^mitte_published_model_language_answers_total (\d+)/m.exec(text)?.[1] ?? 0),
    earlyAnswers: Number(/^mitte_public_early_answers_total (\d+)/m.exec(text)?.[1] ?? 0),
    modelMb: Number(/^mitte_published_model_bytes (\d+)/m.exec(text)?.[1] ?? 0) / 1024 / 1024,
  };
}

const rate = (hit: number, miss: number) =>
  hit + miss === 0 ? 'n/a' : `${((100 * hit) / (hit + miss)).toFixed(0)}%`;

/**
 * First visits to other ids that warm each new server before its measured cold walk (at most 30 %
 * of the walk); BENCH_WARM_IDS=0 measures a just-started process.
 */
const WARM_IDS = Number(process.env.BENCH_WARM_IDS ?? 3000);

/** Every (organisation, id) once, shuffled (BENCH_WALK: only that many, on a slow machine). */
function walk(data: Seeded[]): { org: string; id: string }[] {
  const all = data.flatMap((o) => o.ids.map((id) => ({ org: o.org, id })));
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, Number(process.env.BENCH_WALK ?? all.length));
}

/**
 * The PostgreSQL server's processes (postmaster and its children), when BENCH_PG_DATA names its
 * data directory: their CPU counts too, since without the model the work moves there.
 */
function databasePids(): number[] {
  const dir = process.env.BENCH_PG_DATA;
  if (kind !== 'postgres' || !dir) return [];
  const postmaster = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/** PostgreSQL's CPU so far: its live processes, and the exited backends the postmaster reaped. */
function databaseCpuSeconds(): number {
  const [postmaster, ...children] = databasePids();
  if (postmaster === undefined) return 0;
  let reaped = 0;
  try {
    const stat = fs.readFileSync(`/proc/${postmaster}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    reaped = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {}
  return cpuSeconds([postmaster, ...children]) + reaped;
}

/**
 * CPU time per request of the server process and (BENCH_PG_DATA) of PostgreSQL over a cold walk:
 * what a request costs, which a loaded machine changes far less than req/s.
 */
async function cpuPerRequest<T>(serverPid: number | undefined, requests: number, run: () => Promise<T>) {
  const server = serverPid === undefined ? [] : [serverPid];
  const before = { server: cpuSeconds(server), db: databaseCpuSeconds() };
  const result = await run();
  const serverMs = (1000 * (cpuSeconds(server) - before.server)) / requests;
  const ms = (seconds: number) => ((1000 * seconds) / requests).toFixed(2);
  const db = databasePids().length > 0 ? `, database ${ms(databaseCpuSeconds() - before.db)} ms` : '';
  return { result, serverMs, cpu: ` | CPU per request: server ${serverMs.toFixed(2)} ms${db}` };
}

/** The cold walk: exactly one request per id, 50 connections, timed as a whole. */
async function coldWalk(
  base: string,
  paths: string[],
  serverPid?: number,
  headers: Record<string, string> = ACCEPT_ENCODING ? { 'accept-encoding': ACCEPT_ENCODING } : {},
): Promise<LoadResult> {
  let next = 0;
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${serverPid}/status`, 'utf8'))?.[1]);
      if (Number.isFinite(kb)) peak = Math.max(peak, kb / 1024);
    } catch {}
  }, 200);
  try {
    const clock = burstClock();
    // BENCH_MARK_WINDOWS=1: the walk's window on the monotonic clock in µs, as bench/lib/measure.ts
    // prints a load run's, so a server's --cpu-prof profile can be cut to it.
    const from = monotonicUs();
    const result = await autocannon({
      url: base,
      connections: 50,
      amount: paths.length,
      headers,
      requests: [
        {
          setupRequest: (req) => {
            clock.sent();
            return { ...req, path: paths[next++ % paths.length]! };
          },
          onResponse: clock.answered,
        },
      ],
    });
    if (process.env.BENCH_MARK_WINDOWS) markWindow(from, paths[0], clock.window());
    return {
      rps: result.requests.total / (clock.seconds() || 1),
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
      peakRssMb: peak || null,
      wireBytes: result.throughput.total / (result.requests.total || 1),
      ...(result.errors + result.non2xx > 0
        ? { detail: `(timeouts ${result.timeouts}, non-2xx ${result.non2xx})` }
        : {}),
    };
  } finally {
    clearInterval(sampler);
  }
}

interface Run {
  name: string;
  server: ServerKind;
  cold: boolean;
  path: (o: { org: string; id: string }) => string;
  /** Headers of this run's cold walk (else BENCH_ACCEPT_ENCODING's Accept-Encoding, by default none). */
  headers?: Record<string, string>;
}

/**
 * What a visitor's browser sends that changes the server's work: it takes compressed pages, and
 * its User-Agent makes the page a counted view (analytics: a bot or no User-Agent is not counted).
 */
const BROWSER: Record<string, string> = {
  'accept-encoding': 'gzip, deflate, br, zstd',
  'user-agent':
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
};

const listPath = (o: { org: string }) => `/api/v1/public/${o.org}/spots?limit=50`;
const detailPath = (o: { org: string; id: string }) => `/api/v1/public/${o.org}/spots/${o.id}`;
const pagePath = (o: { org: string; id: string }) => `/s/${o.org}/ja/spots/${o.id}`;

/** Rounds of every run, one after the other (BENCH_REPEAT), and their medians. */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);

/** A spot page's size on the wire when this run did not measure the app's (BENCH_ONLY). */
const PAGE_WIRE_BYTES = 12_500;

const RUNS: Run[] = [
  { name: 'list of 50', server: 'app', cold: false, path: listPath },
  { name: 'list of 50', server: 'app-no-response-cache', cold: false, path: listPath },
  { name: 'list of 50', server: 'app-no-model', cold: false, path: listPath },
  { name: 'list of 50', server: 'app-tier', cold: false, path: listPath },
  { name: 'list of 50', server: 'minimal', cold: false, path: (o) => `/${o.org}/spots` },
  // The site's list page (HTML, its first page of spots) with the response cache off.
  { name: 'list page', server: 'app-no-response-cache', cold: false, path: (o) => `/s/${o.org}/ja/spots/` },
  { name: 'API detail, cold walk', server: 'app', cold: true, path: detailPath },
  { name: 'API detail, cold walk', server: 'app-no-model', cold: true, path: detailPath },
  { name: 'API detail, cold walk', server: 'app-tier', cold: true, path: detailPath },
  // The API in a language other than the site's default (an app for English readers).
  { name: 'API detail en, cold walk', server: 'app', cold: true, path: (o) => `${detailPath(o)}?lang=en` },
  {
    name: 'list of 50 en',
    server: 'app-no-response-cache',
    cold: false,
    path: (o) => `${listPath(o)}&lang=en`,
  },
  { name: 'spot page, cold walk', server: 'app', cold: true, path: pagePath },
  // The ceiling for answers of that size (BENCH_BODY_BYTES from the walk above).
  { name: 'spot page, cold walk', server: 'memory-page', cold: true, path: (o) => `/${o.org}/spots/${o.id}` },
  { name: 'spot page, cold walk', server: 'app-no-model', cold: true, path: pagePath },
  { name: 'spot page, cold walk', server: 'app-tier', cold: true, path: pagePath },
  // As a visitor's browser asks: the page kept gzipped is sent as it is (no inflating, ~2.5 KB
  // on the wire instead of ~11 KB), and each is a page view the analytics count.
  {
    name: 'spot page gzip, cold walk',
    server: 'app',
    cold: true,
    path: pagePath,
    headers: BROWSER,
  },
  // A language other than the site's default (its pages rendered ahead once asked for, as Japanese).
  { name: 'spot page en, cold walk', server: 'app', cold: true, path: (o) => `/s/${o.org}/en/spots/${o.id}` },
  { name: 'detail, cold walk', server: 'minimal', cold: true, path: (o) => `/${o.org}/spots/${o.id}` },
  { name: 'detail, cold walk', server: 'memory', cold: true, path: (o) => `/${o.org}/spots/${o.id}` },
  { name: 'detail, cold walk', server: 'fastify-memory', cold: true, path: (o) => `/${o.org}/spots/${o.id}` },
  // With BENCH_DIRECTUS_DIR only (bench/lib/directus.ts).
  {
    name: 'list of 50',
    server: 'directus',
    cold: false,
    path: (o) => `/items/spots?limit=50&filter%5Borg%5D%5B_eq%5D=${o.org}`,
  },
  { name: 'detail, cold walk', server: 'directus', cold: true, path: (o) => `/items/spots/${o.id}` },
  // With BENCH_SQLITE_DIR only (bench/lib/sqlite.ts).
  { name: 'list of 50', server: 'sqlite', cold: false, path: (o) => `/${o.org}/spots` },
  { name: 'detail, cold walk', server: 'sqlite', cold: true, path: (o) => `/${o.org}/spots/${o.id}` },
];

/** Work a node does ahead once an organisation's readers ask in a language, and its counter. */
interface Ahead {
  label: string;
  /** The i-th (0–19) warming request of an organisation: each a URL of its own, so the response cache does not answer it. */
  url: (org: string, lang: string, i: number) => string;
  counter: 'pagesPrepared' | 'languageAnswers';
  /** What it keeps for an organisation of `spots`. */
  expected: (spots: number) => number;
  /** The app's setting that turns it off, when BENCH_APP_ENV gives 0 for it. */
  setting: string;
}

const AHEAD: Ahead[] = [
  // Site pages: each organisation's spot pages and spot list rendered ahead (src/site/prepared-pages.ts).
  {
    label: 'pages rendered ahead',
    url: (org, lang, i) => `/s/${org}/${lang}/spots/?category=bench-${i}`,
    counter: 'pagesPrepared',
    expected: (spots) => spots + 1,
    setting: 'SITE_PAGES_AHEAD_AFTER',
  },
  // The API in a language other than the default: its answers serialised on the model (PublishedReads).
  {
    label: 'API answers kept',
    url: (org, lang, i) => `/api/v1/public/${org}/spots?limit=${i + 1}&lang=${lang}`,
    counter: 'languageAnswers',
    expected: (spots) => spots,
    setting: 'PUBLISHED_MODEL_LANGUAGES_AFTER',
  },
];

/**
 * Asks 20 times per organisation in `lang` (the default thresholds, as on a node whose readers
 * read that language), which starts the work ahead, and waits (≤ 60 s) until `expected` are kept;
 * at once when BENCH_APP_ENV turns the work off (the before of a before-and-after run).
 */
async function keptAhead(
  base: string,
  ahead: Ahead,
  orgs: string[],
  lang: string,
  expected: number,
): Promise<number> {
  for (let i = 0; i < 20; i += 1) for (const org of orgs) await fetch(`${base}${ahead.url(org, lang, i)}`);
  const started = Date.now();
  const off =
    (JSON.parse(process.env.BENCH_APP_ENV ?? '{}') as Record<string, string>)[ahead.setting] === '0';
  while (!off && Date.now() - started < 60_000) {
    if ((await cacheCounts(base))[ahead.counter] >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return (await cacheCounts(base))[ahead.counter];
}

/**
 * Warms each organisation as on a node that has had traffic: 20 reads in a row
 * (PUBLISHED_MODEL_LOAD_AFTER within its 10 s window), each a URL of its own so the response
 * cache does not answer it. With the published model on, those start the organisation's load,
 * and the next organisation is warmed once it is held (≤ 10 s each): returns how many are held.
 */
async function warmed(base: string, orgs: string[], held: 'model' | 'tier' | null): Promise<number> {
  const holding = async () => {
    const counts = await cacheCounts(base);
    return held === 'model' ? counts.modelOrganisations : counts.tierOrganisations;
  };
  for (const [index, org] of orgs.entries()) {
    // Held: more are held than came before it (those the node warmed at start from the earlier
    // runs' traffic included), or one more than before its reads (so one never held does not
    // make every later one wait its 10 s too).
    const before = held ? await holding() : 0;
    for (let i = 1; i <= 20; i += 1) await fetch(`${base}/api/v1/public/${org}/spots?limit=${i}`);
    const started = Date.now();
    while (held && Date.now() - started < 10_000) {
      const now = await holding();
      if (now > index || now > before) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return held ? holding() : 0;
}

async function main() {
  process.stdout.write(`seeding ${ORGS * SPOTS_PER_ORG} spots in ${ORGS} organisations on ${kind}…\n`);
  const pgliteDir = kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-db-')) : undefined;
  const { db, location, cleanup } = await openBenchDatabase(pgliteDir);
  const started = Date.now();
  const data = await seedSpots(db);
  process.stdout.write(
    `seeded (the read model and nearest spots kept by the triggers) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  const directusDir = process.env.BENCH_DIRECTUS_DIR;
  const sqliteDir = process.env.BENCH_SQLITE_DIR;
  // The rows the other servers get: each spot's published read-model row, under its id.
  const rows: (DirectusRow & { orderAt: number })[] = [];
  if (directusDir || sqliteDir)
    for (const { org } of data) {
      const { rows: model } = await loadPublishedModel(db.reader, org);
      for (const row of JSON.parse(model) as { id: string; orderAt: number }[])
        rows.push({ id: row.id, org, data: row, orderAt: row.orderAt });
    }
  let sqlite: ReturnType<typeof seedSqlite> | undefined;
  if (sqliteDir) {
    sqlite = seedSqlite(
      sqliteDir,
      rows.map(
        (r): SqliteRow => ({ id: r.id, org: r.org, json: JSON.stringify(r.data), orderAt: r.orderAt }),
      ),
    );
    process.stdout.write(`better-sqlite3 file written with the same ${rows.length} rows\n`);
  }
  let directus: Directus | undefined;
  if (directusDir) {
    const seeding = Date.now();
    directus = await seedDirectus(directusDir, rows);
    process.stdout.write(
      `Directus seeded with the same ${rows.length} rows in ${((Date.now() - seeding) / 1000).toFixed(1)} s\n`,
    );
  }
  if (kind === 'pglite') await db.close();
  const script = fileURLToPath(import.meta.url);
  const lines: string[] = [];
  try {
    // BENCH_ONLY: the runs whose "name server" matches this pattern (e.g. one run under --cpu-prof).
    const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
    const runs = RUNS.filter(
      (r) =>
        (r.server !== 'directus' || directus) &&
        (r.server !== 'sqlite' || sqlite) &&
        (!only || only.test(`${r.name} ${r.server}`)),
    );
    // The app's spot pages' mean size on the wire, for the page-sized ceiling (memory-page).
    let pageWireBytes: number | undefined;
    // BENCH_REPEAT: each run's figures over the rounds, for the medians.
    const figures = new Map<string, { rps: number[]; p99: number[]; cpu: number[] }>();
    for (let round = 1; round <= REPEAT; round += 1)
      for (const run of runs) {
        const { child, base } =
          run.server === 'directus' && directus
            ? await directus.start()
            : await spawnServer<{ port: number }>(script, [run.server], {
                BENCH_LOCATION: JSON.stringify(location),
                ...(sqlite ? { BENCH_SQLITE_FILE: sqlite.file } : {}),
                // Its ~130 bytes of headers off (the app's are ~1 KB: security headers, ETag).
                BENCH_BODY_BYTES: String(Math.round((pageWireBytes ?? PAGE_WIRE_BYTES) - 130)),
              }).then(({ child, info }) => ({ child, base: `http://127.0.0.1:${info.port}` }));
        // Warm the organisations (look-up, site settings; the model) as on a node that has had traffic.
        const withModel = run.server === 'app' || run.server === 'app-no-response-cache';
        let modelOrgs = '';
        if (run.server === 'memory' || run.server === 'memory-page' || run.server === 'fastify-memory')
          for (const o of data) await fetch(`${base}/${o.org}/spots`);
        else if (run.server.startsWith('app')) {
          const tier = run.server === 'app-tier';
          const held = await warmed(
            base,
            data.map((o) => o.org),
            withModel ? 'model' : tier ? 'tier' : null,
          );
          if (withModel || tier)
            modelOrgs = ` | ${tier ? 'tier' : 'model'} holds ${held}/${data.length} organisations`;
        }
        // Site pages and the API in another language: the walk starts when what the node keeps
        // ahead for that language is kept (counted in the model's MB).
        const first = run.path({ org: data[0]!.org, id: data[0]!.ids[0]! });
        const lang =
          /^\/s\/[^/]+\/([^/]+)\//.exec(first) ?? /^\/api\/v1\/public\/.*[?&]lang=([a-z-]+)/.exec(first);
        const ahead = first.startsWith('/s/') ? AHEAD[0]! : AHEAD[1]!;
        if (withModel && lang) {
          const expected = data.reduce((n, o) => n + ahead.expected(o.ids.length), 0);
          const started = Date.now();
          const orgs = data.map((o) => o.org);
          const kept = await keptAhead(base, ahead, orgs, lang[1]!, expected);
          modelOrgs += `, ${ahead.label} (${lang[1]}) ${kept}/${expected} in ${((Date.now() - started) / 1000).toFixed(1)} s`;
        }
        if (withModel) modelOrgs += ` (${(await cacheCounts(base)).modelMb.toFixed(0)} MB)`;
        // A cold walk first warms the new server with first visits to ids it does not measure (as
        // the load runs' warm-up does): a just-started process answers its first thousands of
        // requests at a fraction of its speed while V8 compiles (fastify-memory's rate doubles).
        const all = run.cold ? walk(data).map((o) => run.path(o)) : [];
        const warm = all.slice(0, Math.min(WARM_IDS, Math.floor(all.length * 0.3)));
        if (warm.length > 0) await coldWalk(base, warm, child.pid, run.headers);
        const before = run.server.startsWith('app') ? await cacheCounts(base) : undefined;
        let cpu = '';
        let serverMs: number | undefined;
        let result: LoadResult;
        if (run.cold) {
          const paths = all.slice(warm.length);
          ({ result, cpu, serverMs } = await cpuPerRequest(child.pid, paths.length, () =>
            coldWalk(base, paths, child.pid, run.headers),
          ));
          cpu += ` | ${paths.length} ids measured, after ${warm.length} others`;
        } else result = await load(base, () => run.path({ org: pick(data).org, id: '' }), child.pid);
        let hits = '';
        if (before) {
          const after = await cacheCounts(base);
          const delta = (k: 'response' | 'published' | 'model' | 'tier') =>
            rate(after[k].hit - before[k].hit, after[k].miss - before[k].miss);
          const requests =
            after.response.hit + after.response.miss - before.response.hit - before.response.miss;
          const early = after.earlyAnswers - before.earlyAnswers;
          hits = ` | hit rate: response cache ${delta('response')}, published cache ${delta('published')}, model ${delta('model')}, tier ${delta('tier')}, early answers ${early}${requests > 0 ? ` of ${requests}` : ''}${modelOrgs}`;
        }
        const rss = result.peakRssMb === null ? '' : ` | server RSS peak ${result.peakRssMb.toFixed(0)} MB`;
        if (result.cpuMsPerRequest !== undefined)
          cpu = ` | CPU per request: server ${result.cpuMsPerRequest.toFixed(2)} ms`;
        if (run.server === 'app' && run.path === pagePath && !run.headers) pageWireBytes = result.wireBytes;
        const wire =
          result.wireBytes === undefined
            ? ''
            : ` | ${(result.wireBytes / 1024).toFixed(1)} KB an answer on the wire${run.server === 'memory-page' && pageWireBytes === undefined ? ` (the app's page walk did not run: ${PAGE_WIRE_BYTES} bytes assumed)` : ''}`;
        const line = `${kind.padEnd(8)} ${run.name.padEnd(26)} ${run.server.padEnd(22)} ${result.rps.toFixed(0).padStart(6)} req/s p99 ${String(result.p99).padStart(4)} ms errors ${result.errors}${result.detail ? ` ${result.detail}` : ''}${rss}${cpu}${wire}${hits}`;
        lines.push(REPEAT > 1 ? `round ${round} ${line}` : line);
        process.stdout.write(`${line}\n`);
        const key = `${run.name.padEnd(26)} ${run.server.padEnd(22)}`;
        const kept = figures.get(key) ?? { rps: [], p99: [], cpu: [] };
        kept.rps.push(result.rps);
        kept.p99.push(result.p99);
        const perRequest = serverMs ?? result.cpuMsPerRequest;
        if (perRequest !== undefined) kept.cpu.push(perRequest);
        figures.set(key, kept);
        await stopServer(child);
      }
    if (REPEAT > 1) {
      // The machine's speed moves between runs minutes apart (a ceiling read 9,573 and 17,491 req/s
      // in one hour): the median of rounds that interleave every run is the figure to compare.
      lines.push(`\nmedians over ${REPEAT} rounds (each round in brackets):`);
      for (const [key, f] of figures)
        lines.push(
          `${kind.padEnd(8)} ${key} req/s ${medianOfEach(f.rps, 0)} | p99 ms ${medianOfEach(f.p99, 0)}${f.cpu.length > 0 ? ` | CPU per request ms ${medianOfEach(f.cpu, 2)}` : ''}`,
        );
    }
  } finally {
    directus?.cleanup();
    sqlite?.cleanup();
    await cleanup();
  }
  process.stdout.write(
    `\nsummary (${kind}${kind === 'pglite' ? ', PGlite inside the server process' : ''}):\n${lines.join('\n')}\n`,
  );
}

(process.argv[2] === 'serve' ? serve(process.argv[3] as ServerKind) : main()).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
