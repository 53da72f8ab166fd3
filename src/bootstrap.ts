import path from 'node:path';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { inspectConnectedRole } from './db/roles.js';

/** Opens the configured database: PostgreSQL through DATABASE_URL, else PGlite in DATA_DIR/db. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    databaseOwnerUrl: config.databaseOwnerUrl,
    poolMax: config.databasePoolMax,
    pgliteDir: path.join(config.dataDir, 'db'),
  });
}

export class UnsafeDatabaseRoleError extends Error {
  override name = 'UnsafeDatabaseRoleError';
}

/**
 * Migrates where this node holds the owner connection, then checks that the app's own
 * connection cannot bypass row-level security (production refuses to start otherwise).
 */
export async function prepareDatabase(
  db: Database,
  config: Config,
  warn: (message: string) => void,
): Promise<{ applied: string[] }> {
  const result = db.ownerPool ? await migrate(db) : { applied: [] };
  if (db.kind === 'postgres') {
    const role = await inspectConnectedRole(db.pool);
    if (role.superuser || role.bypassRls || role.ownsTables > 0) {
      const message = `DATABASE_URL connects as "${role.role}", which ${
        role.superuser ? 'is a superuser' : role.bypassRls ? 'has BYPASSRLS' : 'owns tables'
      } and so is not bound by row-level security; connect as mitte_app (see "mitte db-setup")`;
      if (config.production) throw new UnsafeDatabaseRoleError(message);
      warn(message);
    }
  }
  return result;
}
