import { sql } from 'kysely';
import type { Tx } from './scope.js';

/**
 * Runs fn inside a savepoint of the open transaction: when fn throws, only its own writes are
 * undone and the transaction stays usable for the next step (per-item results of a bulk action).
 * The error is re-thrown for the caller to report.
 */
export async function withSavepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await sql`SAVEPOINT mitte_step`.execute(tx);
  try {
    const result = await fn();
    await sql`RELEASE SAVEPOINT mitte_step`.execute(tx);
    return result;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT mitte_step`.execute(tx);
    await sql`RELEASE SAVEPOINT mitte_step`.execute(tx);
    throw error;
  }
}
