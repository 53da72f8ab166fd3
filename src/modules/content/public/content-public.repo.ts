/**
 * The SQL of public reads: live copies only (`published_data is not null`), never a draft. Every
 * query runs in the request's tenant transaction and also names the organisation.
 */
import { sql } from 'kysely';
import type { Tx } from '../../../db/scope.js';
import { isUuid } from '../../../platform/ids.js';
import type { ContentKind } from '../content.schema.js';
import type { LiveRow } from './public-item.js';

const LIVE_COLUMNS = ['id', 'kind', 'published_data', 'published_at', 'updated_at'] as const;

function live(tx: Tx, org: string) {
  return tx
    .selectFrom('tenant.content_items')
    .select(LIVE_COLUMNS)
    .where('org', '=', org)
    .where('published_data', 'is not', null);
}

/** One search term: the public search text contains one of its spellings. */
const matchesTerm = (patterns: readonly string[]) =>
  sql<boolean>`(${sql.join(
    patterns.map((p) => sql`public_search_text LIKE ${p}`),
    sql` OR `,
  )})`;

function liveOf(tx: Tx, org: string, kind: ContentKind) {
  return live(tx, org).where('kind', '=', kind);
}

interface Row {
  id: string;
  kind: ContentKind;
  published_data: Record<string, unknown> | null;
  published_at: Date | null;
  updated_at: Date;
}

/** A stored row as its kind's data: the content schema validated it before it was published. */
function toLiveRow(row: Row): LiveRow {
  return {
    id: row.id,
    kind: row.kind,
    data: row.published_data,
    publishedAt: row.published_at ?? row.updated_at,
    updatedAt: row.updated_at,
  } as LiveRow;
}

function toLiveRows<K extends ContentKind>(rows: Row[]): LiveRow<K>[];
function toLiveRows(rows: Row[]): LiveRow[] {
  return rows.map(toLiveRow);
}

/** Ids are compared in lower case; anything that is not a UUID matches nothing. */
const uuids = (ids: readonly string[]) => ids.map((id) => id.toLowerCase()).filter(isUuid);

/** One item read by its id; anything that is not a UUID matches nothing (and reads nothing). */
async function findOne<K extends ContentKind>(
  id: string,
  read: (valid: string) => Promise<Row | undefined>,
): Promise<LiveRow<K> | undefined> {
  const [valid] = uuids([id]);
  const row = valid ? await read(valid) : undefined;
  return row ? toLiveRows<K>([row])[0] : undefined;
}

export function findLiveItem<K extends ContentKind>(tx: Tx, org: string, kind: K, id: string) {
  return findOne<K>(id, (valid) => liveOf(tx, org, kind).where('id', '=', valid).executeTakeFirst());
}

/**
 * The working copy (`data`) of one item, shaped as a live row: only for a signed preview link,
 * which shows a draft as it will look once published. Never used by public pages.
 */
export function findWorkingCopy<K extends ContentKind>(tx: Tx, org: string, kind: K, id: string) {
  return findOne<K>(id, async (valid) => {
    const row = await tx
      .selectFrom('tenant.content_items')
      .select(['id', 'kind', 'data as published_data', 'published_at', 'updated_at'])
      .where('org', '=', org)
      .where('kind', '=', kind)
      .where('id', '=', valid)
      .executeTakeFirst();
    return row as Row | undefined;
  });
}

export async function findLiveItems<K extends ContentKind>(
  tx: Tx,
  org: string,
  kind: K,
  ids: readonly string[],
): Promise<LiveRow<K>[]> {
  const valid = uuids(ids);
  if (valid.length === 0) return [];
  return toLiveRows<K>(await liveOf(tx, org, kind).where('id', 'in', valid).execute());
}

/** Every live item of a kind, newest publication first. */
export async function allLiveItems<K extends ContentKind>(
  tx: Tx,
  org: string,
  kind: K,
): Promise<LiveRow<K>[]> {
  return toLiveRows<K>(await liveOf(tx, org, kind).orderBy('published_at', 'desc').orderBy('id').execute());
}

/** Which of the ids are live spots. */
export async function liveSpotIds(tx: Tx, org: string, ids: readonly string[]): Promise<Set<string>> {
  const valid = uuids(ids);
  if (valid.length === 0) return new Set();
  const rows = await liveOf(tx, org, 'spot').clearSelect().select('id').where('id', 'in', valid).execute();
  return new Set(rows.map((r) => r.id));
}

export interface LiveListFilter {
  category?: string | undefined;
  tag?: string | undefined;
  /** Per search term, LIKE patterns over the normalised public search text: every term must match one of its patterns. */
  searchPatterns?: readonly (readonly string[])[];
  /** Events only: those not ended by `from` and starting by `to`. */
  from?: string;
  to?: string | undefined;
  /** The keyset of the last row of the previous page. */
  after?: readonly [string, string] | null;
  limit: number;
}

