/** Capacity figures and storage quotas (A.12.1.3): operators' 容量 pages and the admins' 契約 page. */
import { api } from './api';

export interface UsageDay {
  day: string;
  pageViews: number;
  apiRequests: number;
}

export interface OrganisationUsage {
  serviceCode: string;
  nameJa: string;
  nameEn: string;
  status: string;
  storage: { quotaBytes: number; usedBytes: number; originalBytes: number; derivativeBytes: number };
  mediaFiles: number;
  users: number;
  items: { spot: number; event: number; course: number; article: number };
  /** Oldest first (JST); the list shows yesterday and today, one organisation the last 14 days. */
  days: UsageDay[];
}

const GB = 1024 ** 3;

export function fetchCapacity(): Promise<OrganisationUsage[]> {
  return api.get<{ items: OrganisationUsage[] }>('/ops/capacity').then((answer) => answer.items);
}

export function fetchOrganisationCapacity(serviceCode: string): Promise<OrganisationUsage> {
  return api.get<OrganisationUsage>(`/ops/organisations/${encodeURIComponent(serviceCode)}/capacity`);
}

export function setStorageQuota(
  serviceCode: string,
  gigabytes: number,
  reason: string,
): Promise<OrganisationUsage> {
  return api.put<OrganisationUsage>(`/ops/organisations/${encodeURIComponent(serviceCode)}/quota`, {
    storageQuotaBytes: Math.round(gigabytes * GB),
    ...(reason ? { reason } : {}),
  });
}

export function fetchOwnUsage(): Promise<OrganisationUsage> {
  return api.get<OrganisationUsage>('/usage');
}

/** A quota typed in GB (「20」「0.5」「１０」): a number of at most 100 TB, or undefined. */
export function parseQuotaGb(raw: string): number | undefined {
  const text = raw.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!/^\d{1,6}(\.\d{1,3})?$/.test(text)) return undefined;
  const gb = Number(text);
  return gb <= 100 * 1024 ? gb : undefined;
}

export function quotaGb(bytes: number): string {
  return String(Math.round((bytes / GB) * 1000) / 1000);
}

/** The newest day of the figures (today), or zeros. */
export function latestDay(usage: OrganisationUsage): UsageDay {
  return usage.days.at(-1) ?? { day: '', pageViews: 0, apiRequests: 0 };
}
