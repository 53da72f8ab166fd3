import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../src/db/database.js';
import {
  kind,
  load,
  ORGS,
  openBenchDatabase,
  pick,
  row,
  type Seeded,
  SPOTS_PER_ORG,
  scopedQuery,
  seedSpots,
  spawnServer,
  startBenchApp,
  stopServer,
} from './lib/setup.js';

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
    try {
      const result = await scopedQuery(db, org!, (client) =>
        id
          ? client.query(
              "SELECT id, published_data FROM tenant.content_items WHERE org = $1 AND kind = 'spot' AND id = $2 AND published_data IS NOT NULL",
              [org, id],
            )
          : client.query(
              "SELECT id, published_data FROM tenant.content_items WHERE org = $1 AND kind = 'spot' AND published_data IS NOT NULL ORDER BY published_at DESC, id DESC LIMIT 50",
              [org],
            ),
      );
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(id ? result.rows[0] : { items: result.rows }));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}

/** Child process: seeds, serves both servers, prints their ports and the seeded ids, runs until killed. */
async function serve() {
  const { db, cleanup } = await openBenchDatabase();
  const data = await seedSpots(db);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-'));
  const app = await startBenchApp(db, dataDir, '0');
  const minimal = minimalServer(db);
  await new Promise<void>((r) => minimal.listen(0, '127.0.0.1', r));
  const ports = {
    app: app.port,
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

async function main() {
  process.stdout.write(`seeding ${ORGS * SPOTS_PER_ORG} spots in ${ORGS} organisations on ${kind}…\n`);
  const { child, info } = await spawnServer<{ ports: { app: number; minimal: number }; data: Seeded[] }>(
    fileURLToPath(import.meta.url),
  );
  const { ports, data } = info;
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
    const ours = await load(`http://127.0.0.1:${ports.app}`, appPath, child.pid);
    rows.push(row(name, 'mitte-C', ours, baseline));
  }
  process.stdout.write(`${rows.join('\n')}\n`);
  await stopServer(child);
}

(process.argv[2] === 'serve' ? serve() : main()).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