/**
 * A page of live items: events by start date (ascending), the other kinds newest first. One row
 * more than the limit tells the caller that a next page exists.
 */
export async function listLiveItems<K extends ContentKind>(
  tx: Tx,
  org: string,
  kind: K,
  filter: LiveListFilter,
): Promise<LiveRow<K>[]> {
  let q = liveOf(tx, org, kind);
  if (filter.category) q = q.where(sql<boolean>`published_data->>'category' = ${filter.category}`);
  if (filter.tag) q = q.where(sql<boolean>`published_data->'tags' ? ${filter.tag}`);
  for (const term of filter.searchPatterns ?? []) q = q.where(matchesTerm(term));
  if (kind === 'event') {
    const endDate = sql<string>`coalesce(published_data->>'endDate', published_data->>'startDate')`;
    if (filter.from) q = q.where(sql<boolean>`${endDate} >= ${filter.from}`);
    if (filter.to) q = q.where(sql<boolean>`published_data->>'startDate' <= ${filter.to}`);
    if (filter.after)
      q = q.where(
        sql<boolean>`(published_data->>'startDate', id) > (${filter.after[0]}, ${filter.after[1]}::uuid)`,
      );
    q = q.orderBy(sql`published_data->>'startDate'`).orderBy('id');
  } else {
    if (filter.after)
      q = q.where(
        sql<boolean>`(published_at, id) < (${new Date(filter.after[0])}, ${filter.after[1]}::uuid)`,
      );
    q = q.orderBy('published_at', 'desc').orderBy('id', 'desc');
  }
  return toLiveRows<K>(await q.limit(filter.limit + 1).execute());
}

/** Search over every kind's live copy, newest first. */
export async function searchLiveItems(
  tx: Tx,
  org: string,
  patterns: readonly (readonly string[])[],
  limit: number,
): Promise<LiveRow[]> {
  let q = live(tx, org);
  for (const term of patterns) q = q.where(matchesTerm(term));
  return toLiveRows(await q.orderBy('published_at', 'desc').limit(limit).execute());
}

/** How many live spots there are (in a category). */
export async function countLiveSpots(tx: Tx, org: string, category?: string): Promise<number> {
  let q = liveOf(tx, org, 'spot')
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'));
  if (category) q = q.where(sql<boolean>`published_data->>'category' = ${category}`);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The closest live spots to a point (equirectangular distance: fine at town scale). */
export async function nearbyLiveSpots(
  tx: Tx,
  org: string,
  point: { lat: number; lng: number },
  excludeId: string,
  limit: number,
): Promise<{ row: LiveRow<'spot'>; km: number }[]> {
  const lat = sql<number>`(published_data->>'lat')::float8`;
  const lng = sql<number>`(published_data->>'lng')::float8`;
  const cos = Math.cos((point.lat * Math.PI) / 180);
  const distance = sql<number>`sqrt(power(${lat} - ${point.lat}, 2) + power((${lng} - ${point.lng}) * ${cos}, 2)) * 111.32`;
  const rows = await liveOf(tx, org, 'spot')
    .select(distance.as('km'))
    .where('id', '!=', excludeId)
    .where(sql<boolean>`published_data ? 'lat' and published_data ? 'lng'`)
    .orderBy(distance)
    .limit(limit)
    .execute();
  const live = toLiveRows<'spot'>(rows);
  return rows.map((r, i) => ({ row: live[i]!, km: Number(r.km) }));
}

/** The category codes that live spots use, in code order. */
export async function liveSpotCategoryCodes(tx: Tx, org: string): Promise<string[]> {
  const rows = await liveOf(tx, org, 'spot')
    .clearSelect()
    .select(sql<string | null>`published_data->>'category'`.as('code'))
    .groupBy(sql`published_data->>'category'`)
    .orderBy(sql`published_data->>'category'`)
    .execute();
  return rows.flatMap((r) => (r.code ? [r.code] : []));
}

/** Live events that may happen between two dates: in range, or recurring and started by `to`. */
export async function liveEventsBetween(
  tx: Tx,
  org: string,
  from: string,
  to: string,
): Promise<LiveRow<'event'>[]> {
  const rows = await liveOf(tx, org, 'event')
    .where(sql<boolean>`published_data->>'startDate' <= ${to}`)
    .where(
      sql<boolean>`(coalesce(published_data->>'endDate', published_data->>'startDate') >= ${from} or published_data ? 'recurrence')`,
    )
    .orderBy(sql`published_data->>'startDate'`)
    .limit(2000)
    .execute();
  return toLiveRows<'event'>(rows);
}

/** Every live item of the organisation, for the sitemap. */
export async function sitemapRows(tx: Tx, org: string) {
  return tx
    .selectFrom('tenant.content_items')
    .select(['id', 'kind', 'published_at', 'updated_at'])
    .where('org', '=', org)
    .where('published_data', 'is not', null)
    .orderBy('kind')
    .orderBy('published_at', 'desc')
    .limit(50_000)
    .execute();
}
