/**
 * Public reads at the speed of the hardware (issue 13): the public API list of 50, and the API
 * detail and the spot page with every id visited once (a cold walk: no answer can come from a
 * cache), on 10,000 published spots in 50 organisations, side by side with a minimal node:http
 * server sending the same SQL (the published read model's statements, one per request, no
 * transaction). Each run gets a fresh server process; before a walk only the organisations are
 * warmed (one list request each), as on a node that has had traffic. Prints req/s, p99, the
 * caches' hit rates and the server's peak RSS.
 *
 *   npx tsx bench/public-reads.ts                       (PGlite, the embedded default)
 *   BENCH_SECONDS=5 BENCH_WALK=3000 npx tsx bench/public-reads.ts   (shorter: a busy machine)
 *   BENCH_DB=postgres TEST_PG_ADMIN_URL=… npx tsx bench/public-reads.ts
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { findPublishedItem, listPublishedItems } from '../src/modules/content/public/published.repo.js';
import {
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

const METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** The baseline: node:http answering with the text of the same one statement, nothing else. */
function minimalServer(db: Awaited<ReturnType<typeof openBenchLocation>>): http.Server {
  return http.createServer(async (req, res) => {
    const match = /^\/(?<org>[a-z0-9-]+)\/spots(?:\/(?<id>[0-9a-f-]{36}))?/.exec(req.url ?? '');
    if (!match?.groups) {
      res.writeHead(404).end();
      return;
    }
    const { org, id } = match.groups;
    try {
      const body = id
        ? await findPublishedItem(db.reader, org!, 'spot', id)
        : await listPublishedItems(db.reader, org!, 'spot', { limit: 50 });
      if (body === undefined) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}

type ServerKind = 'app' | 'app-no-response-cache' | 'minimal';

async function serve(server: ServerKind) {
  await serveBenchServer(server === 'minimal' ? minimalServer : null, server === 'app' ? '64' : '0');
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
  };
}

const rate = (hit: number, miss: number) =>
  hit + miss === 0 ? 'n/a' : `${((100 * hit) / (hit + miss)).toFixed(0)}%`;

/** Every (organisation, id) once, shuffled (BENCH_WALK: only that many, on a slow machine). */
function walk(data: Seeded[]): { org: string; id: string }[] {
  const all = data.flatMap((o) => o.ids.map((id) => ({ org: o.org, id })));
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, Number(process.env.BENCH_WALK ?? all.length));
}

/** The cold walk: exactly one request per id, 50 connections, timed as a whole. */
async function coldWalk(base: string, paths: string[], serverPid?: number): Promise<LoadResult> {
  let next = 0;
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${serverPid}/status`, 'utf8'))?.[1]);
      if (Number.isFinite(kb)) peak = Math.max(peak, kb / 1024);
    } catch {}
  }, 200);
  try {
    const result = await autocannon({
      url: base,
      connections: 50,
      amount: paths.length,
      requests: [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }) }],
    });
    return {
      rps: result.requests.total / (result.duration || 1),
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
      peakRssMb: peak || null,
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
}

const RUNS: Run[] = [
  { name: 'list of 50', server: 'app', cold: false, path: (o) => `/api/v1/public/${o.org}/spots?limit=50` },
  {
    name: 'list of 50',
    server: 'app-no-response-cache',
    cold: false,
    path: (o) => `/api/v1/public/${o.org}/spots?limit=50`,
  },
  { name: 'list of 50', server: 'minimal', cold: false, path: (o) => `/${o.org}/spots` },
  {
    name: 'API detail, cold walk',
    server: 'app',
    cold: true,
    path: (o) => `/api/v1/public/${o.org}/spots/${o.id}`,
  },
  { name: 'spot page, cold walk', server: 'app', cold: true, path: (o) => `/s/${o.org}/ja/spots/${o.id}` },
  { name: 'detail, cold walk', server: 'minimal', cold: true, path: (o) => `/${o.org}/spots/${o.id}` },
];

async function main() {
  process.stdout.write(`seeding ${ORGS * SPOTS_PER_ORG} spots in ${ORGS} organisations on ${kind}…\n`);
  const pgliteDir = kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-db-')) : undefined;
  const { db, location, cleanup } = await openBenchDatabase(pgliteDir);
  const started = Date.now();
  const data = await seedSpots(db);
  process.stdout.write(
    `seeded (the read model and nearest spots kept by the triggers) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  if (kind === 'pglite') await db.close();
  const script = fileURLToPath(import.meta.url);
  const lines: string[] = [];
  try {
    for (const run of RUNS) {
      const { child, info } = await spawnServer<{ port: number }>(script, [run.server], {
        BENCH_LOCATION: JSON.stringify(location),
      });
      const base = `http://127.0.0.1:${info.port}`;
      // Warm the organisations (look-up, site settings) as on a node that has had traffic.
      if (run.server !== 'minimal')
        for (const o of data) await fetch(`${base}/api/v1/public/${o.org}/spots?limit=1`);
      const before = run.server === 'minimal' ? undefined : await cacheCounts(base);
      const result = run.cold
        ? await coldWalk(
            base,
            walk(data).map((o) => run.path(o)),
            child.pid,
          )
        : await load(base, () => run.path({ org: pick(data).org, id: '' }), child.pid);
      let hits = '';
      if (before) {
        const after = await cacheCounts(base);
        hits = ` | hit rate: response cache ${rate(after.response.hit - before.response.hit, after.response.miss - before.response.miss)}, published cache ${rate(after.published.hit - before.published.hit, after.published.miss - before.published.miss)}`;
      }
      const rss = result.peakRssMb === null ? '' : ` | server RSS peak ${result.peakRssMb.toFixed(0)} MB`;
      const line = `${kind.padEnd(8)} ${run.name.padEnd(22)} ${run.server.padEnd(22)} ${result.rps.toFixed(0).padStart(6)} req/s p99 ${String(result.p99).padStart(4)} ms errors ${result.errors}${rss}${hits}`;
      lines.push(line);
      process.stdout.write(`${line}\n`);
      await stopServer(child);
    }
  } finally {
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
