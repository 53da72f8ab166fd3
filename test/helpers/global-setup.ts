import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import './pglite-template.js';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { OWNER_ROLE, setupDatabaseRoles } from '../../src/db/roles.js';
import { pgAdminUrl, TEMPLATE_DB, testDbKind, withDatabase } from './env.js';

/**
 * One migrated database per run, cloned by every test file. On PostgreSQL: the roles and a
 * template database (CREATE DATABASE … TEMPLATE takes milliseconds). On PGlite: a dump of a
 * migrated data directory, loaded by each test database instead of initdb plus every migration.
 */
export async function setup(project: TestProject): Promise<(() => void) | undefined> {
  if (testDbKind() === 'pglite') return pgliteTemplate(project);
  const admin = pgAdminUrl();
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    const stale = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'mitte\\_t\\_%'",
    );
    for (const row of stale.rows) await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
  await setupDatabaseRoles(admin, { database: TEMPLATE_DB, backupLoginWithoutPassword: true });
  const db = await openDatabase({
    databaseUrl: withDatabase(admin, TEMPLATE_DB, 'mitte_app'),
    databaseOwnerUrl: withDatabase(admin, TEMPLATE_DB, OWNER_ROLE),
  });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  return undefined;
}

async function pgliteTemplate(project: TestProject): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-pglite-template-'));
  const file = path.join(dir, 'template.tar');
  const db = await openDatabase({ pgliteDir: 'memory://' });
  try {
    await migrate(db);
    // Uncompressed: every test database loads it, and gunzip is CPU time spent again each time.
    const dump = await db.dumpDataDir!(undefined, 'none');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
