/**
 * Full export and backup of a large organisation: time and peak RSS.
 *
 *   npx tsx bench/export.ts                         # 10,000 spots, 256 MB of media
 *   BENCH_SPOTS=10000 BENCH_MEDIA_MB=2048 npx tsx bench/export.ts   # the issue's 2 GB
 *   BENCH_DB=postgres TEST_PG_ADMIN_URL=postgres://… npx tsx bench/export.ts   # on PostgreSQL
 *   npm run build:server && npm run build:bench && node dist/bench/export.js   # built,
 *     without tsx's own ~75 MB in the figures
 *
 * On PostgreSQL the database is a fresh one under TEST_PG_ADMIN_URL (dropped at the end); the
 * backup runs pg_dump as mitte_backup and restore --verify goes into another empty database. The
 * purge of the organisation is measured last (rows, blobs, keys, chain, certificate).
 * Two processes, so the seeding does not count: this one seeds a PGlite data directory (the demo
 * organisation without its photos, then the bench organisation: media are random bytes stored
 * exactly as uploads are, encrypted under the organisation's data key, 8 MB each; rows inserted
 * directly, no scanner or image work) and closes it; a fresh process then
 * opens it as a server would, prints its baseline RSS (data loaded, a warm-up read done), and
 * runs the export, the backup and restore --verify, each with its peak RSS and the growth over
 * the baseline. Prints figures; asserts nothing. BENCH_STEPS (default
 * export,backup,restore,purge) picks steps; BENCH_DETAIL=1 prints where the memory is every 5 s.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { restoreBackup, takeBackup } from '../src/modules/backup/index.js';
import { exportOrganisationToFile } from '../src/modules/export/index.js';
import {
  lifecycleSystemContext,
  runPurge,
  startPurge,
  terminateOrganisation,
} from '../src/modules/lifecycle/index.js';
import { ensureDemoOrganisation, provisionOrganisation } from '../src/modules/organisations/index.js';
import { RallyKeys } from '../src/modules/rally/index.js';
import { runAsSystem, systemActorContext } from '../src/platform/access/system-context.js';
import { KeyRing } from '../src/platform/crypto/data-keys.js';
import { encryptStream } from '../src/platform/crypto/segmented-aead.js';
import { createMailer } from '../src/platform/mail/mailer.js';
import { FileBlobStore, newBlobKey } from '../src/platform/storage/blob-store.js';
import { type BenchDatabaseLocation, kind, openBenchDatabase, openBenchLocation } from './lib/setup.js';

const SPOTS = Number(process.env.BENCH_SPOTS ?? 10_000);
const MEDIA_MB = Number(process.env.BENCH_MEDIA_MB ?? 256);
const FILE_MB = 8;
const ORG = 'bench-export';

const STEPS = new Set((process.env.BENCH_STEPS ?? 'export,backup,restore,purge').split(','));

let peak = 0;
let peakHeap = 0;
let ticks = 0;
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  peak = Math.max(peak, now.rss);
  peakHeap = Math.max(peakHeap, now.heapUsed);
  // BENCH_DETAIL: a line every 5 s of where the memory is.
  if (process.env.BENCH_DETAIL && ++ticks % 250 === 0) {
    const parts = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const;
    console.log(`  ${parts.map((p) => `${p} ${mb(now[p])}`).join(', ')}`);
  }
}, 20);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
let baseline = 0;

async function measure<T>(name: string, fn: () => Promise<T>): Promise<T> {
  peak = process.memoryUsage().rss;
  peakHeap = process.memoryUsage().heapUsed;
  const start = performance.now();
  const result = await fn();
  const seconds = (performance.now() - start) / 1000;
  const growth = baseline ? `   +${mb(peak - baseline)} over the baseline` : '';
  if (process.env.BENCH_DETAIL) console.log(`  peak JS heap used ${mb(peakHeap)}`);
  console.log(`${name.padEnd(22)} ${seconds.toFixed(1).padStart(7)} s   peak RSS ${mb(peak)}${growth}`);
  return result;
}

function settings(root: string) {
  const dataDir = path.join(root, 'data');
  const secrets = JSON.parse(fs.readFileSync(path.join(root, 'secrets.json'), 'utf8'));
  const location = secrets.location as BenchDatabaseLocation;
  const backupUrl = 'appUrl' in location ? withUser(location.appUrl, 'mitte_backup') : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    BACKUP_KEY: secrets.backupKey,
    ...(backupUrl ? { BACKUP_DATABASE_URL: backupUrl } : {}),
  });
  return { dataDir, config, location, masterKey: Buffer.from(secrets.masterKey, 'base64') };
}

function withUser(url: string, user: string, database?: string): string {
  const u = new URL(url);
  u.username = user;
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

/** Runs SQL as the organisation (PostgreSQL's app role is filtered by row-level security). */
async function asOrg(db: Database, text: string, params: unknown[]): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.org', $1, true), set_config('app.realm', 'tenant', true)", [
      ORG,
    ]);
    await client.query(text, params);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function seed(root: string): Promise<() => Promise<void>> {
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir);
  const opened = await openBenchDatabase(path.join(dataDir, 'db'));
  fs.writeFileSync(
    path.join(root, 'secrets.json'),
    JSON.stringify({
      masterKey: randomBytes(32).toString('base64'),
      backupKey: randomBytes(32).toString('base64'),
      location: opened.location,
    }),
  );
  const { masterKey } = settings(root);
  const db = opened.db;
  // The demo organisation beside it (content and stamp rally, no photos), as the backup's data.
  await ensureDemoOrganisation(db, new RallyKeys(masterKey));
  await runAsSystem(db, { kind: 'provider' }, 'bench', ['ops:organisations'], (ctx) =>
    provisionOrganisation(ctx, { serviceCode: ORG, nameJa: 'ベンチ町', nameEn: 'Bench town' }),
  );
  const blobs = new FileBlobStore(path.join(dataDir, 'blobs'));
  const keys = new KeyRing(db, masterKey);
  await measure(`seed ${SPOTS} spots`, async () => {
    for (let i = 0; i < SPOTS; i += 500) {
      const values: string[] = [];
      const params: unknown[] = [];
      for (let j = i; j < Math.min(SPOTS, i + 500); j++) {
        const data = {
          name: { ja: `スポット ${j}`, en: `Spot ${j}` },
          description: { ja: '説明'.repeat(50) },
        };
        params.push(JSON.stringify(data));
        values.push(`('${ORG}', 'spot', $${params.length}::jsonb)`);
      }
      await asOrg(
        db,
        `INSERT INTO tenant.content_items (org, kind, data) VALUES ${values.join(',')}`,
        params,
      );
    }
  });
  await measure(`seed ${MEDIA_MB} MB media`, async () => {
    const key = await keys.currentKey(ORG);
    for (let i = 0; i < Math.ceil(MEDIA_MB / FILE_MB); i++) {
      const blobKey = newBlobKey(ORG, 'mp4');
      const bytes = randomBytes(FILE_MB * 1024 * 1024);
      await blobs.put(blobKey, Readable.from([bytes]).pipe(encryptStream(key.key, key.version, blobKey)));
      await asOrg(
        db,
        `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key, key_version)
         VALUES ($1, 'video', 'video/mp4', 'mp4', $2, $3, $4, $5, $6)`,
        [
          ORG,
          `video-${i}.mp4`,
          bytes.length,
          createHash('sha256').update(bytes).digest('hex'),
          blobKey,
          key.version,
        ],
      );
    }
  });
  // PGlite: closed so the measuring process can open the directory; PostgreSQL: dropped at the end.
  if (kind === 'pglite') {
    await db.close();
    return async () => {};
  }
  return async () => {
    await opened.cleanup();
  };
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

