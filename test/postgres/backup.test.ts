import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { restoreBackup, takeBackup } from '../../src/modules/backup/index.js';
import { provisionOrganisation } from '../../src/modules/organisations/organisation.service.js';
import { runAsSystem, systemActorContext } from '../../src/platform/access/system-context.js';
import { KeyRing } from '../../src/platform/crypto/data-keys.js';
import { AppError } from '../../src/platform/errors.js';
import { adminQuery, openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { pgAdminUrl, withDatabase } from '../helpers/env.js';

// PostgreSQL's backup: pg_dump on the snapshot the row counts were taken in, psql into an empty
// database, then the same checks as on PGlite.
const ops = systemActorContext('test', ['ops:backups']);
const masterKey = randomBytes(32);
let database: TestDatabase;
let root: string;
const target = `mitte_restore_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  database = await openTestDatabase('postgres');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-pg-backup-'));
  await runAsSystem(database.db, { kind: 'provider' }, 'test', ['ops:organisations'], (ctx) =>
    provisionOrganisation(ctx, { serviceCode: 'pg-drill', nameJa: '訓練市', nameEn: 'Drill City' }),
  );
  // A data key, so the restored key table has something to unwrap.
  await new KeyRing(database.db, masterKey).currentKey('pg-drill');
  await adminQuery(`CREATE DATABASE ${target}`);
});
afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`).catch(() => {});
  await database?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('PostgreSQL backup and verified restore', () => {
  it("the backup role from db-setup reads every organisation's rows and can change nothing", async () => {
    const backup = new pg.Client({ connectionString: database.urls!.backup });
    await backup.connect();
    try {
      const role = await backup.query(
        'SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user',
      );
      expect(role.rows[0]).toEqual({
        rolsuper: false,
        rolbypassrls: true,
        rolcreaterole: false,
        rolcreatedb: false,
      });
      // Row-level security does not hide the organisation's rows from it (no app.org is set)…
      const rows = await backup.query(
        "SELECT count(*)::int AS n FROM tenant.site_settings WHERE org = 'pg-drill'",
      );
      expect(rows.rows[0].n).toBe(1);
      // …and it can write nothing, not even become a role that can.
      for (const sql of [
        "UPDATE provider.organisations SET name_en = 'x' WHERE service_code = 'pg-drill'",
        "DELETE FROM tenant.site_settings WHERE org = 'pg-drill'",
        'CREATE TABLE public.sneaky (x int)',
        'SET ROLE mitte_owner',
      ]) {
        await expect(backup.query(sql), sql).rejects.toThrow(/permission denied|must be member/);
      }
    } finally {
      await backup.end();
    }
  });

  it('pg_dump backup restores into an empty database with equal counts and verified audit chains; a non-empty target is refused', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: root,
      DATABASE_URL: database.urls!.app,
      BACKUP_KEY: randomBytes(32).toString('base64'),
      BACKUP_DATABASE_URL: database.urls!.backup,
    });
    const taken = await takeBackup(
      ops,
      { db: database.db, config, masterKey },
      { outDir: path.join(root, 'b') },
    );
    expect(taken!.manifest.label.databaseKind).toBe('postgres');
    expect(taken!.manifest.tables['provider.organisations']).toBeGreaterThanOrEqual(1);

    const report = await restoreBackup(ops, { config, masterKey }, taken!.file, {
      verify: true,
      target: { databaseUrl: withDatabase(pgAdminUrl(), target) },
    });
    expect(report.tables.mismatches).toEqual([]);
    expect(report.migrations.ok).toBe(true);
    expect(report.audit.ok).toBe(true);
    expect(report.ok).toBe(true);

    // The target now holds the schemas: a second restore into it is refused.
    await expect(
      restoreBackup(ops, { config, masterKey }, taken!.file, {
        verify: true,
        target: { databaseUrl: withDatabase(pgAdminUrl(), target) },
      }),
    ).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'restore_target_not_empty');
  }, 120_000);
});
