import { asOrganisation, type Tx } from '../../db/scope.js';
import type { ProviderContext, TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError, Errors } from '../../platform/errors.js';
import {
  findLifecycle,
  listLifecycles,
  updateStorageQuota,
} from '../../platform/tenancy/organisations.repo.js';
import { jstDate } from '../../platform/time/jst.js';
import { storageUsage } from '../media/index.js';
import { countItemsAndUsers, usagePerDay } from './capacity.repo.js';
import type { OrganisationUsage, QuotaInput, UsageDay } from './capacity.schema.js';

/** How many days of page views and API requests the figures show. */
export const USAGE_DAYS = 14;

function daysBack(now: Date, days: number): string[] {
  return Array.from({ length: days }, (_, i) =>
    jstDate(new Date(now.getTime() - (days - 1 - i) * 86_400_000)),
  );
}

/**
 * The figures of one organisation, read inside its own scope: the storage query is the one the
 * dashboard and the upload check use (media's storageUsage), so every screen shows one number.
 */
async function usageOf(tx: Tx, org: string, days: number, now: Date): Promise<OrganisationUsage> {
  const record = await findLifecycle(tx, org);
  if (!record) throw Errors.notFound();
  const wanted = daysBack(now, days);
  const [storage, counts, perDay] = await Promise.all([
    storageUsage(tx, org),
    countItemsAndUsers(tx, org),
    days > 0 ? usagePerDay(tx, org, wanted[0]!) : Promise.resolve([]),
  ]);
  const byDay = new Map(perDay.map((d) => [d.day, d]));
  return {
    serviceCode: org,
    nameJa: record.nameJa,
    nameEn: record.nameEn,
    status: record.status,
    storage: {
      quotaBytes: storage.quota,
      usedBytes: storage.used,
      originalBytes: storage.originals,
      derivativeBytes: storage.derivatives,
    },
    mediaFiles: storage.files,
    users: counts.users,
    items: {
      spot: counts.items.spot ?? 0,
      event: counts.items.event ?? 0,
      course: counts.items.course ?? 0,
      article: counts.items.article ?? 0,
    },
    days: wanted.map((day): UsageDay => byDay.get(day) ?? { day, pageViews: 0, apiRequests: 0 }),
  };
}

/** The admins' own figures and quota (their 契約 page). */
export async function getOwnUsage(ctx: TenantContext, now = new Date()): Promise<OrganisationUsage> {
  ctx.require('organisation:manage');
  return usageOf(ctx.tx, ctx.scope.org, USAGE_DAYS, now);
}

/** One organisation's figures (operators): numbers only, read in the organisation's scope. */
export async function getOrganisationUsage(
  ctx: ProviderContext,
  serviceCode: string,
  now = new Date(),
): Promise<OrganisationUsage> {
  ctx.require('ops:capacity');
  const record = await findLifecycle(ctx.tx, serviceCode);
  if (!record || record.status === 'purged') throw Errors.notFound();
  return asOrganisation(ctx.tx, serviceCode, () => usageOf(ctx.tx, serviceCode, USAGE_DAYS, now));
}

/**
 * Every organisation's figures with today's and yesterday's page views and requests (operators'
 * list, /metrics). Purged organisations have nothing left to count.
 */
export async function listOrganisationUsage(
  ctx: ProviderContext,
  now = new Date(),
): Promise<OrganisationUsage[]> {
  ctx.require('ops:capacity');
  const out: OrganisationUsage[] = [];
  for (const org of await listLifecycles(ctx.tx)) {
    if (org.status === 'purged') continue;
    out.push(await asOrganisation(ctx.tx, org.serviceCode, () => usageOf(ctx.tx, org.serviceCode, 2, now)));
  }
  return out;
}

/** Changes an organisation's storage quota; recorded in the provider's chain and the organisation's. */
export async function setStorageQuota(
  ctx: ProviderContext,
  serviceCode: string,
  input: QuotaInput,
): Promise<OrganisationUsage> {
  ctx.require('ops:capacity');
  const record = await findLifecycle(ctx.tx, serviceCode);
  if (!record) throw Errors.notFound();
  if (record.status === 'terminated' || record.status === 'purged') {
    throw new AppError(
      409,
      'quota_of_ended_contract',
      {
        ja: '契約終了または削除済みの組織の保存容量は変更できません。',
        en: 'The storage quota of a terminated or purged organisation cannot be changed.',
      },
      { field: 'storageQuotaBytes' },
    );
  }
  const before = await asOrganisation(ctx.tx, serviceCode, () => storageUsage(ctx.tx, serviceCode));
  await updateStorageQuota(ctx.tx, serviceCode, input.storageQuotaBytes);
  await audit(
    ctx,
    {
      action: 'organisation.quota_changed',
      target: { type: 'organisation', id: serviceCode },
      details: {
        from: before.quota,
        to: input.storageQuotaBytes,
        usedBytes: before.used,
        reason: input.reason ?? null,
      },
    },
    { onOrganisation: serviceCode },
  );
  return getOrganisationUsage(ctx, serviceCode);
}
