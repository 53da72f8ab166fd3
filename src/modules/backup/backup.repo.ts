import type pg from 'pg';
import type { Tx } from '../../db/scope.js';

/** The schemas whose tables a backup holds and a restore counts. */
const SCHEMAS = ['provider', 'tenant', 'audit', 'auth'];

/**
 * Rows per table, counted by a session that sees every row (PGlite's own session outside a
 * scope, or the backup role on PostgreSQL), inside the caller's snapshot.
 */
export async function countRows(client: pg.PoolClient | pg.Client): Promise<Record<string, number>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
       FROM information_schema.tables
      WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'
      ORDER BY 1`,
    [SCHEMAS],
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
    counts[name] = Number(rows[0]!.n);
  }
  return counts;
}

export async function appliedMigrations(client: pg.PoolClient | pg.Client): Promise<number[]> {
  const { rows } = await client.query<{ version: number }>(
    'SELECT version FROM provider.schema_migrations ORDER BY version',
  );
  return rows.map((r) => Number(r.version));
}

/** Whether a database already holds mitte-C's schemas (a restore target must not). */
export async function holdsSchemas(client: pg.PoolClient | pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM pg_namespace WHERE nspname = ANY($1)',
    [SCHEMAS],
  );
  return Number(rows[0]!.n) > 0;
}

/** Every stored blob the restored rows name: media originals, their derivatives, exports. */
export async function referencedBlobs(
  client: pg.PoolClient | pg.Client,
): Promise<{ org: string; key: string; size: number | null }[]> {
  const { rows } = await client.query<{ org: string; key: string; size: string | null }>(
    `SELECT org, blob_key AS key, size_bytes::text AS size FROM tenant.media
     UNION ALL
     SELECT org, d->>'blobKey', d->>'sizeBytes' FROM tenant.media, jsonb_array_elements(derivatives) d
     UNION ALL
     SELECT org, blob_key, size_bytes::text FROM tenant.exports WHERE status = 'ready'`,
  );
  return rows.map((r) => ({ org: r.org, key: r.key, size: r.size === null ? null : Number(r.size) }));
}

// --- provider.backups: the record of backups taken, for /metrics, the ops console and the schedule ---

/** Claims a backup slot; undefined when another node has claimed it already. */
export async function claimBackup(tx: Tx, slot: string, node: string) {
  return tx
    .insertInto('provider.backups')
    .values({ slot, node })
    .onConflict((oc) => oc.column('slot').doNothing())
    .returning(['id'])
    .executeTakeFirst();
}

export async function finishBackup(
  tx: Tx,
  id: string,
  result: { file: string; sizeBytes: number; sha256: string } | { error: string },
) {
  await tx
    .updateTable('provider.backups')
    .set(
      'error' in result
        ? { status: 'failed', error: result.error.slice(0, 500), finished_at: new Date() }
        : {
            status: 'ok',
            file: result.file,
            size_bytes: result.sizeBytes,
            sha256: result.sha256,
            finished_at: new Date(),
          },
    )
    .where('id', '=', id)
    .execute();
}

export async function recentBackups(tx: Tx, limit: number) {
  return tx.selectFrom('provider.backups').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
}

export async function lastGoodBackup(tx: Tx) {
  return tx
    .selectFrom('provider.backups')
    .selectAll()
    .where('status', '=', 'ok')
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Scheduled backups that are done, oldest last, for retention. */
export async function scheduledBackups(tx: Tx) {
  return tx
    .selectFrom('provider.backups')
    .selectAll()
    .where('slot', 'like', 'daily:%')
    .where('status', '=', 'ok')
    .orderBy('started_at', 'desc')
    .execute();
}

export async function forgetBackupFile(tx: Tx, id: string) {
  await tx.updateTable('provider.backups').set({ file: null }).where('id', '=', id).execute();
}
