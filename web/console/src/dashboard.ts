/**
 * The console's start page data (GET /api/v1/dashboard). The shape is the server's schema,
 * imported as a type only; a section is absent when the user lacks the right it needs. No React.
 */

import type { Dashboard, DashboardItem } from '../../../src/modules/dashboard/dashboard.schema';
import { api } from './api';

export type { Dashboard, DashboardItem };

export function fetchDashboard(): Promise<Dashboard> {
  return api.get<Dashboard>('/dashboard');
}

/** The item's name for the list: Japanese, else the first language it has. */
export function itemName(item: Pick<DashboardItem, 'name'>): string {
  return item.name.ja?.trim() || Object.values(item.name).find((v) => v.trim()) || '';
}

/** Storage in use as a whole percentage of the quota (100 when the quota is zero). */
export function storagePercent(used: number, quota: number): number {
  if (quota <= 0) return 100;
  return Math.min(100, Math.round((used / quota) * 100));
}
