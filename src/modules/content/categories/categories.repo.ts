import { sql } from 'kysely';
import type { CategoryKind } from '../../../contract/categories.js';
import type { LocalizedText } from '../../../contract/languages.js';
import type { Tx } from '../../../db/scope.js';

export interface OwnCategoryRow {
  code: string;
  names: LocalizedText;
  standard: string | null;
  position: number;
}

const COLUMNS = ['code', 'names', 'standard', 'position'] as const;

export async function listOwnCategories(tx: Tx, org: string, kind: CategoryKind): Promise<OwnCategoryRow[]> {
  return (await tx
    .selectFrom('tenant.content_categories')
    .select(COLUMNS)
    .where('org', '=', org)
    .where('kind', '=', kind)
    .orderBy('position')
    .orderBy('code')
    .execute()) as OwnCategoryRow[];
}

export async function findOwnCategory(
  tx: Tx,
  org: string,
  kind: CategoryKind,
  code: string,
  lock = false,
): Promise<OwnCategoryRow | undefined> {
  let q = tx
    .selectFrom('tenant.content_categories')
    .select(COLUMNS)
    .where('org', '=', org)
    .where('kind', '=', kind)
    .where('code', '=', code);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as OwnCategoryRow | undefined;
}

/** A new category goes to the end of the list. */
export async function insertOwnCategory(
  tx: Tx,
  org: string,
  kind: CategoryKind,
  input: { code: string; names: LocalizedText; standard: string | null },
): Promise<OwnCategoryRow> {
  return (await tx
    .insertInto('tenant.content_categories')
    .values({
      org,
      kind,
      code: input.code,
      names: JSON.stringify(input.names),
      standard: input.standard,
      position: sql<number>`(SELECT coalesce(max(position) + 1, 0) FROM tenant.content_categories WHERE org = ${org} AND kind = ${kind})`,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()) as OwnCategoryRow;
}

export async function updateOwnCategory(
  tx: Tx,
  org: string,
  kind: CategoryKind,
  code: string,
  changes: { names: LocalizedText; standard: string | null },
): Promise<OwnCategoryRow> {
  return (await tx
    .updateTable('tenant.content_categories')
    .set({ names: JSON.stringify(changes.names), standard: changes.standard, updated_at: new Date() })
    .where('org', '=', org)
    .where('kind', '=', kind)
    .where('code', '=', code)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()) as OwnCategoryRow;
}

/** Positions follow the order of `codes` (0, 1, 2, …). */
export async function setCategoryPositions(
  tx: Tx,
  org: string,
  kind: CategoryKind,
  codes: string[],
): Promise<void> {
  for (const [position, code] of codes.entries()) {
    await tx
      .updateTable('tenant.content_categories')
      .set({ position, updated_at: new Date() })
      .where('org', '=', org)
      .where('kind', '=', kind)
      .where('code', '=', code)
      .execute();
  }
}

export async function deleteOwnCategory(
  tx: Tx,
  org: string,
  kind: CategoryKind,
  code: string,
): Promise<void> {
  await tx
    .deleteFrom('tenant.content_categories')
    .where('org', '=', org)
    .where('kind', '=', kind)
    .where('code', '=', code)
    .execute();
}
