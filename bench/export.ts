/**
 * Full export and backup of a large organisation: time and peak RSS.
 *
 *   npx tsx bench/export.ts                         # 10,000 spots, 200 MB of media
 *   BENCH_SPOTS=10000 BENCH_MEDIA_MB=2048 npx tsx bench/export.ts   # the 2 GB
 *
 * Media are random bytes stored exactly as uploads are (encrypted under the organisation's data
 * key, 8 MB each); rows are inserted directly (no scanner, no image work), since what is measured
 * is the export and the backup, not the upload. PGlite on disk. Prints figures; asserts nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { restoreBackup, takeBackup } from '../src/modules/backup/index.js';
import { exportOrganisationToFile } from '../src/modules/export/index.js';
import { provisionOrganisation } from '../src/modules/organisations/organisation.service.js';
import { runAsSystem, systemActorContext } from '../src/platform/access/system-context.js';
import { KeyRing } from '../src/platform/crypto/data-keys.js';
import { encryptStream } from '../src/platform/crypto/segmented-aead.js';
import { FileBlobStore, newBlobKey } from '../src/platform/storage/blob-store.js';

const SPOTS = Number(process.env.BENCH_SPOTS ?? 10_000);
const MEDIA_MB = Number(process.env.BENCH_MEDIA_MB ?? 200);
const FILE_MB = 8;
const ORG = 'bench-export';

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function measure<T>(name: string, fn: () => Promise<T>): Promise<T> {
  peak = process.memoryUsage().rss;
  const start = performance.now();
  const result = await fn();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${name.padEnd(22)} ${seconds.toFixed(1).padStart(7)} s   peak RSS ${mb(peak)}`);
  return result;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-export-'));
const dataDir = path.join(root, 'data');
fs.mkdirSync(dataDir);
const masterKey = randomBytes(32);
const config = loadConfig({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  BACKUP_KEY: randomBytes(32).toString('base64'),
});
const db = await openDatabase({ pgliteDir: path.join(dataDir, 'db') });
await migrate(db);
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
      const data = { name: { ja: `スポット ${j}`, en: `Spot ${j}` }, description: { ja: '説明'.repeat(50) } };
      params.push(JSON.stringify(data));
      values.push(`('${ORG}', 'spot', $${params.length}::jsonb)`);
    }
    await db.pool.query(
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
    await db.pool.query(
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

const zip = path.join(root, 'export.zip');
const exported = await measure('export-org', () => exportOrganisationToFile({ db, blobs, keys }, ORG, zip));
console.log(`  ${exported.manifest.files.length + 1} files, ${mb(exported.bytes)}`);
fs.rmSync(zip);

const ops = systemActorContext('bench', ['ops:backups']);
const backup = await measure('backup', () =>
  takeBackup(ops, { db, config, masterKey }, { outDir: path.join(root, 'backups') }),
);
console.log(`  ${mb(backup!.sizeBytes)}`);
await db.close();
const report = await measure('restore --verify', () =>
  restoreBackup(ops, { config, masterKey }, backup!.file, { verify: true, target: {} }),
);
console.log(`  ok: ${report.ok}, ${report.blobs.checked} blobs, ${report.tables.checked} tables`);
clearInterval(sampler);
fs.rmSync(root, { recursive: true, force: true });
