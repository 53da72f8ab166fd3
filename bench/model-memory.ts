/**
 * What the published model's budget (PUBLISHED_MODEL_MB) counts against what it takes: loads every
 * organisation of the bench data (10,000 published spots in 50 organisations) into a
 * PublishedReads as a node does (rows, nearest spots, the default language's API answers
 * serialised ahead), and prints the bytes counted next to the V8 heap it added (after a full
 * garbage collection, before and after) and the process's RSS. Pages rendered ahead are counted
 * by their gzipped bytes, which are the Buffers themselves (outside the heap), so they are not
 * part of this comparison.
 *   npm run build:server && npm run build:bench && node --expose-gc dist/bench/model-memory.js
 *   BENCH_DB=postgres TEST_PG_ADMIN_URL=… (the same on PostgreSQL)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PublishedReads } from '../src/modules/content/public/published-reads.js';
import { kind, openBenchDatabase, seedSpots } from './lib/setup.js';

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

async function main() {
  if (!gc) throw new Error('run with node --expose-gc');
  const dir = kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-db-')) : undefined;
  const { db, cleanup } = await openBenchDatabase(dir);
  try {
    const data = await seedSpots(db);
    const reads = new PublishedReads(db, {
      maxBytes: 0,
      ttlMs: 60_000,
      model: { maxBytes: 1024 * 1024 * 1024, checkMs: 60_000 },
    });
    const before = heapAfterGc();
    const rssBefore = process.memoryUsage().rss;
    for (const { org } of data) await reads.model.load(org);
    const after = heapAfterGc();
    const rssAfter = process.memoryUsage().rss;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    process.stdout.write(
      `${kind}: ${reads.model.organisations} organisations, ${data.length * data[0]!.ids.length} spots held\n` +
        `  counted in PUBLISHED_MODEL_MB: ${mb(reads.model.bytes)} MB\n` +
        `  V8 heap added (after full GC): ${mb(after - before)} MB (${((after - before) / reads.model.bytes).toFixed(2)}× the count)\n` +
        `  RSS added: ${mb(rssAfter - rssBefore)} MB\n`,
    );
  } finally {
    await cleanup();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
