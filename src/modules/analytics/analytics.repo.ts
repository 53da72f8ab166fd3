import { randomBytes } from 'node:crypto';
import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AnalyticsDailyTable } from '../../db/schema-analytics.js';
import type { Tx } from '../../db/scope.js';

/**
 * Owner of `tenant.analytics_daily`, `tenant.analytics_daily_visitors`,
 * `tenant.analytics_visitors` and `provider.analytics_salts`.
 */

export interface DayRange {
  from: string;
  to: string;
}

export type VisitorDimension = 'site' | 'page' | 'content' | 'lang' | 'referrer' | 'device';
type DailyColumn = 'page' | 'lang' | 'referrer_domain' | 'device';

function dailyRows(tx: Tx, org: string, range: DayRange) {
  return tx
    .selectFrom('tenant.analytics_daily')
    .where('org', '=', org)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to);
}

// --- Reading: the dashboard and the export

export async function sumViewsByDay(tx: Tx, org: string, range: DayRange) {
  return dailyRows(tx, org, range)
    .select(['day', sql<number>`sum(views)::int`.as('views')])
    .groupBy('day')
    .execute();
}

/** Views over the range by one column's value, most first. */
export async function sumViewsBy(tx: Tx, org: string, range: DayRange, column: DailyColumn) {
  return dailyRows(tx, org, range)
    .select([`${column} as value`, sql<number>`sum(views)::int`.as('views')])
    .groupBy(column)
    .orderBy('views', 'desc')
    .orderBy(column)
    .execute();
}

/** The `limit` most viewed items of a kind over the range. */
export async function topContentViews(
  tx: Tx,
  org: string,
  range: DayRange,
  kind: 'spot' | 'event',
  limit: number,
) {
  return dailyRows(tx, org, range)
    .select(['content_id', sql<number>`sum(views)::int`.as('views')])
    .where('content_kind', '=', kind)
    .groupBy('content_id')
    .orderBy('views', 'desc')
    .orderBy('content_id')
    .limit(limit)
    .execute();
}

