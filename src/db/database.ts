import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  type PostgresPool,
  type PostgresPoolClient,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import { READER_ROLE } from './roles.js';
import type { DB } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  kysely: Kysely<DB>;
  /** Pool the app queries through: the app role on PostgreSQL, the one in-process session on PGlite. */
  pool: pg.Pool;
  /**
   * Public reads of the published read model: one statement each, no transaction, each a named
   * prepared statement (preparingPool). On PostgreSQL its own connections, switched once to the
   * reader role (which can read published rows and nothing else); on PGlite the one session, which
   * is superuser (not a privilege boundary there).
   */
  reader: Kysely<DB>;
  /** Pool for migrations: the owner role on PostgreSQL; the same session on PGlite. */
  ownerPool: pg.Pool | undefined;
  /**
   * PGlite only: the whole data directory as a tar (gzipped unless asked otherwise), taken while
   * this process holds the one session (so no transaction is half done). PostgreSQL is backed up with pg_dump.
   */
  dumpDataDir?: (
    inside?: (session: pg.PoolClient) => Promise<void>,
    compression?: 'gzip' | 'none',
  ) => Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  databaseOwnerUrl?: string | undefined;
  poolMax?: number;
  /** PGlite data directory, or `memory://` for an in-memory database (tests). */
  pgliteDir?: string;
  /** PGlite only: start from this data-directory dump (tests start from one migrated template). */
  pgliteLoadDataDir?: Blob;
  /** PGlite only: extra postgresql.conf lines (tests open dozens of small databases a run). */
  pgliteSettings?: string[];
  /** Wait limits of the app pool (defaults: WAIT_LIMITS). */
  limits?: Partial<WaitLimits>;
}

/**
 * How long one request may wait for the database before it fails alone (503 with Retry-After)
 * instead of a mistake stalling the whole service.
 */
export interface WaitLimits {
  /** Waiting for a free connection: the pool is exhausted (on PGlite: the one session is busy). */
  acquireMs: number;
  /** One statement (PostgreSQL; PGlite runs in one thread without the timer that enforces it). */
  statementMs: number;
  /** Waiting for a row or table lock (PostgreSQL; PGlite's one session never waits for a lock). */
  lockMs: number;
  /** A transaction left idle, e.g. held across a slow network call (PostgreSQL). */
  idleInTransactionMs: number;
}

export const WAIT_LIMITS: WaitLimits = {
  acquireMs: 10_000,
  statementMs: 30_000,
  lockMs: 5_000,
  idleInTransactionMs: 60_000,
};

// pg-pool's message when no connection became free within connectionTimeoutMillis.
const ACQUIRE_TIMEOUT = /timeout exceeded when trying to connect/i;
// statement_timeout (57014 query_canceled), lock_timeout (55P03), idle-in-transaction (25P03).
const WAIT_LIMIT_CODES = new Set(['57014', '55P03', '25P03']);

/** Whether an error is one of the wait limits above firing: the database is busy, try again. */
export function isDatabaseWaitLimit(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = errorCode(error);
  return (code !== undefined && WAIT_LIMIT_CODES.has(code)) || ACQUIRE_TIMEOUT.test(error.message);
}

/** The SQLSTATE (or errno) a driver error carries. */
function errorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

// serialization_failure (40001) and deadlock_detected (40P01): the transaction collided with a
// concurrent one and was rolled back as a whole; running it again is safe.
const CONFLICT_CODES = new Set(['40001', '40P01']);

/** Whether an error means the transaction lost a collision with a concurrent one (nothing was kept). */
export function isDatabaseConflict(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && CONFLICT_CODES.has(code);
}

// The server cannot be reached or went away (restart, failover): socket errors, SQLSTATE class 08
// (connection exception), 57P01–57P03 (shut down, crashed, not accepting connections yet), and
// node-postgres's own messages for a connection that ended under it.
const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const UNREACHABLE_MESSAGE = /Connection terminated|connection error and is not queryable|not queryable/i;

/** Whether an error means the database is unreachable for now (it recovers without a restart of ours). */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = errorCode(error);
  if (
    code !== undefined &&
    (UNREACHABLE_ERRNO.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))
  )
    return true;
  return UNREACHABLE_MESSAGE.test(error.message);
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

function poolFor(url: string, max: number, applicationName: string, limits?: WaitLimits): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    types,
    application_name: applicationName,
    connectionTimeoutMillis: limits?.acquireMs ?? 5000,
    idleTimeoutMillis: 30_000,
    // Session settings sent at connect; the owner pool (migrations) has no statement limit.
    ...(limits && {
      statement_timeout: limits.statementMs,
      lock_timeout: limits.lockMs,
      idle_in_transaction_session_timeout: limits.idleInTransactionMs,
    }),
  });
}

/**
 * Statements sent in the same round trip as the next BEGIN of this async context, once: the scope
 * settings of a transaction (src/db/scope.ts). Under a burst a check-in is mostly round trips, and
 * this saves one per transaction. Consumed by the first BEGIN, so a transaction begun later in
 * the same context can never inherit another one's settings.
 */
const beginPreamble = new AsyncLocalStorage<{ sql: string; sent: boolean }>();

/**
 * Runs fn with `preamble` (plain SQL without parameters) queued to go out with the next BEGIN on
 * PostgreSQL. fn gets `sentWithBegin()`: whether it went (never on PGlite, whose adapter runs one
 * statement per query; the caller then runs the statements itself).
 */
