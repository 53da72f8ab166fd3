import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { restoreBackup, takeBackup } from '../src/modules/backup/index.js';
import { systemActorContext } from '../src/platform/access/system-context.js';
import { AppError } from '../src/platform/errors.js';
import { openBlobStore } from '../src/platform/storage/open-blob-store.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { postFile, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';
import { noisyPng } from './helpers/media-files.js';
import { startS3, type TestS3 } from './helpers/s3.js';

// Issue 17's gap in issue 14's backups: with BLOB_STORE=s3 the backup reads the blobs through
// the blob store (not DATA_DIR/blobs), and a restore writes them back through it. The database
// side is the drill's (a PGlite data directory); PostgreSQL's dump is in test/postgres/.
const ORG = 'cloud-backup';
const ops = systemActorContext('test', ['ops:backups']);
const masterKey = randomBytes(32);
const backupKey = randomBytes(32).toString('base64');
let s3: TestS3;
let clamd: TestClamd;
let t: TestApp;
let root: string;
let bucket: string;
let mediaBytes: Buffer;
let mediaUrl: string;

const env = (b: string) => ({ ...s3.env(b), BACKUP_KEY: backupKey, DATA_DIR: path.join(root, 'data') });

function refusal(error: unknown): string {
  return error instanceof AppError ? error.code : String(error);
}

beforeAll(async () => {
  s3 = await startS3();
  clamd = await startClamd();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-backup-s3-'));
  bucket = await s3.newBucket();
  fs.mkdirSync(path.join(root, 'data'));
  const db = await openDatabase({ pgliteDir: path.join(root, 'data', 'db') });
  await migrate(db);
  t = await startTestApp({
    database: { kind: 'pglite', db, superuser: db.pool, close: () => db.close() },
    deps: { masterKey },
    env: { ...env(bucket), CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' },
  });
  await createOrganisation(t.database.db, ORG);
  const admin = await signedIn(t, ORG, await seedUser(t, ORG, { role: 'admin' }));
  const upload = await postFile(admin, '雲.png', await noisyPng(), 'image/png');
  expect(upload.status).toBe(201);
  const id = ((await upload.json()) as { id: string }).id;
  mediaUrl = `/api/v1/media/${id}/content`;
  mediaBytes = Buffer.from(
    await (
      await fetch(`${t.url}${mediaUrl}`, {
        headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      })
    ).arrayBuffer(),
  );
}, 180_000);

afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
  await s3?.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('backups with BLOB_STORE=s3', () => {
  let backupFile: string;

  it('takes the blobs from the object store through the blob-store interface', async () => {
    // Nothing local: every blob is in the bucket.
    const local = path.join(root, 'data', 'blobs');
    const localFiles = fs.existsSync(local)
      ? fs.readdirSync(local, { recursive: true }).filter((n) => !String(n).startsWith('.tmp'))
      : [];
    expect(localFiles.filter((n) => String(n).startsWith(ORG))).toEqual([]);
    const taken = await takeBackup(
      ops,
      { db: t.database.db, config: t.config, masterKey },
      {
        outDir: path.join(root, 'backups'),
      },
    );
    expect(taken).not.toBeNull();
    backupFile = taken!.file;
    // The original and its derivatives.
    expect(taken!.manifest.blobs.count).toBeGreaterThanOrEqual(2);
    expect(taken!.manifest.blobs.missing).toEqual([]);
    expect(taken!.manifest.blobs.bytes).toBeGreaterThan(mediaBytes.length);
  }, 120_000);

  it('restore --verify decrypts every blob the rows name', async () => {
    const report = await restoreBackup(ops, { config: t.config, masterKey }, backupFile, {
      verify: true,
      target: {},
    });
    expect(report.blobs.failed).toEqual([]);
    expect(report.blobs.checked).toBeGreaterThanOrEqual(2);
    expect(report.ok).toBe(true);
  }, 120_000);

  it('a restore writes the blobs into an empty bucket, the media serve from it; a bucket holding them is refused', async () => {
    await t.close();
    const fresh = await s3.newBucket();
    const config = {
      ...t.config,
      dataDir: path.join(root, 'restored'),
      blobStore: { ...t.config.blobStore, bucket: fresh } as typeof t.config.blobStore,
    };
    const store = await openBlobStore(config);
    const pgliteDir = path.join(root, 'restored', 'db');
    fs.mkdirSync(pgliteDir, { recursive: true });
    try {
      const report = await restoreBackup(ops, { config, masterKey }, backupFile, {
        verify: false,
        target: { pgliteDir, blobStore: store },
      });
      expect(report.ok).toBe(true);
      await expect(
        restoreBackup(ops, { config, masterKey }, backupFile, {
          verify: false,
          target: { pgliteDir: path.join(root, 'again'), blobStore: store },
        }),
      ).rejects.toSatisfy((e) => refusal(e) === 'restore_target_not_empty');
      expect(fs.existsSync(path.join(root, 'again'))).toBe(false);
    } finally {
      store.close();
    }
    const db = await openDatabase({ pgliteDir });
    t = await startTestApp({
      database: { kind: 'pglite', db, superuser: db.pool, close: () => db.close() },
      deps: { masterKey },
      env: {
        ...env(fresh),
        DATA_DIR: path.join(root, 'restored'),
        CLAMD_URL: clamd.url,
        SCHEDULER_INTERVAL_MS: '0',
      },
    });
    const admin = await signedIn(t, ORG, await seedUser(t, ORG, { role: 'admin' }));
    const res = await fetch(`${t.url}${mediaUrl}`, {
      headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(mediaBytes)).toBe(true);
  }, 180_000);
});
