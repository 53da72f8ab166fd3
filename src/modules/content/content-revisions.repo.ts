import type { Tx } from '../../db/scope.js';
import type { ItemRow } from './content.repo.js';

/** Every change of an item is kept as a revision: its version, status and working copy. */
export async function insertRevision(
  tx: Tx,
  row: ItemRow,
  actor: string | null,
  note: string | null,
): Promise<void> {
  await tx
    .insertInto('tenant.content_revisions')
    .values({
      org: row.org,
      item_id: row.id,
      version: row.version,
      status: row.status,
      data: JSON.stringify(row.data),
      actor_id: actor,
      note,
    })
    .execute();
}

/** Many revisions in a few statements (an import's created and published items). */
export async function insertRevisions(
  tx: Tx,
  revisions: { row: ItemRow; version: number; status: ItemRow['status']; note: string | null }[],
  actor: string | null,
): Promise<void> {
  for (let i = 0; i < revisions.length; i += 1000) {
    await tx
      .insertInto('tenant.content_revisions')
      .values(
        revisions.slice(i, i + 1000).map(({ row, version, status, note }) => ({
          org: row.org,
          item_id: row.id,
          version,
          status,
          data: JSON.stringify(row.data),
          actor_id: actor,
          note,
        })),
      )
      .execute();
  }
}

/** An item's revisions, newest first, with the name of the account that made each (if it still exists). */
export async function listRevisionRows(tx: Tx, org: string, itemId: string) {
  return tx
    .selectFrom('tenant.content_revisions as r')
    .leftJoin('tenant.users as u', (join) =>
      join.onRef('u.org', '=', 'r.org').on((eb) => eb(eb.cast('u.id', 'text'), '=', eb.ref('r.actor_id'))),
    )
    .select(['r.version', 'r.status', 'r.note', 'r.actor_id', 'u.name', 'r.created_at'])
    .where('r.org', '=', org)
    .where('r.item_id', '=', itemId)
    .orderBy('r.version', 'desc')
    .execute();
}

/** The working copy an item had at a version. */
export async function findRevisionData(
  tx: Tx,
  org: string,
  itemId: string,
  version: number,
): Promise<Record<string, unknown> | undefined> {
  const row = await tx
    .selectFrom('tenant.content_revisions')
    .select('data')
    .where('org', '=', org)
    .where('item_id', '=', itemId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.data;
}
