import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { restoreBackup, takeBackup } from '../src/modules/backup/index.js';
import { provisionOrganisation } from '../src/modules/organisations/organisation.service.js';
import { runAsSystem, systemActorContext } from '../src/platform/access/system-context.js';
import { verifyAuditLog } from '../src/platform/audit/verify.js';
import { AppError } from '../src/platform/errors.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { postFile, seedUser, signedIn, signedInOperator } from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';

// The drill runs on PGlite files (a data directory that can be destroyed and restored); the
// PostgreSQL path (pg_dump on one snapshot, psql into an empty database) is in test/postgres/.
const ORG = 'drill-town';
const ops = systemActorContext('test', ['ops:backups']);
const masterKey = randomBytes(32);
const backupKey = randomBytes(32).toString('base64');
let clamd: TestClamd;
let root: string;
let dataDir: string;
let backupDir: string;

async function fileDatabase(dir: string): Promise<TestDatabase> {
  const db = await openDatabase({ pgliteDir: dir });
  await migrate(db);
  return { kind: 'pglite', db, superuser: db.pool, close: () => db.close() };
}

function appOn(database: TestDatabase): Promise<TestApp> {
  return startTestApp({
    database,
    deps: { masterKey },
    env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0', DATA_DIR: dataDir, BACKUP_KEY: backupKey },
  });
}

async function heads(t: TestApp) {
  const { rows } = await t.database.superuser.query(
    'SELECT chain, seq, hash FROM audit.chain_heads ORDER BY chain',
  );
  return rows as { chain: string; seq: number; hash: string }[];
}

function refusal(error: unknown): string {
  return error instanceof AppError ? error.code : String(error);
}

beforeAll(async () => {
  clamd = await startClamd();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-drill-'));
  dataDir = path.join(root, 'data');
  backupDir = path.join(root, 'backups');
  fs.mkdirSync(dataDir);
}, 120_000);

