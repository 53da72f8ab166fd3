import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { inspectConnectedRole } from './db/roles.js';

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite's files may be opened by one process only; a second one would corrupt them. A lock
 * file with the holder's pid refuses the second (a stale lock of a dead process is taken over).
 */
function lockEmbeddedDatabase(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'db.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new DatabaseInUseError(
          `the embedded database in ${dataDir} is in use by process ${holder}; stop it first (PGlite allows one process)`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new DatabaseInUseError(`could not lock ${file}`);
}

/** Opens the configured database: PostgreSQL through DATABASE_URL, else PGlite in DATA_DIR/db. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    return openDatabase({
      databaseUrl: config.databaseUrl,
      databaseOwnerUrl: config.databaseOwnerUrl,
      poolMax: config.databasePoolMax,
    });
  }
  const unlock = lockEmbeddedDatabase(config.dataDir);
  try {
    const db = await openDatabase({ pgliteDir: path.join(config.dataDir, 'db') });
    return {
      ...db,
      async close() {
        await db.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
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
