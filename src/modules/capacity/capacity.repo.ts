/**
 * Capacity figures (A.12.1.3): counts over the organisation's own tables, always inside its scope
 * (operators reach each organisation through asOrganisation and see numbers, never rows), and the
 * API request counts this module owns.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';

export interface CountsRow {
  items: Record<string, number>;
  users: number;
}

/** Content items by kind and the accounts in use (deleted ones left out). */
export async function countItemsAndUsers(tx: Tx, org: string): Promise<CountsRow> {
  const [kinds, users] = await Promise.all([
    tx
      .selectFrom('tenant.content_items')
      .select(['kind', sql<string>`count(*)`.as('n')])
      .where('org', '=', org)
      .groupBy('kind')
      .execute(),
    tx
      .selectFrom('tenant.users')
      .select(sql<string>`count(*)`.as('n'))
      .where('org', '=', org)
      .where('status', '<>', 'deleted')
      .executeTakeFirstOrThrow(),
  ]);
  return { items: Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)])), users: Number(users.n) };
}

export interface DayRow {
  day: string;
  pageViews: number;
  apiRequests: number;
}

/** Public page views (analytics) and API requests per day from `from` (a JST date) on. */
export async function usagePerDay(tx: Tx, org: string, from: string): Promise<DayRow[]> {
  const [views, requests] = await Promise.all([
    tx
      .selectFrom('tenant.analytics_daily')
      .select(['day', sql<string>`sum(views)`.as('n')])
      .where('org', '=', org)
      .where('day', '>=', from)
      .groupBy('day')
      .execute(),
    tx
      .selectFrom('tenant.api_requests_daily')
      .select(['day', 'requests'])
      .where('org', '=', org)
      .where('day', '>=', from)
      .execute(),
  ]);
  const days = new Map<string, DayRow>();
  const at = (day: string) => {
    const row = days.get(day) ?? { day, pageViews: 0, apiRequests: 0 };
    days.set(day, row);
    return row;
  };
  for (const v of views) at(String(v.day)).pageViews = Number(v.n);
  for (const r of requests) at(String(r.day)).apiRequests = Number(r.requests);
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** Adds a node's API requests of a day (any number of nodes add to the same row). */
export async function addApiRequests(tx: Tx, org: string, day: string, requests: number): Promise<void> {
  await tx
    .insertInto('tenant.api_requests_daily')
    .values({ org, day, requests })
    .onConflict((oc) =>
      oc.columns(['org', 'day']).doUpdateSet({
        requests: sql<number>`tenant.api_requests_daily.requests + excluded.requests`,
      }),
    )
    .execute();
}
