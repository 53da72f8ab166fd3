/**
 * Import and publish of 10,000 spots through the API, as municipalities' first uploads would go:
 *   1. 50 organisations, one open data file (観光施設一覧 CSV, 200 rows) each:
 *      POST /api/v1/import/tourism?publish=true, two requests in flight (the figure of issue 13)
 *   2. one organisation: POST /api/v1/import/tourism of all rows, then POST /api/v1/spots/bulk
 *      {action: publish} in requests of 500 items, two in flight (the console's bulk publish of
 *      everything matching a filter); BENCH_BULK=0 skips it
 * timed end to end.
 *
 *   npx tsx bench/import-publish.ts                                  # PGlite (embedded)
 *   BENCH_DB=postgres TEST_PG_ADMIN_URL=postgres://… npx tsx bench/import-publish.ts
 *
 * BENCH_SPOTS (default 10000) and BENCH_ORGS (default 50) set the number of rows and files;
 * BENCH_PROFILE=1 also prints statement counts and time per statement shape. Prints seconds; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { BULK_MAX_ITEMS } from '../src/modules/content/content-bulk.schema.js';
import type { TestApp } from '../test/helpers/app.js';
import { type Client, cookieHeader, seedUser, signedIn } from '../test/helpers/client.js';
import { createOrganisation } from '../test/helpers/fixtures.js';
import { kind, openBenchDatabase, quietConfig } from './lib/setup.js';
import { printStatementProfile, startStatementProfile } from './lib/statement-profile.js';

const PROFILE = process.env.BENCH_PROFILE === '1';
if (PROFILE) startStatementProfile();

const SPOTS = Number(process.env.BENCH_SPOTS ?? 10_000);
const ORGS = Number(process.env.BENCH_ORGS ?? 50);
const IN_FLIGHT = 2;

/** A valid 観光施設一覧 file of n spots (the header of the standard, one row per spot). */
function tourismCsv(n: number): Buffer {
  const header =
    '都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,名称_英語,POIコード,住所,方書,緯度,経度,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,料金（基本）,料金（詳細）,説明,説明_英語,アクセス方法,駐車場情報,バリアフリー情報,連絡先名称,連絡先電話番号,連絡先内線番号,画像,画像_ライセンス,URL,備考';
  const rows = Array.from({ length: n }, (_, i) =>
    [
      '',
      String(i + 1),
      '長野県',
      'ベンチ町',
      `ベンチ町の名所${i + 1}`,
      'ベンチチョウノメイショ',
      `Bench sight ${i + 1}`,
      `BENCH-${String(i + 1).padStart(5, '0')}`,
      `長野県ベンチ町本町${i + 1}`,
      '',
      (36 + (i % 1000) / 10_000).toFixed(4),
      (138 + Math.floor(i / 1000) / 1000).toFixed(4),
      '月～金',
      '9:00',
      '17:00',
      '',
      '300',
      '一般300円',
      '静かな山あいの名所です。四季折々の景色が楽しめます。',
      'A quiet place in the hills.',
      'ベンチ駅から徒歩10分',
      '10台',
      'スロープ',
      'ベンチ町観光課',
      '0263-00-0000',
      '',
      '',
      '',
      'https://bench.example.jp/',
      '',
    ].join(','),
  );
  return Buffer.from(`${header}\r\n${rows.join('\r\n')}\r\n`, 'utf8');
}

async function postCsv(t: { url: string }, client: Client, url: string, body: Buffer) {
  const res = await fetch(`${t.url}${url}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/csv',
      cookie: cookieHeader(client),
      'x-csrf-token': client.cookies.get('mitte_csrf') ?? '',
    },
    body,
  });
  const answer = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(answer).slice(0, 500)}`);
  return answer;
}

