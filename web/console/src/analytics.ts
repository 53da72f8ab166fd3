/** The visitor statistics page's data, range and figures (アクセス解析). No DOM, no React. */
import { API_BASE, api } from './api';
import { isCalendarDate, jstToday } from './jst';

export interface AnalyticsCounts {
  views: number;
  visitors: number;
}

export interface AnalyticsTopItem extends AnalyticsCounts {
  id: string;
  title: Record<string, string> | null;
}

/** One value of a breakdown; '' means none (e.g. no referrer). */
export interface AnalyticsBreakdownRow extends AnalyticsCounts {
  value: string;
}

export interface AnalyticsSummary {
  from: string;
  to: string;
  totals: AnalyticsCounts;
  days: (AnalyticsCounts & { day: string })[];
  topSpots: AnalyticsTopItem[];
  topEvents: AnalyticsTopItem[];
  pages: AnalyticsBreakdownRow[];
  languages: AnalyticsBreakdownRow[];
  referrers: AnalyticsBreakdownRow[];
  devices: AnalyticsBreakdownRow[];
}

export interface AnalyticsRange {
  from: string;
  to: string;
}

/** The server refuses longer ranges. */
export const MAX_RANGE_DAYS = 366;
export const RANGE_PRESETS = [7, 30, 90, 365] as const;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The last `days` days up to and including today in Japan. */
export function lastDays(days: number, now: number = Date.now()): AnalyticsRange {
  const to = jstToday(now);
  return { from: dayString(dayNumber(to) - (days - 1)), to };
}

export type RangeIssue = 'invalid' | 'order' | 'tooLong';

/** What is wrong with a typed range, per field (the server checks the same). */
export function rangeIssues(range: AnalyticsRange): { from?: RangeIssue; to?: RangeIssue } {
  const issues: { from?: RangeIssue; to?: RangeIssue } = {};
  if (!isCalendarDate(range.from)) issues.from = 'invalid';
  if (!isCalendarDate(range.to)) issues.to = 'invalid';
  if (issues.from || issues.to) return issues;
  if (range.from > range.to) return { to: 'order' };
  if (dayNumber(range.to) - dayNumber(range.from) + 1 > MAX_RANGE_DAYS) return { from: 'tooLong' };
  return {};
}

export function rangeQuery(range: AnalyticsRange): string {
  return new URLSearchParams({ from: range.from, to: range.to }).toString();
}

export function fetchAnalyticsSummary(range: AnalyticsRange): Promise<AnalyticsSummary> {
  return api.get<AnalyticsSummary>(`/analytics/summary?${rangeQuery(range)}`);
}

/** Where the browser downloads the CSV export (a plain link: the session cookie goes with it). */
export function analyticsCsvUrl(range: AnalyticsRange): string {
  return `${API_BASE}/analytics/export.csv?${rangeQuery(range)}`;
}

/** A part of a whole as a percentage with one decimal, '0%' for an empty whole. */
export function share(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return `${(Math.round((part / whole) * 1000) / 10).toFixed(1).replace(/\.0$/, '')}%`;
}

/** A content title in the console language, Japanese when that language has none. */
export function titleIn(title: Record<string, string> | null, lang: string): string | undefined {
  if (!title) return undefined;
  return title[lang] || title.ja || undefined;
}

/** A day `YYYY-MM-DD` as the short label under the chart: `5/1`. */
export function shortDay(day: string): string {
  const [, month, date] = day.split('-');
  return `${Number(month)}/${Number(date)}`;
}
