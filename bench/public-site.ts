import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../src/db/database.js';
import {
  kind,
  type LoadResult,
  load,
  ORGS,
  openBenchDatabase,
  pick,
  row,
  type Seeded,
  SPOTS_PER_ORG,
  scopedQuery,
  seedSpots,
  serveBenchServer,
  spawnServer,
  stopServer,
} from './lib/setup.js';

const PUBLISHED = "org = $1 AND kind = 'spot' AND published_data IS NOT NULL";

/** The baseline: node:http answering each page's query from the same pool, nothing else. */
function minimalServer(db: Database): http.Server {
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = /^\/(?<org>[a-z0-9-]+)\/(?<page>home|spots)(?:\/(?<id>[0-9a-f-]{36}))?$/.exec(url.pathname);
    if (!match?.groups) {
      res.writeHead(404).end();
      return;
    }
    const { org, page, id } = match.groups;
    try {
      const body = await scopedQuery(db, org!, async (client) => {
        if (page === 'home') {
          const settings = await client.query('SELECT languages FROM tenant.site_settings WHERE org = $1', [
            org,
          ]);
          const featured = await client.query(
            `SELECT id, published_data->'name' AS name FROM tenant.content_items WHERE ${PUBLISHED} ORDER BY published_at DESC, id DESC LIMIT 12`,
            [org],
          );
          return { languages: settings.rows[0]?.languages, featured: featured.rows };
        }
        if (id) {
          const one = await client.query(
            `SELECT id, published_data FROM tenant.content_items WHERE ${PUBLISHED} AND id = $2`,
            [org, id],
          );
          return one.rows[0];
        }
        const list = await client.query(
          `SELECT id, published_data FROM tenant.content_items WHERE ${PUBLISHED} ORDER BY published_at DESC, id DESC LIMIT 50`,
          [org],
        );
        return { items: list.rows };
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}

type ServerKind = 'minimal' | 'cached' | 'uncached';

/**
 * Server process: opens the database the parent seeded and serves one server (so its memory
 * is measured alone), prints its port, runs until killed.
 */
async function serve(server: ServerKind) {
  await serveBenchServer(
    server === 'minimal' ? minimalServer : null,
    server === 'cached' ? (process.env.PUBLIC_CACHE_MB ?? '64') : '0',
  );
}

async function status(url: string): Promise<number> {
  return (await fetch(url, { redirect: 'manual' })).status;
}

/** Hits and misses so far, from the app's /metrics. */
async function cacheCounts(base: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const count = (result: string) =>
    Number(
      new RegExp(`mitte_public_cache_requests_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0,
    );
  return { hit: count('hit'), miss: count('miss') };
}

type Page = [name: string, appPath: () => string, minimalPath: () => string];

/** The HTML pages once the site serves them; until then what exists. */
async function choosePages(base: string, data: Seeded[]): Promise<Page[]> {
  const sample = data[0]!;
  const html = {
    home: (await status(`${base}/s/${sample.org}/ja/`)) === 200,
    list: (await status(`${base}/s/${sample.org}/ja/spots/`)) === 200,
    detail: (await status(`${base}/s/${sample.org}/ja/spots/${sample.ids[0]}`)) === 200,
  };
  process.stdout.write(
    `pages: home ${html.home ? 'HTML /s/{code}/ja/' : 'placeholder /s/{code}/'}, list ${html.list ? 'HTML /s/{code}/ja/spots/' : 'JSON API'}, detail ${html.detail ? 'HTML /s/{code}/ja/spots/{id}' : 'JSON API'}\n`,
  );
  return [
    [
      'home',
      html.home ? () => `/s/${pick(data).org}/ja/` : () => `/s/${pick(data).org}/`,
      () => `/${pick(data).org}/home`,
    ],
    [
      'list',
      html.list
        ? () => `/s/${pick(data).org}/ja/spots/`
        : () => `/api/v1/public/${pick(data).org}/spots?limit=50`,
      () => `/${pick(data).org}/spots`,
    ],
    [
      'detail',
      () => {
        const o = pick(data);
        return html.detail
          ? `/s/${o.org}/ja/spots/${pick(o.ids)}`
          : `/api/v1/public/${o.org}/spots/${pick(o.ids)}`;
      },
      () => {
        const o = pick(data);
        return `/${o.org}/spots/${pick(o.ids)}`;
      },
    ],
  ];
}

async function main() {
  process.stdout.write(`seeding ${ORGS * SPOTS_PER_ORG} spots in ${ORGS} organisations on ${kind}…\n`);
  const pgliteDir = kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-db-')) : undefined;
  const { db, location, cleanup } = await openBenchDatabase(pgliteDir);
  const data = await seedSpots(db);
  // PGlite allows one process per data directory: the server processes open it in turn.
  if (kind === 'pglite') await db.close();
  const script = fileURLToPath(import.meta.url);
  const results = new Map<string, Partial<Record<ServerKind, LoadResult & { hitRate?: number }>>>();
  let pages: Page[] | undefined;
  try {
    for (const server of ['cached', 'uncached', 'minimal'] as const) {
      const { child, info } = await spawnServer<{ port: number }>(script, [server], {
        BENCH_LOCATION: JSON.stringify(location),
      });
      const base = `http://127.0.0.1:${info.port}`;
      pages ??= await choosePages(base, data);
      for (const [name, appPath, minimalPath] of pages) {
        const before = server === 'cached' ? await cacheCounts(base) : undefined;
        const result = await load(base, server === 'minimal' ? minimalPath : appPath, child.pid);
        const entry = results.get(name) ?? {};
        if (before) {
          const after = await cacheCounts(base);
          const hits = after.hit - before.hit;
          const lookups = hits + after.miss - before.miss;
          entry[server] = { ...result, ...(lookups ? { hitRate: hits / lookups } : {}) };
        } else entry[server] = result;
        results.set(name, entry);
      }
      await stopServer(child);
    }
  } finally {
    await cleanup();
  }
  let peak = 0;
  for (const [name, entry] of results) {
    const baseline = entry.minimal!;
    const cached = entry.cached!;
    const hitRate = cached.hitRate === undefined ? '' : ` | hit rate ${(100 * cached.hitRate).toFixed(0)}%`;
    process.stdout.write(`${row(name, 'mitte-C cached', cached, baseline)}${hitRate}\n`);
    process.stdout.write(`${row(name, 'mitte-C no cache', entry.uncached!, baseline)}\n`);
    peak = Math.max(peak, cached.peakRssMb ?? 0, entry.uncached!.peakRssMb ?? 0);
  }
  process.stdout.write(
    `mitte-C server process peak RSS under load: ${peak.toFixed(0)} MB${kind === 'pglite' ? ' (PGlite runs inside it)' : ''}; minimal server: ${Math.max(...[...results.values()].map((e) => e.minimal?.peakRssMb ?? 0)).toFixed(0)} MB\n`,
  );
}

(process.argv[2] === 'serve' ? serve(process.argv[3] as ServerKind) : main()).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
