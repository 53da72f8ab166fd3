import type { ColumnType } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface AnalyticsDailyTable {
  org: string;
  day: ColumnType<string, string, string>;
  page: string;
  content_kind: Defaulted<'' | 'spot' | 'event' | 'course' | 'article'>;
  content_id: Defaulted<string>;
  lang: string;
  referrer_domain: Defaulted<string>;
  device: 'mobile' | 'tablet' | 'desktop';
  views: Defaulted<number>;
  visitors: Defaulted<number>;
}

export interface AnalyticsDailyVisitorsTable {
  org: string;
  day: ColumnType<string, string, string>;
  dimension: 'site' | 'page' | 'content' | 'lang' | 'referrer' | 'device';
  value: string;
  visitors: Defaulted<number>;
}

export interface AnalyticsVisitorsTable {
  org: string;
  day: ColumnType<string, string, string>;
  visitor_hash: Buffer;
}

export interface AnalyticsSaltsTable {
  day: ColumnType<string, string, string>;
  salt: Buffer;
  created_at: Defaulted<Date>;
}

export interface AnalyticsTables {
  'tenant.analytics_daily': AnalyticsDailyTable;
  'tenant.analytics_daily_visitors': AnalyticsDailyVisitorsTable;
  'tenant.analytics_visitors': AnalyticsVisitorsTable;
  'provider.analytics_salts': AnalyticsSaltsTable;
}
