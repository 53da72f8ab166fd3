/**
 * Upload pipeline throughput and memory: a large MP4 through the whole pipeline over HTTP (type
 * check, clamd INSTREAM, AES-256-GCM, blob store, then ffprobe and the ffmpeg remux without
 * metadata on a decrypted scratch copy, re-encrypted, row) against the built server in its
 * own process with a real clamd, next to clamd INSTREAM alone on the same bytes; and the server's
 * peak RSS while it runs (sampled from /proc/<pid>/status).
 *
 *   npm run build:server && npx tsx bench/upload.ts          # 100 MB
 *   npx tsx bench/upload.ts 100 300                          # several sizes (MB), one server
 *   BENCH_DB=postgres TEST_PG_ADMIN_URL=… npx tsx bench/upload.ts 100 300   # app without PGlite
 *
 * Targets (issue #5): pipeline ≥ 0.8 × clamd alone; peak RSS < 300 MB whatever the size.
 * Each size runs three times (clamd alone, then the pipeline); the best run of each is printed.
 * Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { openConfiguredDatabase } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { APP_ROLE, OWNER_ROLE, setupDatabaseRoles } from '../src/db/roles.js';
import { ClamdClient } from '../src/platform/scan/clamd.js';
import { startClamd } from '../test/helpers/clamd.js';
import { type Client, cookieHeader } from '../test/helpers/client.js';
import { withDatabase } from '../test/helpers/env.js';
import { rssOf } from './lib/setup.js';
import { seedUploader, startUploadServer } from './lib/upload-server.js';

const MB = 1024 * 1024;
const ORG = 'bench-upload';
const RUNS = 3;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
if (sizes.length === 0) sizes.push(100);
/**
 * A real MP4 of about the size (the pipeline parses and remuxes videos, so noise behind an MP4
 * header is refused): frames of noise as Motion JPEG at top quality, which neither compresses
 * nor takes long to encode; `-fs` stops at the size and the file is still finalised.
 */
function makeFile(dir: string, megabytes: number): string {
  const file = path.join(dir, `bench-${megabytes}.mp4`);
  execFileSync(
    'ffmpeg',
    [
      ...['-nostdin', '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '1280x720'],
      ...['-r', '25', '-i', '/dev/urandom', '-frames:v', '100000', '-c:v', 'mjpeg', '-q:v', '1'],
      ...['-fs', String(megabytes * MB), file],
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return file;
}

async function upload(url: string, client: Client, file: string): Promise<number> {
  const boundary = 'mitteBenchBoundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = fs.statSync(file).size;
  const started = performance.now();
  const request = http.request(`${url}/api/v1/media`, {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + size + tail.length),
      cookie: cookieHeader(client),
      'x-csrf-token': client.cookies.get('mitte_csrf')!,
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    request.on('error', reject);
  });
  request.write(head);
  await pipeline(fs.createReadStream(file, { highWaterMark: MB }), request, { end: false });
  request.end(tail);
  const { status, body } = await answer;
  if (status !== 201) throw new Error(`upload answered ${status}: ${body}`);
  return performance.now() - started;
}

/**
 * PGlite (default) runs inside the server process, so its memory counts in the server's RSS;
 * BENCH_DB=postgres (TEST_PG_ADMIN_URL, a superuser URL) shows the pipeline's own footprint.
 */
async function openBenchDatabase(dataDir: string): Promise<{
  db: Database;
  env: Record<string, string>;
  drop: () => Promise<void>;
}> {
  if (process.env.BENCH_DB !== 'postgres') {
    const db = await openConfiguredDatabase(loadConfig({ DATA_DIR: dataDir }));
    return { db, env: {}, drop: async () => {} };
  }
  const admin = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `mitte_bench_${randomBytes(4).toString('hex')}`;
  await setupDatabaseRoles(admin, { database: name, backupLoginWithoutPassword: true });
  const env = {
    DATABASE_URL: withDatabase(admin, name, APP_ROLE),
    DATABASE_OWNER_URL: withDatabase(admin, name, OWNER_ROLE),
  };
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, databaseOwnerUrl: env.DATABASE_OWNER_URL });
  return {
    db,
    env,
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    },
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-upload-'));
  const clamd = await startClamd({ streamMaxLength: '600M' });
  const scanner = new ClamdClient(clamd.url);
  const dataDir = path.join(dir, 'data');
  const database = await openBenchDatabase(dataDir);
  const db = database.db;
  await migrate(db);
  const account = await seedUploader(db, ORG);
  await db.close();
  const { server, client } = await startUploadServer(
    {
      ...database.env,
      // e.g. BENCH_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server.
      ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      DATA_DIR: dataDir,
      CLAMD_URL: clamd.url,
    },
    ORG,
    account,
  );
  try {
    const idle = rssOf(server.pid);
    console.log(`server pid ${server.pid}, RSS after start ${(idle.rss / MB).toFixed(0)} MB`);
    console.log('size    | clamd alone | pipeline   | ratio | server peak RSS (sampled) | VmHWM');
    for (const megabytes of sizes) {
      const file = makeFile(dir, megabytes);
      let clamdMs = Number.POSITIVE_INFINITY;
      let pipelineMs = Number.POSITIVE_INFINITY;
      let peak = 0;
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const verdict = await scanner.scan(fs.createReadStream(file, { highWaterMark: MB }));
        if (verdict.infected) throw new Error(`clamd flagged the bench file: ${verdict.signature}`);
        clamdMs = Math.min(clamdMs, performance.now() - started);

        const sampler = setInterval(() => {
          peak = Math.max(peak, rssOf(server.pid).rss);
        }, 25);
        try {
          pipelineMs = Math.min(pipelineMs, await upload(server.url, client, file));
        } finally {
          clearInterval(sampler);
        }
      }
      fs.rmSync(file);
      const mbps = (ms: number) => `${((megabytes * 1000) / ms).toFixed(1)} MB/s`;
      console.log(
        `${String(megabytes).padStart(4)} MB | ${mbps(clamdMs).padStart(11)} | ${mbps(pipelineMs).padStart(10)} | ${(
          clamdMs / pipelineMs
        ).toFixed(
          2,
        )}  | ${(peak / MB).toFixed(0).padStart(22)} MB | ${(rssOf(server.pid).hwm / MB).toFixed(0)} MB`,
      );
    }
  } finally {
    await server.stop();
    await database.drop();
    await clamd.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
