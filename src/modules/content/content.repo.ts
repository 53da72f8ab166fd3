import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';
import { isUuid } from '../../platform/ids.js';
import type { ContentKind, ContentStatus } from './content.schema.js';

export interface ItemRow {
  org: string;
  id: string;
  kind: ContentKind;
  status: ContentStatus;
  version: number;
  data: Record<string, unknown>;
  published_data: Record<string, unknown> | null;
  published_at: Date | null;
  publish_at: Date | null;
  unpublish_at: Date | null;
  category: string | null;
  tags: string[];
  lat: number | null;
  lng: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  external_id: string | null;
  created_at: Date;
  updated_at: Date;
  created_by: string | null;
  updated_by: string | null;
}

const COLUMNS = [
  'org',
  'id',
  'kind',
  'status',
  'version',
  'data',
  'published_data',
  'published_at',
  'publish_at',
  'unpublish_at',
  'category',
  'tags',
  'lat',
  'lng',
  'starts_at',
  'ends_at',
  'external_id',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
] as const;

/** Unknown, malformed and other organisations' ids all come back undefined. */
export async function findItem(
  tx: Tx,
  org: string,
  kind: ContentKind,
  id: string,
  lock = false,
): Promise<ItemRow | undefined> {
  if (!isUuid(id)) return undefined;
  let q = tx
    .selectFrom('tenant.content_items')
    .select(COLUMNS)
    .where('org', '=', org)
    .where('kind', '=', kind)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as ItemRow | undefined;
}

export interface Derived {
  category: string | null;
  tags: string[];
  lat: number | null;
  lng: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  external_id: string | null;
  search_text: string;
  links: { role: 'stop' | 'venue' | 'related'; position: number; to_id: string }[];
}

export async function insertItem(
  tx: Tx,
  org: string,
  kind: ContentKind,
  data: object,
  derived: Derived,
  actor: string | null,
): Promise<ItemRow> {
  const { links, ...columns } = derived;
  const row = (await tx
    .insertInto('tenant.content_items')
    .values({
      org,
      kind,
      data: JSON.stringify(data),
      published_data: null,
      published_at: null,
      publish_at: null,
      unpublish_at: null,
      created_by: actor,
      updated_by: actor,
      ...columns,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()) as ItemRow;
  await replaceLinks(tx, org, row.id, links);
  return row;
}

export async function replaceLinks(tx: Tx, org: string, id: string, links: Derived['links']): Promise<void> {
  await tx.deleteFrom('tenant.content_links').where('org', '=', org).where('from_id', '=', id).execute();
  if (links.length === 0) return;
  await tx
    .insertInto('tenant.content_links')
    .values(links.map((l) => ({ org, from_id: id, ...l })))
    .execute();
}

export async function updateItemRow(
  tx: Tx,
  org: string,
  id: string,
  changes: Partial<{
    status: ContentStatus;
    data: object;
    published_data: object | null;
    published_at: Date | null;
    publish_at: Date | null;
    unpublish_at: Date | null;
    public_search_text: string;
  }> &
    Partial<Omit<Derived, 'links'>>,
  actor: string | null,
): Promise<ItemRow> {
  const { data, published_data, ...rest } = changes;
  // A scheduled publication publishes what the publisher saw: any change of the working copy
  // cancels it (unless the same write sets a schedule), so no edit can ride on a schedule.
  const cancelSchedule = data !== undefined && !('publish_at' in changes);
  return (await tx
    .updateTable('tenant.content_items')
    .set({
      ...rest,
      ...(cancelSchedule ? { publish_at: null } : {}),
      ...(data === undefined ? {} : { data: JSON.stringify(data) }),
      ...(published_data === undefined
        ? {}
        : { published_data: published_data === null ? null : JSON.stringify(published_data) }),
      version: sql<number>`version + 1`,
      updated_at: new Date(),
      updated_by: actor,
    })
    .where('org', '=', org)
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()) as ItemRow;
}

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

/** Which of the ids are spots of this organisation (references must stay inside it). */
export async function existingSpotIds(tx: Tx, org: string, ids: string[]): Promise<Set<string>> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return new Set();
  const rows = await tx
    .selectFrom('tenant.content_items')
    .select('id')
    .where('org', '=', org)
    .where('kind', '=', 'spot')
    .where('id', 'in', valid)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function referencedBy(tx: Tx, org: string, id: string): Promise<number> {
  const row = await tx
    .selectFrom('tenant.content_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org', '=', org)
    .where('to_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Items whose working or live copy shows the media file (in imageIds, or as an article's hero image). */
export async function itemsUsingMedia(
  tx: Tx,
  org: string,
  mediaId: string,
  lock = false,
): Promise<ItemRow[]> {
  if (!isUuid(mediaId)) return [];
  let q = tx
    .selectFrom('tenant.content_items')
    .select(COLUMNS)
    .where('org', '=', org)
    .where((eb) =>
      eb.or([
        sql<boolean>`data -> 'imageIds' ? ${mediaId}`,
        sql<boolean>`data ->> 'heroImageId' = ${mediaId}`,
        sql<boolean>`published_data -> 'imageIds' ? ${mediaId}`,
        sql<boolean>`published_data ->> 'heroImageId' = ${mediaId}`,
      ]),
    )
    .orderBy('kind')
    .orderBy('id');
  if (lock) q = q.forUpdate();
  return (await q.execute()) as ItemRow[];
}
