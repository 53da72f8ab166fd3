import type { Selectable, SelectQueryBuilder, Updateable, UpdateObject } from 'kysely';
import type { DB } from './schema.js';
import type { Tx } from './scope.js';

/** The tables whose rows belong to one organisation (an `org` column) and have an `id`. */
export type OrgTable = { [T in keyof DB]: DB[T] extends { org: unknown; id: unknown } ? T : never }[keyof DB];
/** The organisation's tables whose rows have an `id` and a `kind` (content items, media files). */
type KindedOrgTable = {
  [T in keyof DB]: DB[T] extends { org: unknown; id: unknown; kind: unknown } ? T : never;
}[keyof DB];
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

/**
 * One row of the organisation's by id, or undefined (another organisation's id reads as unknown);
 * locked (FOR UPDATE) when it is about to change.
 */
export async function findOwnRow<T extends OrgTable>(
  tx: Tx,
  table: T,
  org: string,
  id: string,
  lock = false,
): Promise<Selectable<DB[T]> | undefined> {
  let query = ownRows(tx, table as OrgTable, org).where('id', '=', id);
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) as Selectable<DB[T]> | undefined;
}

/** The tables whose rows have an `id` (provider tables too: their rows are not the organisation's). */
type IdTable = { [T in keyof DB]: DB[T] extends { id: unknown } ? T : never }[keyof DB];

/**
 * One row by id as the scope may see it (row-level security shows an organisation only its own),
 * or undefined; locked (FOR UPDATE) when it is about to change.
 */
export async function findRowById<T extends IdTable>(
  tx: Tx,
  table: T,
  id: string,
  lock = false,
): Promise<Selectable<DB[T]> | undefined> {
  // Kysely cannot resolve a column of a generic table; every table of the union has `id`.
  let query = tx
    .selectFrom(table as IdTable)
    .selectAll()
    .where('id', '=', id as never);
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) as Selectable<DB[T]> | undefined;
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

/**
 * Which of `ids` (UUIDs: the caller checks) are the organisation's rows of this kind: a reference
 * is kept only to what is the organisation's own and of the kind it must be.
 */
export async function ownIdsOfKind<T extends KindedOrgTable>(
  tx: Tx,
  table: T,
  org: string,
  kind: Selectable<DB[T]> extends { kind: infer K } ? K : never,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // Kysely cannot resolve a column of a generic table; every table of the union has these.
  const rows = await tx
    .selectFrom(table as KindedOrgTable)
    .select('id')
    .where('org', '=', org)
    .where('kind', '=', kind as never)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}
