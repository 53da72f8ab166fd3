import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  kysely: Kysely<DB>;
  /** Pool the app queries through: the app role on PostgreSQL, the one in-process session on PGlite. */
  pool: pg.Pool;
  /** Pool for migrations: the owner role on PostgreSQL; the same session on PGlite. */
  ownerPool: pg.Pool | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  databaseOwnerUrl?: string | undefined;
  poolMax?: number;
  /** PGlite data directory, or `memory://` for an in-memory database (tests). */
  pgliteDir?: string;
}

// bigint counts and sequence numbers stay far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    // A calendar date is not an instant: keep 'YYYY-MM-DD' instead of a local-midnight Date.
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

function poolFor(url: string, max: number, applicationName: string): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    types,
    application_name: applicationName,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite; one Kysely code path for both. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = poolFor(options.databaseUrl, options.poolMax ?? 10, 'mitte-c');
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const ownerPool = options.databaseOwnerUrl
      ? poolFor(options.databaseOwnerUrl, 2, 'mitte-c-migrate')
      : undefined;
    ownerPool?.on('error', () => {});
    const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'postgres',
      kysely,
      pool,
      ownerPool,
      async close() {
        await kysely.destroy();
        await ownerPool?.end();
      },
    };
  }
  if (!options.pgliteDir) throw new Error('openDatabase: pgliteDir is required without databaseUrl');
  const lite = await PGlite.create(options.pgliteDir, { extensions: { pg_trgm } });
  // PGlite is one session: a pool of exactly one client that is never closed while idle.
  const pool = new pg.Pool({ ...createPgConfig(lite), max: 1, idleTimeoutMillis: 0, types });
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    kind: 'pglite',
    kysely,
    pool,
    ownerPool: pool,
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
      await lite.close();
    },
  };
}
