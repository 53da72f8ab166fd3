/**
 * Memory under photo upload load (#13): 20 concurrent uploads of a 24-megapixel JPEG to the
 * built server in its own process with a real clamd, once per processing limit, each on a fresh
 * server: MEDIA_PROCESSING_CONCURRENCY=20 (every upload decodes at once, as before the queue),
 * the default 2, and 1; libvips' threads per operation at one per core (its own default) and at
 * MEDIA_IMAGE_THREADS=1 (ours); plus MALLOC_ARENA_MAX=2, and V8's 8 MB semi-space (both as
 * scripts/start and the deploy files set them).
 * Prints the server's peak RSS (sampled every 25 ms from /proc, and VmHWM), how many uploads
 * succeeded and the wall time.
 *
 *   npm run build:server && BENCH_DB=postgres TEST_PG_ADMIN_URL=… npx tsx bench/upload-images.ts
 *   npx tsx bench/upload-images.ts                 # PGlite inside the server (its memory counts)
 *   BENCH_RUNS=1,4 …                               # only the old behaviour and the deployed one
 *
 * Target (issue #13): under 600 MB on PostgreSQL, every upload succeeds. Asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startClamd } from '../test/helpers/clamd.js';
import { postFile } from '../test/helpers/client.js';
import { DEPLOYED_ENV, deployedNodeArgs } from './lib/deployed.js';
import { kind, openBenchDatabase, rssOf } from './lib/setup.js';
import { seedUploader, startUploadServer } from './lib/upload-server.js';

const MB = 1024 * 1024;
const ORG = 'bench-photos';
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 20);

/** A 6000 × 4000 camera-like JPEG: noise keeps it large (about 10 MB), as real photos are. */
function photo(): Promise<Buffer> {
  return sharp({
    create: {
      width: 6000,
      height: 4000,
      channels: 3,
      background: '#6a8',
      noise: { type: 'gaussian', mean: 120, sigma: 25 },
    },
  })
    .jpeg({ quality: 85 })
    .toBuffer();
}

interface Run {
  label: string;
  env: Record<string, string>;
  /** Node's flags for the server (none: V8's defaults). */
  nodeArgs?: string[];
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-photos-'));
  const dataDir = path.join(dir, 'data');
  const pgliteDir = path.join(dataDir, 'db');
  const clamd = await startClamd();
  const { db, location, cleanup } = await openBenchDatabase(kind === 'pglite' ? pgliteDir : undefined);
  const account = await seedUploader(db, ORG);
  if (kind === 'pglite') await db.close();
  const dbEnv: Record<string, string> =
    'appUrl' in location ? { DATABASE_URL: location.appUrl, DATABASE_OWNER_URL: location.ownerUrl } : {};
  const bytes = await photo();
  console.log(
    `${kind}, ${UPLOADS} concurrent uploads of a 6000×4000 JPEG (${(bytes.length / MB).toFixed(1)} MB), load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  // libvips' own default is one worker thread per core; MEDIA_IMAGE_THREADS=1 is ours.
  const cores = String(os.availableParallelism());
  const deployed = DEPLOYED_ENV;
  const deployedArgs = deployedNodeArgs();
  const all: Run[] = [
    {
      label: 'no queue (limit 20), vips threads=cores',
      env: { MEDIA_PROCESSING_CONCURRENCY: String(UPLOADS), MEDIA_IMAGE_THREADS: cores },
    },
    { label: 'queue of 2, vips threads=cores', env: { MEDIA_IMAGE_THREADS: cores } },
    { label: 'queue of 2, threads 1 (defaults)', env: {} },
    { label: 'defaults + MALLOC_ARENA_MAX=2', env: { MALLOC_ARENA_MAX: '2' } },
    { label: 'deployed (+ node flags of scripts/start)', env: deployed, nodeArgs: deployedArgs },
    {
      label: 'queue of 1, deployed',
      env: { ...deployed, MEDIA_PROCESSING_CONCURRENCY: '1' },
      nodeArgs: deployedArgs,
    },
  ];
  // BENCH_RUNS=1,4 picks runs by number (the machine is shared: fewer runs, shorter bench).
  const picked = process.env.BENCH_RUNS?.split(',').map(Number);
  const runs = picked ? all.filter((_, i) => picked.includes(i + 1)) : all;
  console.log(
    'run                                      | stored | failed | wall s | RSS idle | RSS peak (sampled) | VmHWM  | load 1m',
  );
  try {
    for (const run of runs) {
      const { server, client } = await startUploadServer(
        { ...dbEnv, DATA_DIR: dataDir, CLAMD_URL: clamd.url, ...run.env },
        ORG,
        account,
        run.nodeArgs,
      );
      try {
        const idle = rssOf(server.pid).rss;
        let peak = idle;
        const sampler = setInterval(() => {
          peak = Math.max(peak, rssOf(server.pid).rss);
        }, 25);
        const started = performance.now();
        const statuses = await Promise.all(
          Array.from({ length: UPLOADS }, (_, i) =>
            postFile(client, `photo-${i}.jpg`, bytes, 'image/jpeg').then(async (res) => {
              if (res.status !== 201) console.error(`  upload ${i}: ${res.status} ${await res.text()}`);
              else await res.arrayBuffer();
              return res.status;
            }),
          ),
        );
        const wall = (performance.now() - started) / 1000;
        clearInterval(sampler);
        const stored = statuses.filter((s) => s === 201).length;
        console.log(
          `${run.label.padEnd(40)} | ${String(stored).padStart(6)} | ${String(UPLOADS - stored).padStart(6)} | ${wall
            .toFixed(1)
            .padStart(
              6,
            )} | ${(idle / MB).toFixed(0).padStart(5)} MB | ${(peak / MB).toFixed(0).padStart(15)} MB | ${(
            rssOf(server.pid).hwm / MB
          ).toFixed(0)} MB | ${os.loadavg()[0]?.toFixed(1)}`,
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    await clamd.dispose();
    await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
