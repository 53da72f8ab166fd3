import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Database } from './database.js';
import { APP_ROLE, READER_ROLE } from './roles.js';

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any fixed number works; all nodes must use the same one so only one migrates at a time.
const MIGRATION_LOCK = 7_310_2026;

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => FILE_NAME.test(name))
    .sort()
    .map((file) => {
      const match = FILE_NAME.exec(file)!;
      const sql = fs.readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(match[1]),
        name: match[2]!,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

async function prepareSession(client: pg.PoolClient, db: Database): Promise<void> {
  if (db.kind === 'pglite') {
    // PGlite is a single superuser session: create the app role it switches to per transaction.
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${READER_ROLE}') THEN
        CREATE ROLE ${READER_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF; END $$`);
  } else {
    for (const role of [APP_ROLE, READER_ROLE]) {
      const { rows } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (rows.length === 0) {
        throw new MigrationError(`role ${role} does not exist: run "mitte db-setup" as a superuser first`);
      }
    }
  }
  await client.query('CREATE SCHEMA IF NOT EXISTS provider');
  await client.query(`CREATE TABLE IF NOT EXISTS provider.schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
}

/** Applies every pending migration in order, each in its own transaction, one node at a time. */
export async function migrate(db: Database, files = readMigrationFiles()): Promise<{ applied: string[] }> {
  if (!db.ownerPool) {
    throw new MigrationError('migrations need the owner connection: set DATABASE_OWNER_URL');
  }
  const client = await db.ownerPool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await prepareSession(client, db);
      const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM provider.schema_migrations ORDER BY version',
      );
      const done = new Map(rows.map((row) => [row.version, row]));
      for (const file of files) {
        const previous = done.get(file.version);
        if (previous) {
          if (previous.checksum !== file.checksum) {
            throw new MigrationError(
              `migration ${file.version}_${file.name} was changed after it was applied; add a new migration instead`,
            );
          }
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(file.sql);
          await client.query(
            'INSERT INTO provider.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
            [file.version, file.name, file.checksum],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new MigrationError(
            `migration ${file.version}_${file.name} failed: ${(error as Error).message}`,
          );
        }
        applied.push(`${file.version}_${file.name}`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return { applied };
}

/** Versions present in the code but not yet applied (read as the app role). */
export async function pendingMigrations(db: Database, files = readMigrationFiles()): Promise<string[]> {
  const { rows } = await db.pool.query<{ version: number }>('SELECT version FROM provider.schema_migrations');
  const applied = new Set(rows.map((row) => row.version));
  return files.filter((file) => !applied.has(file.version)).map((file) => `${file.version}_${file.name}`);
}
