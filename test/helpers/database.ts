import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase, type WaitLimits } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { APP_ROLE, BACKUP_ROLE, OWNER_ROLE } from '../../src/db/roles.js';
import { pgAdminUrl, TEMPLATE_DB, type TestDbKind, testDbKind, withDatabase } from './env.js';
import { pgliteTemplate } from './pglite-template.js';

export interface TestDatabase {
  kind: TestDbKind;
  db: Database;
  /** Superuser access for set-up and tampering: PGlite's own session, or a superuser pool. */
  superuser: pg.Pool;
  /** PostgreSQL only: connection URLs of this test's database. */
  urls?: { app: string; owner: string; backup: string; admin: string; name: string };
  close(): Promise<void>;
}

/**
 * A test database is small: PGlite's default 128 MB of shared buffers only costs the time to
 * clear them at every open (about a third of the open's CPU time, and a run opens dozens).
 */
const TEST_PGLITE_SETTINGS = ['shared_buffers=16MB'];

/** A fresh, migrated database of the kind selected by TEST_DB. */
export async function openTestDatabase(
  kind: TestDbKind = testDbKind(),
  limits?: Partial<WaitLimits>,
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const template = pgliteTemplate();
    const db = await openDatabase({
      pgliteDir: 'memory://',
      ...(template && { pgliteLoadDataDir: template }),
      pgliteSettings: TEST_PGLITE_SETTINGS,
      ...(limits && { limits }),
    });
    // A no-op on the template; still run so a stale or missing template cannot hide a migration.
    await migrate(db);
    return { kind, db, superuser: db.pool, close: () => db.close() };
  }
  const admin = pgAdminUrl();
  const name = `mitte_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB} OWNER ${OWNER_ROLE}`);
  } finally {
    await client.end();
  }
  const urls = {
    app: withDatabase(admin, name, APP_ROLE),
    owner: withDatabase(admin, name, OWNER_ROLE),
    backup: withDatabase(admin, name, BACKUP_ROLE),
    admin: withDatabase(admin, name),
    name,
  };
  const db = await openDatabase({
    databaseUrl: urls.app,
    databaseOwnerUrl: urls.owner,
    poolMax: 10,
    ...(limits && { limits }),
  });
  const superuser = new pg.Pool({ connectionString: urls.admin, max: 2 });
  // DROP DATABASE … WITH (FORCE) at the end terminates idle connections; that is expected.
  superuser.on('error', () => {});
  return {
    kind,
    db,
    superuser,
    urls,
    async close() {
      await db.close();
      await superuser.end();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** One statement as the PostgreSQL superuser of the test cluster (databases outside a test's own). */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
