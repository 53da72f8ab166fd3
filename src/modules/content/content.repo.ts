import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ownIdsOfKind } from '../../db/own-rows.js';
import type { Tx } from '../../db/scope.js';
import { isUuid } from '../../platform/ids.js';
import type { ContentKind, ContentStatus } from './content.schema.js';

/** The columns derived from an item's data on every save (lists, filters and the map read them). */
interface DerivedColumns {
  category: string | null;
  tags: string[];
  lat: number | null;
  lng: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  external_id: string | null;
}

export interface ItemRow extends DerivedColumns {
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

export interface Derived extends DerivedColumns {
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
  const [row] = await insertItems(tx, org, kind, [{ data, derived, publish: null }], actor);
  return row!;
}

/** A new item for insertItems: its data and derived columns, and whether it goes live at once. */
export interface NewItem {
  data: object;
  derived: Derived;
  /** Created and published in one write: version 2, live copy = data (as create, then publish). */
  publish: { public_search_text: string } | null;
}

/**
 * Inserts many new items of one kind with their links, a few hundred rows per statement (an
 * import of thousands of rows takes a few statements instead of thousands). In input order.
 */
export async function insertItems(
  tx: Tx,
  org: string,
  kind: ContentKind,
  items: NewItem[],
  actor: string | null,
): Promise<ItemRow[]> {
  const now = new Date();
  const out: ItemRow[] = [];
  for (let i = 0; i < items.length; i += 500) {
    const chunk = items.slice(i, i + 500);
    const ids = chunk.map(() => randomUUID());
    const rows = (await tx
      .insertInto('tenant.content_items')
      .values(
        chunk.map(({ data, derived: { links: _links, ...columns }, publish }, j) => ({
          org,
          id: ids[j]!,
          kind,
          data: JSON.stringify(data),
          ...(publish
            ? {
                status: 'published' as const,
                version: 2,
                published_data: JSON.stringify(data),
                published_at: now,
                public_search_text: publish.public_search_text,
              }
            : { published_data: null, published_at: null }),
          publish_at: null,
          unpublish_at: null,
          created_by: actor,
          updated_by: actor,
          ...columns,
        })),
      )
      .returning(COLUMNS)
      .execute()) as ItemRow[];
    // In input order whatever order RETURNING gives (the ids were made here).
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) out.push(byId.get(id)!);
  }
  const links = out.flatMap((row, i) => items[i]!.derived.links.map((l) => ({ org, from_id: row.id, ...l })));
  for (let i = 0; i < links.length; i += 1000)
    await tx
      .insertInto('tenant.content_links')
      .values(links.slice(i, i + 1000))
      .execute();
  return out;
}

export async function replaceLinks(tx: Tx, org: string, id: string, links: Derived['links']): Promise<void> {
  await tx.deleteFrom('tenant.content_links').where('org', '=', org).where('from_id', '=', id).execute();
  if (links.length === 0) return;
  await tx
    .insertInto('tenant.content_links')
    .values(links.map((l) => ({ org, from_id: id, ...l })))
    .execute();
}

/** Items of a kind of the organisation by id, locked for a change (a bulk action's), in id order. */
export async function findItems(tx: Tx, org: string, kind: ContentKind, ids: string[]): Promise<ItemRow[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return (await tx
    .selectFrom('tenant.content_items')
    .select(COLUMNS)
    .where('org', '=', org)
    .where('kind', '=', kind)
    .where('id', 'in', valid)
    .orderBy('id')
    .forUpdate()
    .execute()) as ItemRow[];
}

/**
 * A workflow transition of many items in one statement, as updateItemRow makes it of one: publish
 * copies each working copy live with its own search text, unpublish withdraws the live copy,
 * submit only sets the status.
 */