export function withBeginPreamble<T>(
  db: Database,
  preamble: string,
  fn: (sentWithBegin: () => boolean) => T,
): T {
  if (db.kind !== 'postgres') return fn(() => false);
  const queued = { sql: preamble, sent: false };
  return beginPreamble.run(queued, () => fn(() => queued.sent));
}

class PreambleDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const preamble = beginPreamble.getStore();
    if (!preamble || preamble.sent || settings.isolationLevel || settings.accessMode)
      return super.beginTransaction(connection, settings);
    preamble.sent = true;
    // No parameters, so node-postgres sends it as one simple query: both statements, one round trip.
    await connection.executeQuery(CompiledQuery.raw(`begin; ${preamble.sql}`));
  }
}

class PreambleDialect extends PostgresDialect {
  constructor(private readonly preambleConfig: PostgresDialectConfig) {
    super(preambleConfig);
  }
  override createDriver() {
    return new PreambleDriver(this.preambleConfig);
  }
}

/**
 * One statement on PostgreSQL as a named prepared statement of the app pool's connections: parsed
 * and planned once per connection, then only bound and executed. For the few statements a burst
 * runs thousands of times a second (the stamp rally's check-in); `name` must always stand for the
 * same text. Outside a transaction, like any statement sent straight to the pool.
 */
export async function preparedQuery<R extends object>(
  db: Database,
  name: string,
  query: { sql: string; parameters: readonly unknown[] },
): Promise<R[]> {
  if (db.kind !== 'postgres') throw new Error('preparedQuery: PostgreSQL only');
  const { rows } = await db.pool.query<R>({ name, text: query.sql, values: [...query.parameters] });
  return rows;
}

/** Distinct statement texts the reader prepares by name; past this, a new text is sent unnamed. */
const READER_PREPARED_TEXTS = 256;

/**
 * The reader's pool as Kysely sees it: every statement goes as a named prepared statement, so
 * each connection parses, rewrites (the reader's row policy) and plans it once and afterwards
 * only binds and runs it. Planning was most of a public read's database time (the detail with its
 * nearest spots: ~620 µs a statement unnamed, ~200 µs prepared). Safe because the reader sends
 * only the published read model's few statement shapes (src/modules/content/public/published.repo.ts),
 * each returning computed columns, so a migration can replan them but never change what they
 * return; the number of distinct texts is bounded anyway.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= READER_PREPARED_TEXTS) return known;
    const name = `reader_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    names.set(text, name);
    return name;
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((text: unknown, values?: readonly unknown[]) => {
          if (typeof text !== 'string') return client.query(text as never);
          const name = nameOf(text);
          return client.query(
            name ? { name, text, values: values as unknown[] } : { text, values: values as unknown[] },
          );
        }) as unknown as PostgresPoolClient['query'],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite; one Kysely code path for both. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const limits = { ...WAIT_LIMITS, ...options.limits };
  if (options.databaseUrl) {
    const pool = poolFor(options.databaseUrl, options.poolMax ?? 10, 'mitte-c', limits);
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const ownerPool = options.databaseOwnerUrl
      ? poolFor(options.databaseOwnerUrl, 2, 'mitte-c-migrate')
      : undefined;
    ownerPool?.on('error', () => {});
    const kysely = new Kysely<DB>({ dialect: new PreambleDialect({ pool }) });
    const readerPool = poolFor(options.databaseUrl, options.poolMax ?? 10, 'mitte-c-reader', limits);
    readerPool.on('error', () => {});
    // Queued on the new connection before any query the pool hands it out for.
    readerPool.on('connect', (client) => {
      client.query(`SET ROLE ${READER_ROLE}`).catch(() => {});
    });
    const reader = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(readerPool) }) });
    return {
      kind: 'postgres',
      kysely,
      pool,
      reader,
      ownerPool,
      async close() {
        await kysely.destroy();
        await reader.destroy();
        await ownerPool?.end();
      },
    };
  }
  if (!options.pgliteDir) throw new Error('openDatabase: pgliteDir is required without databaseUrl');
  const lite = await PGlite.create(options.pgliteDir, {
    extensions: { pg_trgm },
    ...(options.pgliteLoadDataDir && { loadDataDir: options.pgliteLoadDataDir }),
    ...(options.pgliteSettings && { postgresqlconf: options.pgliteSettings }),
  });
  // PGlite is one session: a pool of exactly one client that is never closed while idle. A request
  // that cannot get it within the limit fails alone rather than queueing behind a stuck one.
  const pool = new pg.Pool({
    ...createPgConfig(lite),
    max: 1,
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: limits.acquireMs,
    types,
  });
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // The same one session, its statements prepared as on PostgreSQL (planning costs more here, in
  // WebAssembly). Closed with the pool; nothing of its own to destroy.
  const reader = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  let closed = false;
  return {
    kind: 'pglite',
    kysely,
    pool,
    reader,
    ownerPool: pool,
    async dumpDataDir(inside, compression = 'gzip') {
      const client = await pool.connect();
      try {
        // Counted in the same quiet moment as the dump, so the two agree.
        await inside?.(client);
        return await lite.dumpDataDir(compression);
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
      await lite.close();
    },
  };
}

/**
 * Creates a PGlite data directory from a dump of `Database.dumpDataDir` (a restore). The
 * directory must be new or empty; the caller opens it with openDatabase afterwards.
 */
export async function loadPgliteDataDir(dir: string, dump: Blob): Promise<void> {
  const lite = await PGlite.create(dir, { loadDataDir: dump, extensions: { pg_trgm } });
  await lite.close();
}
