import type { DB } from './schema.js';
import type { Tx } from './scope.js';

/**
 * The tables that list the organisations a provider's message is addressed to (an incident's,
 * a notice's): the message's id and an organisation per row. Each owner's repo names its table;
 * the two queries are written once here.
 */
type OrganisationListTable = {
  [T in keyof DB]: keyof DB[T] extends 'org' | `${string}_id`
    ? DB[T] extends { org: string }
      ? T
      : never
    : never;
}[keyof DB];

/** Adds organisations to the message's list; ones already on it stay as they are. */
export async function addListedOrganisations<T extends OrganisationListTable>(
  tx: Tx,
  table: T,
  column: keyof DB[T] & `${string}_id`,
  id: string,
  orgs: string[],
): Promise<void> {
  if (orgs.length === 0) return;
  await tx
    .insertInto(table as OrganisationListTable)
    .values(orgs.map((org) => ({ [column]: id, org })) as never)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The message's organisations, by service code. */
export async function listedOrganisations<T extends OrganisationListTable>(
  tx: Tx,
  table: T,
  column: keyof DB[T] & `${string}_id`,
  id: string,
): Promise<string[]> {
  // Kysely cannot resolve a column of a generic table; every table of the union has these.
  const rows = await tx
    .selectFrom(table as OrganisationListTable)
    .select('org')
    .where(column as never, '=', id as never)
    .orderBy('org')
    .execute();
  return rows.map((row) => row.org);
}
