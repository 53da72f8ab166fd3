/**
 * Two nodes behind the proxy against one (issue 17, item 5), PostgreSQL and Redis, on this one
 * machine: 10,000 published spots in 50 organisations; the built server as processes; Debian's
 * HAProxy in front (the config of test/helpers/proxy.ts). Each workload runs three ways in the
 * same run: one node directly, one node behind HAProxy, two nodes behind HAProxy; prints req/s,
 * p99 and the two-node / one-node ratio, plus the machine's CPU use while each ran (every process
 * here — load generator, HAProxy, nodes, PostgreSQL — shares the same cores).
 *
 *   npm run build:server && TEST_PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/two-nodes.ts
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHaproxy } from '../test/helpers/proxy.js';
import { type ServerProcess, startServer } from '../test/helpers/server-process.js';
import { sampleIds, seedLarge } from './lib/large-seed.js';
import { measure } from './lib/measure.js';
import { kind, openBenchDatabase } from './lib/setup.js';

const admin = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function main(): Promise<void> {
  if (kind !== 'postgres') {
    process.stdout.write(
      'bench/two-nodes.ts runs on PostgreSQL only: set BENCH_DB=postgres and TEST_PG_ADMIN_URL\n',
    );
    return;
  }
  process.stdout.write(
    `${os.cpus().length} cores, load before: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  const opened = await openBenchDatabase();
  if (!('appUrl' in opened.location)) throw new Error('PostgreSQL only');
  const superuser = new URL(admin);
  superuser.pathname = new URL(opened.location.appUrl).pathname;
  const seed = await seedLarge(opened.db, superuser.toString(), {
    prefix: 'nodes',
    orgs: 50,
    spotsPerOrg: 200,
    mediaPerOrg: 10,
  });
  process.stdout.write(`seeded 10,000 spots in ${seed.seconds.toFixed(0)} s\n`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-two-nodes-'));
  const keyFile = path.join(dir, 'master.key');
  fs.writeFileSync(keyFile, `${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o600 });
  const env = {
    DATABASE_URL: opened.location.appUrl,
    DATABASE_OWNER_URL: opened.location.ownerUrl,
    MASTER_KEY_FILE: keyFile,
    SIGNING_KEY_FILE: path.join(dir, 'signing-key.pem'),
    REDIS_URL: 'redis://127.0.0.1:6379/0',
    REDIS_PREFIX: `mitte-bench-${randomUUID()}:`,
    TRUST_PROXY: '127.0.0.1',
    DEMO: 'false',
    SCHEDULER_INTERVAL_MS: '0',
    ACCESS_LOG_SAMPLE_PERCENT: '0',
  };
  const nodes: ServerProcess[] = [];
  try {
    nodes.push(await startServer({ ...env, DATA_DIR: path.join(dir, 'a') }));
    nodes.push(await startServer({ ...env, DATA_DIR: path.join(dir, 'b') }));
    const one = await startHaproxy(dir, [nodes[0]!.url], { checkIntervalMs: 5000 });
    const two = await startHaproxy(dir, [nodes[0]!.url, nodes[1]!.url], { checkIntervalMs: 5000 });
    if (process.env.BENCH_DEBUG) {
      for (const u of [
        `${one.url}/readyz`,
        `${nodes[0]!.url}/readyz`,
        `${one.url}/api/v1/public/${seed.orgs[0]}/spots?limit=50`,
      ]) {
        const res = await fetch(u);
        process.stdout.write(`${u} → ${res.status} ${(await res.text()).slice(0, 300)}\n`);
      }
    }
    const workloads = [
      {
        name: 'public list of 50 (response cache on)',
        cold: false,
        paths: seed.orgs.map((o) => `/api/v1/public/${o}/spots?limit=50`),
      },
      {
        name: 'spot pages, cold walk (4,000 ids each)',
        cold: true,
        paths: [] as string[],
      },
    ];
    const ids = sampleIds(seed, 12_000).map((x) => `/s/${x.org}/ja/spots/${x.id}`);
    const lines: string[] = [];
    for (const [w, workload] of workloads.entries()) {
      const ways = [
        { label: 'one node, direct', base: nodes[0]!.url },
        { label: 'one node behind HAProxy', base: one.url },
        { label: 'two nodes behind HAProxy', base: two.url },
      ];
      const results = [];
      for (const [i, way] of ways.entries()) {
        // A cold walk must not meet a cache another way warmed: each way walks ids of its own.
        const paths = workload.cold ? ids.slice(i * 4000, (i + 1) * 4000) : workload.paths;
        const r = await measure(way.base, paths, {
          connections: 100,
          reportFailures: true,
          ...(workload.cold ? { amount: paths.length } : {}),
        });
        results.push(r);
        const line = `${workload.name.padEnd(40)} ${way.label.padEnd(26)} ${r.rps.toFixed(0).padStart(6)} req/s p99 ${String(
          r.p99,
        ).padStart(5)} ms errors ${r.errors} CPU ${(100 * r.cpu).toFixed(0)}%`;
        lines.push(line);
        process.stdout.write(`${line}\n`);
      }
      const ratio = results[2]!.rps / results[1]!.rps;
      const line = `${workload.name.padEnd(40)} two nodes / one node behind the proxy: ${ratio.toFixed(2)}×`;
      lines.push(line);
      process.stdout.write(`${line}\n`);
      if (w === workloads.length - 1) process.stdout.write(`\nsummary:\n${lines.join('\n')}\n`);
    }
    one.stop();
    two.stop();
  } finally {
    for (const node of nodes) await node.stop();
    await opened.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(
      `load after: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
  }
}

await main();
