import type { ColumnType } from 'kysely';

/** API requests of an organisation on a day (JST), added to by every node's flush. */
export interface ApiRequestsDailyTable {
  org: string;
  day: string;
  requests: ColumnType<string, number, number>;
}

export interface CapacityTables {
  'tenant.api_requests_daily': ApiRequestsDailyTable;
}