afterAll(async () => {
  await clamd?.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('restore drill: seed → backup → destroy → restore', () => {
  let backupFile: string;
  const before: { page?: string; media?: Buffer; mediaUrl?: string; pageUrl?: string; heads?: unknown[] } =
    {};

  it('a restored service shows the same public site, the same media bytes and the same audit chain', async () => {
    const database = await fileDatabase(path.join(dataDir, 'db'));
    let t = await appOn(database);
    await runAsSystem(t.database.db, { kind: 'provider' }, 'test', ['ops:organisations'], (ctx) =>
      provisionOrganisation(ctx, { serviceCode: ORG, nameJa: '訓練町', nameEn: 'Drill Town' }),
    );
    const admin = await signedIn(t, ORG, await seedUser(t, ORG, { role: 'admin' }));
    const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a35' } })
      .jpeg()
      .toBuffer();
    const upload = await postFile(admin, '桜.jpg', image, 'image/jpeg');
    expect(upload.status).toBe(201);
    const mediaId = ((await upload.json()) as { id: string }).id;
    // Published content needs alt text for its images.
    expect((await admin.patch(`/api/v1/media/${mediaId}`, { alt: { ja: '満開の桜' } })).status).toBe(200);
    const created = await admin.post('/api/v1/spots', spotData('訓練の滝', { imageIds: [mediaId] }));
    expect(created.status).toBe(201);
    const spot = created.body as { id: string; version: number };
    expect((await admin.post(`/api/v1/spots/${spot.id}/publish`, { version: spot.version })).status).toBe(
      200,
    );
    before.pageUrl = `/s/${ORG}/ja/spots/${spot.id}`;
    before.mediaUrl = `/s/${ORG}/media/${mediaId}/original`;
    before.page = await (await fetch(`${t.url}${before.pageUrl}`)).text();
    expect(before.page).toContain('訓練の滝');
    before.media = Buffer.from(await (await fetch(`${t.url}${before.mediaUrl}`)).arrayBuffer());
    expect(before.media.length).toBeGreaterThan(100);

    // The chains as the dump will hold them (the backup's own record comes after the dump).
    before.heads = await heads(t);
    const taken = await takeBackup(
      ops,
      { db: t.database.db, config: t.config, masterKey },
      { outDir: backupDir },
    );
    expect(taken).not.toBeNull();
    backupFile = taken!.file;
    expect(fs.readdirSync(backupDir).sort()).toEqual([
      path.basename(backupFile),
      `${path.basename(backupFile)}.sha256`,
    ]);
    expect(fs.readFileSync(backupFile).subarray(0, 15).toString()).toBe('MITTE-BACKUP/1\n');
    // Encrypted: neither the spot's name nor the image bytes appear in the file.
    expect(fs.readFileSync(backupFile).includes(Buffer.from('訓練の滝'))).toBe(false);

    // The ops console and /metrics show it.
    const operator = await signedInOperator(t, `ops-${Date.now()}@provider.example.jp`);
    const status = await operator.get('/api/v1/ops/backups');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ alarm: false, lastGood: { sha256: taken!.sha256 } });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/mitte_backup_age_seconds \d/);
    expect((await admin.get('/api/v1/ops/backups')).status).toBe(403);

    await t.close();
    await database.close();
    // Destroy: the database and every stored file are gone.
    fs.rmSync(path.join(dataDir, 'db'), { recursive: true });
    fs.rmSync(path.join(dataDir, 'blobs'), { recursive: true });

    const report = await restoreBackup(ops, { config: t.config, masterKey }, backupFile, {
      verify: false,
      target: { pgliteDir: path.join(dataDir, 'db'), blobDir: path.join(dataDir, 'blobs') },
    });
    expect(report.migrations.ok).toBe(true);
    expect(report.tables.mismatches).toEqual([]);
    expect(report.blobs).toMatchObject({ ok: true, failed: [] });
    expect(report.blobs.checked).toBeGreaterThanOrEqual(2);
    expect(report.audit.ok).toBe(true);
    expect(report.ok).toBe(true);

    const restored = await openDatabase({ pgliteDir: path.join(dataDir, 'db') });
    t = await appOn({
      kind: 'pglite',
      db: restored,
      superuser: restored.pool,
      close: () => restored.close(),
    });
    try {
      expect(await (await fetch(`${t.url}${before.pageUrl}`)).text()).toBe(before.page);
      const media = Buffer.from(await (await fetch(`${t.url}${before.mediaUrl}`)).arrayBuffer());
      expect(media.equals(before.media)).toBe(true);
      expect((await verifyAuditLog(restored)).ok).toBe(true);
      const after = await heads(t);
      // The organisation's chain is exactly as it was; the provider's has the restore on top.
      expect(after.find((h) => h.chain === ORG)).toEqual(
        (before.heads as typeof after).find((h) => h.chain === ORG),
      );
      const providerBefore = (before.heads as typeof after).find((h) => h.chain === '#provider')!;
      const { rows } = await restored.pool.query(
        "SELECT seq, hash, action FROM audit.events WHERE chain = '#provider' AND seq >= $1 ORDER BY seq",
        [providerBefore.seq],
      );
      expect(rows[0]).toMatchObject({ seq: providerBefore.seq, hash: providerBefore.hash });
      expect(rows.map((r) => r.action)).toEqual([rows[0].action, 'backup.restored']);
    } finally {
      await t.close();
      await restored.close();
    }
  }, 360_000);

  it('restore --verify restores into a scratch place, checks everything and leaves nothing behind', async () => {
    // Its own scratch directories, not a listing of the temp directory: other test files restore
    // at the same time and have theirs there too.
    const mkdtemp = vi.spyOn(fs, 'mkdtempSync');
    const config = { backup: { key: backupKey, keyFile: undefined } } as never;
    let created: string[];
    try {
      const report = await restoreBackup(ops, { config, masterKey }, backupFile, {
        verify: true,
        target: {},
      });
      expect(report.ok).toBe(true);
    } finally {
      created = mkdtemp.mock.results.map((r) => String(r.value));
      mkdtemp.mockRestore();
    }
    const scratch = created.filter((dir) => path.basename(dir).startsWith('mitte-restore-'));
    expect(scratch.length).toBeGreaterThan(0);
    for (const dir of scratch) expect(fs.existsSync(dir)).toBe(false);
  }, 60_000);

  it('refuses a non-empty target, a wrong key, a changed byte and a truncated file, changing nothing', async () => {
    const config = { backup: { key: backupKey, keyFile: undefined } } as never;
    const occupied = path.join(root, 'occupied');
    fs.mkdirSync(occupied);
    fs.writeFileSync(path.join(occupied, 'keep.txt'), 'mine');
    await expect(
      restoreBackup(ops, { config, masterKey }, backupFile, {
        verify: false,
        target: { pgliteDir: occupied, blobDir: path.join(root, 'b1') },
      }),
    ).rejects.toSatisfy((e) => refusal(e) === 'restore_target_not_empty');
    expect(fs.readdirSync(occupied)).toEqual(['keep.txt']);
    expect(fs.existsSync(path.join(root, 'b1'))).toBe(false);

    const wrongKey = { backup: { key: randomBytes(32).toString('base64'), keyFile: undefined } } as never;
    await expect(
      restoreBackup(ops, { config: wrongKey, masterKey }, backupFile, { verify: true, target: {} }),
    ).rejects.toSatisfy((e) => refusal(e) === 'backup_wrong_key');

    // A truncated copy without its checksum file: the encryption itself notices.
    const bytes = fs.readFileSync(backupFile);
    const truncated = path.join(root, 'truncated.mbk');
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    await expect(
      restoreBackup(ops, { config, masterKey }, truncated, { verify: true, target: {} }),
    ).rejects.toSatisfy((e) => refusal(e) === 'backup_damaged');
    // One changed byte with the checksum file beside it: the checksum says so first.
    const changed = path.join(root, 'changed.mbk');
    const copy = Buffer.from(bytes);
    copy[copy.length - 5] = (copy[copy.length - 5] ?? 0) ^ 1;
    fs.writeFileSync(changed, copy);
    fs.copyFileSync(`${backupFile}.sha256`, `${changed}.sha256`);
    await expect(
      restoreBackup(ops, { config, masterKey }, changed, { verify: true, target: {} }),
    ).rejects.toSatisfy((e) => refusal(e) === 'backup_damaged');
    fs.rmSync(`${changed}.sha256`);
    await expect(
      restoreBackup(ops, { config, masterKey }, changed, { verify: true, target: {} }),
    ).rejects.toSatisfy((e) => refusal(e) === 'backup_damaged');
  }, 60_000);

  it('a backup without a backup key, or with the master key as backup key, is refused and writes nothing', async () => {
    const database = await openTestDatabase('pglite');
    try {
      const out = path.join(root, 'refused');
      for (const backup of [
        { key: undefined, keyFile: undefined },
        { key: masterKey.toString('base64'), keyFile: undefined },
      ]) {
        const config = { backup, dataDir: root } as never;
        await expect(
          takeBackup(ops, { db: database.db, config, masterKey }, { outDir: out }),
        ).rejects.toSatisfy((e) => refusal(e) === 'backup_key');
      }
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      await database.close();
    }
  });
});
