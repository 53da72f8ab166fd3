/**
 * What recording page views costs a page: the same public page under load with recording on
 * (a browser's request) and off (the same request with DNT: 1, which skips recording), then
 * the in-process cost of one recorded view, the time to flush a large buffer, and the CPU a flush
 * of a busy site's 5 s takes per view (the database's work: PGlite runs inside this process).
 *
 *   npx tsx bench/analytics-recording.ts          # PGlite in memory
 *
 * autocannon, 50 connections, BENCH_SECONDS (default 10) per run after a 2 s warm-up.
 * Prints figures; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { provisionOrganisation } from '../src/modules/organisations/organisation.service.js';
import { runAsSystem } from '../src/platform/access/system-context.js';
import { quietConfig } from './lib/setup.js';
import { median } from './lib/stats.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

async function load(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({ url, connections: 50, duration: seconds, headers });
  return { rps: Math.round(result.requests.average), p99: result.latency.p99, non2xx: result.non2xx };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-'));
const db = await openDatabase({ pgliteDir: 'memory://' });
await migrate(db);
await runAsSystem(db, { kind: 'provider' }, 'bench', ['ops:organisations'], (ctx) =>
  provisionOrganisation(ctx, { serviceCode: 'bench', nameJa: 'ベンチ町', nameEn: 'Bench town' }),
);
const config = quietConfig(dataDir);
const app = await buildApp({ config, db, masterKey: randomBytes(32) });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no address');
const url = `http://127.0.0.1:${address.port}/s/bench/`;

console.log(`analytics recording, PGlite, ${os.cpus().length} cores, 50 connections, ${DURATION} s per run`);
await load(url, { 'user-agent': UA }, 2);
const off = await load(url, { 'user-agent': UA, dnt: '1' }, DURATION);
const on = await load(url, { 'user-agent': UA }, DURATION);
console.log(`  page, not recorded (DNT: 1): ${off.rps} req/s, p99 ${off.p99} ms, non-2xx ${off.non2xx}`);
console.log(`  page, recorded             : ${on.rps} req/s, p99 ${on.p99} ms, non-2xx ${on.non2xx}`);
console.log(`  ratio recorded / not       : ${(on.rps / off.rps).toFixed(2)}`);
await app.analytics.flush();

// In-process: one view with its 7 visitor hashes, many distinct visitors and rows.
const N = 100_000;
const started = process.hrtime.bigint();
for (let i = 0; i < N; i += 1) {
  await app.analytics.record(
    {
      org: 'bench',
      page: i % 2 ? 'spots/:id' : 'home',
      contentKind: i % 2 ? 'spot' : '',
      contentId: i % 2 ? `00000000-0000-4000-8000-${String(i % 500).padStart(12, '0')}` : '',
      lang: ['ja', 'en', 'ko'][i % 3]!,
      referrerDomain: i % 5 ? '' : 'www.google.co.jp',
      device: i % 4 ? 'mobile' : 'desktop',
    },
    { ip: `198.51.100.${i % 250}`, userAgent: `${UA} ${i % 40}` },
  );
}
const perView = Number(process.hrtime.bigint() - started) / N / 1000;
const flushStart = Date.now();
await app.analytics.flush();
const flushMs = Date.now() - flushStart;
const { rows } = await db.pool.query(
  "SELECT (SELECT count(*) FROM tenant.analytics_daily WHERE org = 'bench')::int AS daily, (SELECT count(*) FROM tenant.analytics_visitors WHERE org = 'bench')::int AS hashes",
);
console.log(`  record(): ${perView.toFixed(1)} µs per view (${N} views, 1,000 visitors)`);
console.log(
  `  flush of that buffer: ${flushMs} ms (${rows[0].daily} daily rows, ${rows[0].hashes} visitor hashes)`,
);

// Flushes of a buffer as a busy site fills it in 5 s: 20,000 views of 2,000 spot pages by 2,000
// visitors (~45,000 new hashes, ~20,000 rows), new visitors each round; the median of 5.
const rounds: { wall: number; cpu: number; views: number }[] = [];
for (let round = 0; round < 5; round += 1) {
  for (let i = 0; i < 20_000; i += 1) {
    await app.analytics.record(
      {
        org: 'bench',
        page: 'spots/:id',
        contentKind: 'spot',
        contentId: `00000000-0000-4000-8000-${String((i * 7) % 2000).padStart(12, '0')}`,
        lang: i % 3 ? 'ja' : 'en',
        referrerDomain: '',
        device: 'mobile',
      },
      { ip: `203.0.${round}.${(i % 2000) >> 3}`, userAgent: `${UA} ${i % 8}` },
    );
  }
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  await app.analytics.flush();
  const used = process.cpuUsage(cpu);
  rounds.push({
    wall: Number(process.hrtime.bigint() - wall) / 1e6,
    cpu: (used.user + used.system) / 1000,
    views: 20_000,
  });
}
console.log(
  `  flush of 20,000 views of 2,000 pages by 2,000 visitors: median ${median(rounds.map((r) => r.wall)).toFixed(0)} ms, CPU ${median(rounds.map((r) => r.cpu)).toFixed(0)} ms (${(median(rounds.map((r) => r.cpu)) / 20).toFixed(1)} µs a view; rounds ${rounds.map((r) => r.cpu.toFixed(0)).join(', ')} ms)`,
);

await app.close();
await db.close();
fs.rmSync(dataDir, { recursive: true, force: true });