async function run(root: string): Promise<void> {
  const { dataDir, config, location, masterKey } = settings(root);
  const db = await openBenchLocation(location);
  const blobs = new FileBlobStore(path.join(dataDir, 'blobs'));
  const keys = new KeyRing(db, masterKey);
  // A server with the data loaded: the organisation's rows read once, as the site would.
  await db.pool.query('SELECT count(*), sum(length(data::text)) FROM tenant.content_items');
  await new Promise((resolve) => setTimeout(resolve, 200));
  baseline = process.memoryUsage().rss;
  if (kind === 'pglite')
    console.log(`PGlite data directory ${mb(directorySize(path.join(dataDir, 'db')))} on disk`);
  else console.log('PostgreSQL (TEST_PG_ADMIN_URL)');
  if (process.env.BENCH_DETAIL) console.log(process.memoryUsage());
  console.log(`baseline (data open)             RSS ${mb(baseline)}`);

  if (STEPS.has('export')) {
    const zip = path.join(root, 'export.zip');
    const exported = await measure('export-org', () =>
      exportOrganisationToFile({ db, blobs, keys }, ORG, zip),
    );
    console.log(`  ${exported.manifest.files.length + 1} files, ${mb(exported.bytes)}`);
    if (process.env.BENCH_DETAIL) {
      (globalThis as { gc?: () => void }).gc?.();
      console.log(process.memoryUsage());
    }
    fs.rmSync(zip);
  }
  if (STEPS.has('backup')) await backupAndRestore(root, db);
  // PGlite: restore needed the directory closed; its purge is not measured.
  if (kind === 'pglite') return STEPS.has('backup') && STEPS.has('restore') ? undefined : await db.close();
  if (!STEPS.has('purge')) return await db.close();
  const system = lifecycleSystemContext('bench');
  const deps = {
    db,
    keys,
    blobs,
    mailer: createMailer({
      smtpUrl: undefined,
      from: 'bench@mitte-c.invalid',
      outboxDir: dataDir,
      log: console,
    }),
    config: { ...config, mayGenerateSigningKey: true },
    invalidate: async () => {},
  };
  await measure('purge', async () => {
    await runAsSystem(db, { kind: 'provider' }, 'bench', ['ops:organisations'], async (ctx) => {
      await terminateOrganisation(ctx, deps, ORG, {});
      await startPurge(ctx, ORG, { confirmation: ORG });
    });
    return runPurge(system, deps, ORG);
  });
  await db.close();
}

