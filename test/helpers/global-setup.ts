import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { OWNER_ROLE, setupDatabaseRoles } from '../../src/db/roles.js';
import { pgAdminUrl, TEMPLATE_DB, testDbKind, withDatabase } from './env.js';

/**
 * On PostgreSQL: create the roles and one migrated template database once; every test file
 * then clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 */
export async function setup(): Promise<void> {
  if (testDbKind() !== 'postgres') return;
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
}