/** The `limit` most viewed content items of any kind over the range (warming caches). */
export async function mostViewedContentIds(
  tx: Tx,
  org: string,
  range: DayRange,
  limit: number,
): Promise<string[]> {
  const rows = await dailyRows(tx, org, range)
    .select('content_id')
    .where('content_id', '<>', '')
    .groupBy('content_id')
    .orderBy(sql`sum(views)`, 'desc')
    .orderBy('content_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.content_id);
}

/** Every counter row of the range, in a stable order (the CSV export). */
export async function listDailyRows(tx: Tx, org: string, range: DayRange) {
  return dailyRows(tx, org, range)
    .select([
      'day',
      'page',
      'content_kind',
      'content_id',
      'lang',
      'referrer_domain',
      'device',
      'views',
      'visitors',
    ])
    .$call(inDailyKeyOrder)
    .execute();
}

/** Counter rows in the order of their key (after org): stable for the CSV and the data export. */
export function inDailyKeyOrder<O>(query: SelectQueryBuilder<DB, 'tenant.analytics_daily', O>) {
  return query
    .orderBy('day')
    .orderBy('page')
    .orderBy('content_id')
    .orderBy('lang')
    .orderBy('referrer_domain')
    .orderBy('device');
}

/** Daily unique visitors of one breakdown, added up over the range, by value. */
export async function sumVisitorsBy(tx: Tx, org: string, range: DayRange, dimension: VisitorDimension) {
  return tx
    .selectFrom('tenant.analytics_daily_visitors')
    .select(['value', sql<number>`sum(visitors)::int`.as('visitors')])
    .where('org', '=', org)
    .where('dimension', '=', dimension)
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .groupBy('value')
    .execute();
}

/** The site's unique visitors per day of the range. */
export async function siteVisitorsByDay(tx: Tx, org: string, range: DayRange) {
  return tx
    .selectFrom('tenant.analytics_daily_visitors')
    .select(['day', 'visitors'])
    .where('org', '=', org)
    .where('dimension', '=', 'site')
    .where('day', '>=', range.from)
    .where('day', '<=', range.to)
    .execute();
}

// --- Writing: the recorder's flush

/**
 * Stores the day's visitor hashes (hex); returns only those not seen before (on any node) that
 * day. Every write of a flush passes its rows as one array per column (unnest): a multi-row
 * VALUES of 500 rows was 1,500–5,000 parameters to encode, parse and plan per statement, most of a
 * flush's time.
 */
export async function insertNewVisitorHashes(tx: Tx, org: string, day: string, hashes: string[]) {
  const { rows } = await sql<{ hash: string }>`
    INSERT INTO tenant.analytics_visitors (org, day, visitor_hash)
    SELECT ${org}, ${day}::date, decode(h, 'hex') FROM unnest(${hashes}::text[]) AS h
    ON CONFLICT (org, day, visitor_hash) DO NOTHING
    RETURNING encode(visitor_hash, 'hex') AS hash`.execute(tx);
  return rows.map((r) => r.hash);
}

type DailyRow = Selectable<AnalyticsDailyTable>;

export interface DailyCount {
  page: string;
  contentKind: DailyRow['content_kind'];
  contentId: string;
  lang: string;
  referrerDomain: string;
  device: DailyRow['device'];
  views: number;
  visitors: number;
}

/** Adds views and new visitors to the day's counter rows (each key once per call). */
export async function addDailyCounts(tx: Tx, org: string, day: string, counts: DailyCount[]): Promise<void> {
  const column = <T>(pick: (c: DailyCount) => T) => counts.map(pick);
  await sql`
    INSERT INTO tenant.analytics_daily AS d
      (org, day, page, content_kind, content_id, lang, referrer_domain, device, views, visitors)
    SELECT ${org}, ${day}::date, v.*
      FROM unnest(${column((c) => c.page)}::text[], ${column((c) => c.contentKind)}::text[],
                  ${column((c) => c.contentId)}::text[], ${column((c) => c.lang)}::text[],
                  ${column((c) => c.referrerDomain)}::text[], ${column((c) => c.device)}::text[],
                  ${column((c) => c.views)}::int[], ${column((c) => c.visitors)}::int[]) AS v
    ON CONFLICT (org, day, page, content_id, lang, referrer_domain, device)
    DO UPDATE SET views = d.views + excluded.views, visitors = d.visitors + excluded.visitors`.execute(tx);
}

/** Adds new visitors to the day's per-dimension counts (each dimension and value once per call). */
export async function addDimensionVisitors(
  tx: Tx,
  org: string,
  day: string,
  counts: { dimension: VisitorDimension; value: string; visitors: number }[],
): Promise<void> {
  await sql`
    INSERT INTO tenant.analytics_daily_visitors AS d (org, day, dimension, value, visitors)
    SELECT ${org}, ${day}::date, v.*
      FROM unnest(${counts.map((c) => c.dimension)}::text[], ${counts.map((c) => c.value)}::text[],
                  ${counts.map((c) => c.visitors)}::int[]) AS v
    ON CONFLICT (org, day, dimension, value) DO UPDATE SET visitors = d.visitors + excluded.visitors`.execute(
    tx,
  );
}

// --- Day salts and closing days

/** The day's salt, created (random, 32 bytes) by whichever node asks first. */
export async function loadOrCreateDaySalt(tx: Tx, day: string): Promise<Buffer> {
  await tx
    .insertInto('provider.analytics_salts')
    .values({ day, salt: randomBytes(32) })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
  const row = await tx
    .selectFrom('provider.analytics_salts')
    .select('salt')
    .where('day', '=', day)
    .executeTakeFirstOrThrow();
  return row.salt;
}

/** The oldest salted day before `open` that no other node is closing (FOR UPDATE SKIP LOCKED). */
export async function claimDayToClose(tx: Tx, open: string): Promise<string | undefined> {
  const claimed = await tx
    .selectFrom('provider.analytics_salts')
    .select('day')
    .where('day', '<', open)
    .orderBy('day')
    .limit(1)
    .forUpdate()
    .modifyEnd(sql`SKIP LOCKED`)
    .executeTakeFirst();
  return claimed?.day;
}

/** Deletes the organisation's visitor hashes of the day and any earlier day. */
export async function deleteVisitorHashesThrough(tx: Tx, org: string, day: string): Promise<void> {
  await tx.deleteFrom('tenant.analytics_visitors').where('org', '=', org).where('day', '<=', day).execute();
}

export async function deleteSalt(tx: Tx, day: string): Promise<void> {
  await tx.deleteFrom('provider.analytics_salts').where('day', '=', day).execute();
}