/** Every spot of the organisation as {id, version}, page by page (as the console selects "all"). */
async function allSpots(client: Client): Promise<{ id: string; version: number }[]> {
  const out: { id: string; version: number }[] = [];
  let cursor: string | null = null;
  do {
    const res = await client.get(
      `/api/v1/spots?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const page = res.body as { items: { id: string; version: number }[]; nextCursor: string | null };
    out.push(...page.items.map(({ id, version }) => ({ id, version })));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const { db, cleanup } = await openBenchDatabase();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-'));
const config = quietConfig(dataDir);
const masterKey = randomBytes(32);
const app = await buildApp({ config, db, masterKey });
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const t = { url, masterKey, database: { db } } as unknown as TestApp;

async function publisherOf(org: string): Promise<Client> {
  await createOrganisation(db, org);
  return signedIn(t, org, await seedUser(t, org, { totp: false, rights: { spots: 'publish' } }));
}

const perOrg = Math.ceil(SPOTS / ORGS);
const csv = tourismCsv(perOrg);
console.log(
  `import and publish, ${kind}, ${SPOTS} spots in ${ORGS} organisations (one ${(csv.length / 1024).toFixed(0)} KB CSV of ${perOrg} rows each), ${os.cpus().length} cores`,
);
try {
  // Part 1: the figure of issues 12/13: one `?publish=true` request per organisation, IN_FLIGHT at once.
  const publishers: Client[] = [];
  for (let o = 0; o < ORGS; o += 1)
    publishers.push(await publisherOf(`bench-p${String(o).padStart(2, '0')}`));
  let created = 0;
  let publishedTotal = 0;
  const started = Date.now();
  // The server and PGlite run in this process: its CPU time is the work done, whatever else the
  // machine is busy with (wall-clock seconds on a shared machine say more about the neighbours).
  const cpuBefore = process.cpuUsage();
  let nextOrg = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (nextOrg < publishers.length) {
        const client = publishers[nextOrg++]!;
        const result = await postCsv(t, client, '/api/v1/import/tourism?publish=true', csv);
        created += Number(result.created);
        publishedTotal += Number(result.published);
      }
    }),
  );
  const importPublish = (Date.now() - started) / 1000;
  if (PROFILE) printStatementProfile('import?publish=true');
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(
    `  import?publish=true, ${ORGS} requests (${IN_FLIGHT} in flight): ${importPublish.toFixed(1)} s (${created} created, ${publishedTotal} published; ${((importPublish * 1000) / SPOTS).toFixed(2)} ms per spot); CPU time of this process ${cpuSeconds.toFixed(1)} s, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  if (process.env.BENCH_BULK !== '0') await importThenBulkPublish();
} finally {
  await app.close();
  await cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Part 2: one organisation imports all rows, then publishes them with the console's bulk action. */
async function importThenBulkPublish(): Promise<void> {
  const two = await publisherOf('bench-bulk');
  let started = Date.now();
  await postCsv(t, two, '/api/v1/import/tourism', tourismCsv(SPOTS));
  const importOnly = (Date.now() - started) / 1000;
  if (PROFILE) printStatementProfile('import of one organisation');
  started = Date.now();
  const items = await allSpots(two);
  const selecting = (Date.now() - started) / 1000;
  started = Date.now();
  const cpuBefore = process.cpuUsage();
  const chunks: { id: string; version: number }[][] = [];
  for (let i = 0; i < items.length; i += BULK_MAX_ITEMS) chunks.push(items.slice(i, i + BULK_MAX_ITEMS));
  let published = 0;
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        const res = await two.post('/api/v1/spots/bulk', { action: 'publish', items: chunk });
        const body = res.body as { done: number; failed: number };
        if (res.status !== 200)
          throw new Error(`bulk: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        published += body.done;
        failed += body.failed;
      }
    }),
  );
  const bulk = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (PROFILE) printStatementProfile('bulk publish');
  console.log(`  one organisation: import ${SPOTS} rows, then bulk publish:`);
  console.log(`    import (one request)                : ${importOnly.toFixed(1)} s`);
  console.log(
    `    select all (${Math.ceil(items.length / 200)} list pages of 200)  : ${selecting.toFixed(1)} s`,
  );
  console.log(
    `    bulk publish (${chunks.length} × ${BULK_MAX_ITEMS}, ${IN_FLIGHT} in flight): ${bulk.toFixed(1)} s (${published} published, ${failed} failed; ${((bulk * 1000) / SPOTS).toFixed(2)} ms per spot); CPU time of this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log(`    total                               : ${(importOnly + selecting + bulk).toFixed(1)} s`);
}