/** backup, then restore --verify of it (PGlite: the database is closed first, as restore needs). */
async function backupAndRestore(root: string, db: Database): Promise<void> {
  const { config, masterKey } = settings(root);
  const ops = systemActorContext('bench', ['ops:backups']);
  const backup = await measure('backup', () =>
    takeBackup(ops, { db, config, masterKey }, { outDir: path.join(root, 'backups') }),
  );
  console.log(`  ${mb(backup!.sizeBytes)}`);
  if (!STEPS.has('restore')) return;
  // PostgreSQL restores into an empty database of its own (dropped afterwards).
  const admin = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratchDb = `mitte_bench_restore_${randomBytes(4).toString('hex')}`;
  if (kind === 'postgres') await adminQuery(admin, `CREATE DATABASE ${scratchDb}`);
  if (kind === 'pglite') await db.close();
  try {
    const report = await measure('restore --verify', () =>
      restoreBackup(ops, { config, masterKey }, backup!.file, {
        verify: true,
        target: kind === 'postgres' ? { databaseUrl: withUser(admin, 'postgres', scratchDb) } : {},
      }),
    );
    console.log(`  ok: ${report.ok}, ${report.blobs.checked} blobs, ${report.tables.checked} tables`);
  } finally {
    if (kind === 'postgres') await adminQuery(admin, `DROP DATABASE ${scratchDb} WITH (FORCE)`);
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

if (process.env.BENCH_EXPORT_ROOT) {
  await run(process.env.BENCH_EXPORT_ROOT);
} else {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-export-'));
  let cleanup = async () => {};
  try {
    cleanup = await seed(root);
    // The figures come from a fresh process that only opens what was seeded.
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_EXPORT_ROOT: root },
    });
    if (child.status !== 0) process.exitCode = 1;
  } finally {
    await cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
clearInterval(sampler);
