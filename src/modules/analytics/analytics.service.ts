import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { Errors } from '../../platform/errors.js';
import { spreadsheetCsv } from '../../platform/http/csv.js';
import { jstDate } from '../../platform/time/jst.js';
import { contentTitles } from '../content/index.js';
import {
  listDailyRows,
  mostViewedContentIds,
  siteVisitorsByDay,
  sumViewsBy,
  sumViewsByDay,
  sumVisitorsBy,
  topContentViews,
} from './analytics.repo.js';
import type { AnalyticsSummary, BreakdownRow, RangeQuery, TopItem } from './analytics.schema.js';

export const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;
const TOP = 10;
const DAY_MS = 86_400_000;

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The inclusive Asia/Tokyo date range asked for: to defaults to today, from to 29 days before. */
export function resolveRange(query: RangeQuery, now = new Date()): { from: string; to: string } {
  const to = query.to ?? jstDate(now);
  const from = query.from ?? dayString(dayNumber(to) - (DEFAULT_RANGE_DAYS - 1));
  if (Number.isNaN(dayNumber(from)))
    throw Errors.invalidField('from', { ja: '日付が正しくありません。', en: 'is not a valid date.' });
  if (Number.isNaN(dayNumber(to)))
    throw Errors.invalidField('to', { ja: '日付が正しくありません。', en: 'is not a valid date.' });
  if (from > to)
    throw Errors.invalidField('to', {
      ja: '終了日は開始日と同じか、それより後の日付にしてください。',
      en: 'must be the same day as from or later.',
    });
  if (dayNumber(to) - dayNumber(from) + 1 > MAX_RANGE_DAYS)
    throw Errors.invalidField('from', {
      ja: `期間は ${MAX_RANGE_DAYS} 日以内にしてください。`,
      en: `the range must be at most ${MAX_RANGE_DAYS} days.`,
    });
  return { from, to };
}

type Dimension = 'page' | 'lang' | 'referrer' | 'device';
const COLUMN: Record<Dimension, 'page' | 'lang' | 'referrer_domain' | 'device'> = {
  page: 'page',
  lang: 'lang',
  referrer: 'referrer_domain',
  device: 'device',
};

/** Daily unique visitors of one breakdown, added up over the range, by value. */
async function visitorsBy(
  ctx: TenantContext,
  org: string,
  range: { from: string; to: string },
  dimension: 'site' | Dimension | 'content',
): Promise<Map<string, number>> {
  const rows = await sumVisitorsBy(ctx.tx, org, range, dimension);
  return new Map(rows.map((r) => [r.value, r.visitors]));
}

async function breakdown(
  ctx: TenantContext,
  org: string,
  range: { from: string; to: string },
  dimension: Dimension,
): Promise<BreakdownRow[]> {
  const column = COLUMN[dimension];
  const views = await sumViewsBy(ctx.tx, org, range, column);
  const visitors = await visitorsBy(ctx, org, range, dimension);
  return views.map((r) => ({ value: r.value, views: r.views, visitors: visitors.get(r.value) ?? 0 }));
}

async function topContent(
  ctx: TenantContext,
  org: string,
  range: { from: string; to: string },
  kind: 'spot' | 'event',
  visitors: Map<string, number>,
): Promise<TopItem[]> {
  const rows = await topContentViews(ctx.tx, org, range, kind, TOP);
  const titles = await contentTitles(
    ctx.tx,
    org,
    rows.map((r) => r.content_id),
  );
  return rows.map((r) => ({
    id: r.content_id,
    title: titles.get(r.content_id) ?? null,
    views: r.views,
    visitors: visitors.get(`${kind}:${r.content_id}`) ?? 0,
  }));
}

/** The organisation's most viewed content over the default range: what a node loads first after a start. */
export async function mostViewedContent(ctx: TenantContext, limit: number): Promise<string[]> {
  ctx.require('analytics:view');
  return mostViewedContentIds(ctx.tx, ctx.scope.org, resolveRange({}), limit);
}

/** The dashboard's figures for an inclusive range of days. */
export async function analyticsSummary(ctx: TenantContext, query: RangeQuery): Promise<AnalyticsSummary> {
  ctx.require('analytics:view');
  const org = ctx.scope.org;
  const range = resolveRange(query);
  const viewsByDay = await sumViewsByDay(ctx.tx, org, range);
  const views = new Map(viewsByDay.map((r) => [r.day, r.views]));
  const siteVisitors = await siteVisitorsByDay(ctx.tx, org, range);
  const visitors = new Map(siteVisitors.map((r) => [r.day, r.visitors]));
  const days = [];
  for (let n = dayNumber(range.from); n <= dayNumber(range.to); n += 1) {
    const day = dayString(n);
    days.push({ day, views: views.get(day) ?? 0, visitors: visitors.get(day) ?? 0 });
  }
  const contentVisitors = await visitorsBy(ctx, org, range, 'content');
  return {
    ...range,
    totals: {
      views: days.reduce((sum, d) => sum + d.views, 0),
      visitors: days.reduce((sum, d) => sum + d.visitors, 0),
    },
    days,
    topSpots: await topContent(ctx, org, range, 'spot', contentVisitors),
    topEvents: await topContent(ctx, org, range, 'event', contentVisitors),
    pages: await breakdown(ctx, org, range, 'page'),
    languages: await breakdown(ctx, org, range, 'lang'),
    referrers: await breakdown(ctx, org, range, 'referrer'),
    devices: await breakdown(ctx, org, range, 'device'),
  };
}

const CSV_HEADER = [
  '日付 / day',
  'ページ / page',
  '種類 / content kind',
  'コンテンツID / content id',
  'タイトル / title',
  '言語 / language',
  '参照元 / referrer',
  '端末 / device',
  '表示回数 / views',
  '訪問者数 / visitors',
];

/**
 * One row per day, page, content item, language, referrer and device (visitors: distinct within
 * that row and day). UTF-8 with BOM for Excel. The export is audited.
 */
export async function exportAnalyticsCsv(
  ctx: TenantContext,
  query: RangeQuery,
): Promise<{ csv: string; from: string; to: string }> {
  ctx.require('analytics:view');
  const org = ctx.scope.org;
  const range = resolveRange(query);
  const rows = await listDailyRows(ctx.tx, org, range);
  const titles = await contentTitles(ctx.tx, org, [
    ...new Set(rows.map((r) => r.content_id).filter((id) => id !== '')),
  ]);
  const csv = spreadsheetCsv(
    CSV_HEADER,
    rows.map((r) => [
      r.day,
      r.page,
      r.content_kind,
      r.content_id,
      titles.get(r.content_id)?.ja ?? '',
      r.lang,
      r.referrer_domain,
      r.device,
      r.views,
      r.visitors,
    ]),
  );
  await audit(ctx, { action: 'analytics.exported', details: { ...range, rows: rows.length } });
  return { csv, ...range };
}