export async function transitionItemRows(
  tx: Tx,
  org: string,
  items: { id: string; searchText: string }[],
  transition: 'publish' | 'unpublish' | { status: ContentStatus },
  actor: string | null,
): Promise<ItemRow[]> {
  if (items.length === 0) return [];
  const now = new Date();
  const changes =
    transition === 'publish'
      ? sql`status = 'published', published_data = c.data, published_at = ${now}, publish_at = NULL,
            public_search_text = v.search_text,`
      : transition === 'unpublish'
        ? sql`status = 'unpublished', published_data = NULL, unpublish_at = NULL, public_search_text = '',`
        : sql`status = ${transition.status},`;
  const ids = items.map((i) => i.id);
  // `c.id = ANY (ids)` repeats the join so that the items are found by primary key whatever the
  // statistics say: without them, the join read every item of the organisation (10,000 a chunk).
  const { rows } = await sql<ItemRow>`
    UPDATE tenant.content_items AS c
       SET ${changes} version = c.version + 1, updated_at = ${now}, updated_by = ${actor}
      FROM unnest(${ids}::uuid[], ${items.map((i) => i.searchText)}::text[]) AS v(id, search_text)
     WHERE c.org = ${org} AND c.id = ANY (${ids}::uuid[]) AND c.id = v.id
    RETURNING ${sql.join(COLUMNS.map((column) => sql.ref(`c.${column}`)))}`.execute(tx);
  return rows;
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

/** Which of the ids are spots of this organisation (references must stay inside it). */
export async function existingSpotIds(tx: Tx, org: string, ids: string[]): Promise<Set<string>> {
  return ownIdsOfKind(tx, 'tenant.content_items', org, 'spot', ids.filter(isUuid));
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

/** Whether the live copy of a published item shows the media file (the public site may serve it). */
export async function liveItemShowsMedia(tx: Tx, org: string, mediaId: string): Promise<boolean> {
  if (!isUuid(mediaId)) return false;
  const row = await tx
    .selectFrom('tenant.content_items')
    .select('id')
    .where('org', '=', org)
    .where('published_data', 'is not', null)
    .where((eb) =>
      eb.or([
        sql<boolean>`published_data -> 'imageIds' ? ${mediaId}`,
        sql<boolean>`published_data ->> 'heroImageId' = ${mediaId}`,
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteItemRow(tx: Tx, org: string, id: string): Promise<void> {
  await tx.deleteFrom('tenant.content_items').where('org', '=', org).where('id', '=', id).execute();
}

export interface ItemListFilter {
  /** LIKE patterns over the normalised search text of the working copy; every one must match. */
  searchPatterns: string[];
  /** Only these items (an editor's look-up of the items it references). */
  ids?: string[] | undefined;
  category?: string | undefined;
  tag?: string | undefined;
  status?: ContentStatus | undefined;
  updatedFrom?: Date | undefined;
  updatedTo?: Date | undefined;
  /** The keyset (updated_at, id) of the last row of the previous page. */
  after?: readonly [Date, string] | null;
  limit: number;
}

/** A page of the console's list, newest change first; one row more than the limit says a next page exists. */
export async function listItemRows(tx: Tx, org: string, kind: ContentKind, filter: ItemListFilter) {
  let q = tx
    .selectFrom('tenant.content_items')
    .select([
      'id',
      'status',
      'version',
      'published_data',
      'data',
      'category',
      'tags',
      'starts_at',
      'updated_at',
      'publish_at',
      'unpublish_at',
    ])
    .where('org', '=', org)
    .where('kind', '=', kind);
  for (const pattern of filter.searchPatterns) q = q.where('search_text', 'like', pattern);
  if (filter.ids) q = q.where('id', 'in', filter.ids);
  if (filter.category) q = q.where('category', '=', filter.category);
  if (filter.tag) q = q.where(sql<boolean>`${filter.tag} = ANY (tags)`);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.updatedFrom) q = q.where('updated_at', '>=', filter.updatedFrom);
  if (filter.updatedTo) q = q.where('updated_at', '<', filter.updatedTo);
  if (filter.after) {
    const [at, id] = filter.after;
    q = q.where(sql<boolean>`(updated_at, id) < (${at}, ${id}::uuid)`);
  }
  return q
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

/**
 * The items an import's rows update, locked for the update, by row index: the one with the row's
 * ID / POIコード, else the first one with the same Japanese name and address (a spot's, or an
 * event's venue's; a missing address matches an empty one): every row in three statements.
 */
export async function findRowsToUpdate(
  tx: Tx,
  org: string,
  kind: 'spot' | 'event',
  matches: { externalId: string | null; nameJa: string; addressJa: string | null }[],
): Promise<Map<number, ItemRow>> {
  const externalIds = [...new Set(matches.flatMap((m) => (m.externalId ? [m.externalId] : [])))];
  const names = [...new Set(matches.map((m) => m.nameJa))];
  const address = kind === 'spot' ? sql`data->'address'->>'ja'` : sql`data->'venue'->'address'->>'ja'`;
  const byExternal = new Map<string, string>();
  if (externalIds.length > 0) {
    const rows = await tx
      .selectFrom('tenant.content_items')
      .select(['id', 'external_id'])
      .where('org', '=', org)
      .where('kind', '=', kind)
      .where('external_id', 'in', externalIds)
      .execute();
    for (const r of rows) byExternal.set(r.external_id!, r.id);
  }
  const byNameAddress = new Map<string, string>();
  if (names.length > 0) {
    const rows = await tx
      .selectFrom('tenant.content_items')
      .select([
        'id',
        sql<string>`data->'name'->>'ja'`.as('name'),
        sql<string>`coalesce(${address}, '')`.as('address'),
      ])
      .where('org', '=', org)
      .where('kind', '=', kind)
      .where(sql<boolean>`data->'name'->>'ja' = any(${names}::text[])`)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    // The first one found, as executeTakeFirst would have.
    for (const r of rows) {
      const key = JSON.stringify([r.name, r.address]);
      if (!byNameAddress.has(key)) byNameAddress.set(key, r.id);
    }
  }
  const idOf = new Map<number, string>();
  matches.forEach((m, i) => {
    const id =
      (m.externalId ? byExternal.get(m.externalId) : undefined) ??
      byNameAddress.get(JSON.stringify([m.nameJa, m.addressJa ?? '']));
    if (id) idOf.set(i, id);
  });
  const ids = [...new Set(idOf.values())];
  if (ids.length === 0) return new Map();
  const rows = (await tx
    .selectFrom('tenant.content_items')
    .select(COLUMNS)
    .where('org', '=', org)
    .where('kind', '=', kind)
    .where('id', 'in', ids)
    .forUpdate()
    .execute()) as ItemRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return new Map([...idOf].flatMap(([i, id]) => (byId.has(id) ? [[i, byId.get(id)!] as const] : [])));
}

/**
 * Every item's working copy (or, `live`, every published item's live copy) of a kind, in a
 * stable order: rows imported together share created_at, so their ID and name decide.
 */
export async function itemDataForExport(
  tx: Tx,
  org: string,
  kind: ContentKind,
  live: boolean,
): Promise<Record<string, unknown>[]> {
  const column = live ? 'published_data' : 'data';
  const rows = await tx
    .selectFrom('tenant.content_items')
    .select(sql<Record<string, unknown>>`${sql.ref(column)}`.as('d'))
    .where('org', '=', org)
    .where('kind', '=', kind)
    .where(sql.ref(column), 'is not', null)
    .orderBy('created_at')
    .orderBy('external_id')
    .orderBy(sql`data->'name'->>'ja'`)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.d);
}

/** A page of working copies of a kind in creation order (keyset), for exports of any size. */
export async function itemDataPageForExport(
  tx: Tx,
  org: string,
  kind: ContentKind,
  after: { createdAt: string; id: string } | null,
  limit: number,
) {
  let query = tx
    .selectFrom('tenant.content_items')
    // The cursor's time as text: a Date would drop the microseconds and repeat rows.
    .select(['id', sql<string>`created_at::text`.as('cursor_at'), 'data'])
    .where('org', '=', org)
    .where('kind', '=', kind);
  if (after) {
    query = query.where(sql<boolean>`(created_at, id) > (${after.createdAt}::timestamptz, ${after.id})`);
  }
  return query.orderBy('created_at').orderBy('id').limit(limit).execute();
}

/**
 * How many items of a kind use each category, in the working or the live copy (a category still
 * shown on the public site is in use even when the working copy moved on).
 */
export async function itemCountsByCategory(
  tx: Tx,
  org: string,
  kind: ContentKind,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ code: string; n: string }>`
    SELECT code, count(DISTINCT id) AS n FROM (
      SELECT id, category AS code FROM tenant.content_items
        WHERE org = ${org} AND kind = ${kind} AND category IS NOT NULL
      UNION ALL
      SELECT id, published_data->>'category' FROM tenant.content_items
        WHERE org = ${org} AND kind = ${kind} AND published_data->>'category' IS NOT NULL
    ) used GROUP BY code`.execute(tx);
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

/** The stored position of one of the organisation's spots (an event held there takes it). */
export async function spotPosition(
  tx: Tx,
  org: string,
  id: string,
): Promise<{ lat: number; lng: number } | null> {
  if (!isUuid(id)) return null;
  const row = await tx
    .selectFrom('tenant.content_items')
    .select(['lat', 'lng'])
    .where('org', '=', org)
    .where('kind', '=', 'spot')
    .where('id', '=', id)
    .executeTakeFirst();
  return row && row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null;
}

/**
 * The titles read model: items' names (live copy first) for the items that still exist, keyed by
 * id. For read-only views over other modules' rows that name content (analytics' top lists and
 * CSV); the caller has already checked its own right, and a name is all this gives away.
 */
export async function contentTitles(
  tx: Tx,
  org: string,
  ids: string[],
): Promise<Map<string, Record<string, string>>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('tenant.content_items')
    .select([
      sql<string>`id::text`.as('id'),
      sql<Record<string, string> | null>`coalesce(published_data -> 'name', data -> 'name')`.as('name'),
    ])
    .where('org', '=', org)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.filter((r) => r.name).map((r) => [r.id, r.name!]));
}
