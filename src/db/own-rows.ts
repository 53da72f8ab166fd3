import type { Selectable, SelectQueryBuilder, Updateable, UpdateObject } from 'kysely';
import type { DB } from './schema.js';
import type { Tx } from './scope.js';

/** The tables whose rows belong to one organisation (an `org` column) and have an `id`. */
export type OrgTable = { [T in keyof DB]: DB[T] extends { org: unknown; id: unknown } ? T : never }[keyof DB];
/** The tables whose rows belong to one organisation. */
type OrgOwnedTable = { [T in keyof DB]: DB[T] extends { org: unknown } ? T : never }[keyof DB];

/**
 * `SELECT * FROM <table> WHERE org = $org`: the start of a repository's read of one
 * organisation's rows (row-level security filters too; this keeps the filter in the query plan).
 * Typed as a query over that table alone, so callers go on with its columns.
 */
export function ownRows<T extends OrgOwnedTable>(
  tx: Tx,
  table: T,
  org: string,
): SelectQueryBuilder<DB, T, Selectable<DB[T]>> {
  // Kysely cannot resolve a column of a generic table; every table of the union has `org`.
  const query = tx
    .selectFrom(table as OrgOwnedTable)
    .selectAll()
    .where('org', '=', org);
  return query as unknown as SelectQueryBuilder<DB, T, Selectable<DB[T]>>;
}

/** One row of the organisation's by id, or undefined (another organisation's id reads as unknown). */
export async function findOwnRow<T extends OrgTable>(
  tx: Tx,
  table: T,
  org: string,
  id: string,
): Promise<Selectable<DB[T]> | undefined> {
  const row = await ownRows(tx, table as OrgTable, org)
    .where('id', '=', id)
    .executeTakeFirst();
  return row as Selectable<DB[T]> | undefined;
}

/** `UPDATE <table> SET … WHERE org = $org AND id = $id`: a change to one of the organisation's rows. */
export async function updateOwnRow<T extends OrgTable>(
  tx: Tx,
  table: T,
  org: string,
  id: string,
  changes: Updateable<DB[T]>,
): Promise<void> {
  await tx
    .updateTable(table as OrgTable)
    .set(changes as UpdateObject<DB, OrgTable>)
    .where('org', '=', org)
    .where('id', '=', id)
    .execute();
}
