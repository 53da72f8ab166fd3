import { type Selectable, sql } from 'kysely';
import type { OrganisationSummary as ApiOrganisation } from '../../contract/organisations.js';
import type { OrganisationStatus, OrganisationsTable } from '../../db/schema.js';
import type { Tx } from '../../db/scope.js';

/**
 * The one owner of `provider.organisations`, the organisation registry. It lives in platform
 * because the guard, sessions, audit verification and jobs all need it and platform imports no
 * module; the organisations module's operations (provision, site domain) write through it.
 */

export type { OrganisationStatus };

/** An organisation as the API shows it (organisation.schema.ts:Organisation has the same shape). */
export type OrganisationRecord = ApiOrganisation;

/** What requests and mails need of an organisation: its code, names and status. */
export interface OrganisationSummary {
  serviceCode: string;
  nameJa: string;
  nameEn: string;
  status: OrganisationStatus;
}

export interface NewOrganisation {
  serviceCode: string;
  nameJa: string;
  nameEn: string;
  lgCode?: string | undefined;
  dataRegion?: string | undefined;
  contractStart?: string | undefined;
  contractEnd?: string | undefined;
}

/** The fields every view of an organisation starts with: code, names, local government code, status. */
function identityOf(
  row: Pick<Selectable<OrganisationsTable>, 'service_code' | 'name_ja' | 'name_en' | 'lg_code' | 'status'>,
) {
  return {
    serviceCode: row.service_code,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    lgCode: row.lg_code,
    status: row.status,
  };
}

function toRecord(row: Selectable<OrganisationsTable>): OrganisationRecord {
  return {
    ...identityOf(row),
    dataRegion: row.data_region,
    contractStart: row.contract_start,
    contractEnd: row.contract_end,
    siteDomain: row.site_domain,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findOrganisation(tx: Tx, serviceCode: string): Promise<OrganisationRecord | undefined> {
  const row = await tx
    .selectFrom('provider.organisations')
    .selectAll()
    .where('service_code', '=', serviceCode)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function findOrganisationSummary(
  tx: Tx,
  serviceCode: string,
): Promise<OrganisationSummary | undefined> {
  const row = await tx
    .selectFrom('provider.organisations')
    .select(['service_code', 'name_ja', 'name_en', 'status'])
    .where('service_code', '=', serviceCode)
    .executeTakeFirst();
  return (
    row && { serviceCode: row.service_code, nameJa: row.name_ja, nameEn: row.name_en, status: row.status }
  );
}

/** The organisation's open-data facts: its local government code and its Japanese name. */
export async function findOrganisationFacts(
  tx: Tx,
  serviceCode: string,
): Promise<
  { lgCode: string | null; nameJa: string; dataRegion: string; storageQuotaBytes: number } | undefined
> {
  const row = await tx
    .selectFrom('provider.organisations')
    .select(['lg_code', 'name_ja', 'data_region', 'storage_quota_bytes'])
    .where('service_code', '=', serviceCode)
    .executeTakeFirst();
  return (
    row && {
      lgCode: row.lg_code,
      nameJa: row.name_ja,
      dataRegion: row.data_region,
      storageQuotaBytes: Number(row.storage_quota_bytes),
    }
  );
}

export async function listOrganisations(tx: Tx): Promise<OrganisationRecord[]> {
  const rows = await tx.selectFrom('provider.organisations').selectAll().orderBy('service_code').execute();
  return rows.map(toRecord);
}

/** Every organisation's service code in order (jobs visit each in its own scope); optionally only active ones. */
export async function listServiceCodes(
  tx: Tx,
  only?: { status: OrganisationStatus } | { except: OrganisationStatus },
): Promise<string[]> {
  let query = tx.selectFrom('provider.organisations').select('service_code').orderBy('service_code');
  if (only && 'status' in only) query = query.where('status', '=', only.status);
  if (only && 'except' in only) query = query.where('status', '<>', only.except);
  const rows = await query.execute();
  return rows.map((r) => r.service_code);
}

export async function lgCodeInUse(tx: Tx, lgCode: string): Promise<boolean> {
  const row = await tx
    .selectFrom('provider.organisations')
    .select('service_code')
    .where('lg_code', '=', lgCode)
    .where('status', 'not in', ['terminated', 'purged'])
    .executeTakeFirst();
  return row !== undefined;
}

/** What provisioning writes of a new organisation besides its code (insert, or a reused code). */
function registryFields(input: NewOrganisation) {
  return {
    name_ja: input.nameJa,
    name_en: input.nameEn,
    lg_code: input.lgCode ?? null,
    data_region: input.dataRegion ?? 'jp',
    contract_start: input.contractStart ?? null,
    contract_end: input.contractEnd ?? null,
  };
}

export async function insertOrganisation(tx: Tx, input: NewOrganisation): Promise<OrganisationRecord> {
  const row = await tx
    .insertInto('provider.organisations')
    .values({ service_code: input.serviceCode, ...registryFields(input) })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/**
 * Gives a purged organisation's service code to a new organisation (migration 0071): the
 * tombstone becomes history, the registry row starts afresh with the new names and dates.
 */
export async function reopenServiceCode(tx: Tx, input: NewOrganisation): Promise<OrganisationRecord> {
  await sql`SELECT provider.reopen_service_code(${input.serviceCode})`.execute(tx);
  const row = await tx
    .updateTable('provider.organisations')
    .set(registryFields(input))
    .where('service_code', '=', input.serviceCode)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Sets the organisation's storage quota (operators); answers false for an unknown code. */
export async function updateStorageQuota(tx: Tx, serviceCode: string, bytes: number): Promise<boolean> {
  const result = await tx
    .updateTable('provider.organisations')
    .set({ storage_quota_bytes: bytes, updated_at: new Date() })
    .where('service_code', '=', serviceCode)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The organisation whose site is on this domain, if any. */
export async function siteDomainOwner(tx: Tx, domain: string): Promise<string | undefined> {
  const row = await tx
    .selectFrom('provider.organisations')
    .select('service_code')
    .where('site_domain', '=', domain)
    .executeTakeFirst();
  return row?.service_code;
}

/** Every mapped site domain with its organisation, for the host → organisation map. */
export async function listSiteDomains(tx: Tx): Promise<{ serviceCode: string; siteDomain: string }[]> {
  const rows = await tx
    .selectFrom('provider.organisations')
    .select(['service_code', 'site_domain'])
    .where('site_domain', 'is not', null)
    .execute();
  return rows.map((row) => ({ serviceCode: row.service_code, siteDomain: row.site_domain! }));
}

export async function updateSiteDomain(
  tx: Tx,
  serviceCode: string,
  domain: string | null,
): Promise<OrganisationRecord> {
  const row = await tx
    .updateTable('provider.organisations')
    .set({ site_domain: domain, updated_at: new Date() })
    .where('service_code', '=', serviceCode)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Where an organisation stands in its contract lifecycle (the lifecycle module's view). */
export interface LifecycleRecord {
  serviceCode: string;
  nameJa: string;
  nameEn: string;
  lgCode: string | null;
  status: OrganisationStatus;
  statusChangedAt: string | null;
  statusReason: string | null;
  contractStart: string | null;
  contractEnd: string | null;
  exportWindowDays: number;
  terminatedAt: string | null;
  purgeAfter: string | null;
}

const ORGANISATION_COLUMNS = [
  'o.service_code',
  'o.name_ja',
  'o.name_en',
  'o.lg_code',
  'o.status',
  'o.status_changed_at',
  'o.status_reason',
  'o.contract_start',
  'o.contract_end',
  'o.export_window_days',
  'o.terminated_at',
  'o.purge_after',
] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toLifecycleRecord(row: {
  service_code: string;
  name_ja: string;
  name_en: string;
  lg_code: string | null;
  status: OrganisationStatus;
  status_changed_at: Date | null;
  status_reason: string | null;
  contract_start: string | null;
  contract_end: string | null;
  export_window_days: number;
  terminated_at: Date | null;
  purge_after: Date | null;
}): LifecycleRecord {
  return {
    ...identityOf(row),
    statusChangedAt: iso(row.status_changed_at),
    statusReason: row.status_reason,
    contractStart: row.contract_start,
    contractEnd: row.contract_end,
    exportWindowDays: row.export_window_days,
    terminatedAt: iso(row.terminated_at),
    purgeAfter: iso(row.purge_after),
  };
}

/** The organisation's lifecycle row, locked for a status change. */
export async function lockLifecycle(tx: Tx, serviceCode: string): Promise<LifecycleRecord | undefined> {
  const row = await tx
    .selectFrom('provider.organisations as o')
    .select(ORGANISATION_COLUMNS)
    .where('o.service_code', '=', serviceCode)
    .forUpdate()
    .executeTakeFirst();
  return row ? toLifecycleRecord(row) : undefined;
}

export async function findLifecycle(tx: Tx, serviceCode: string): Promise<LifecycleRecord | undefined> {
  const row = await tx
    .selectFrom('provider.organisations as o')
    .select(ORGANISATION_COLUMNS)
    .where('o.service_code', '=', serviceCode)
    .executeTakeFirst();
  return row ? toLifecycleRecord(row) : undefined;
}

export async function listLifecycles(tx: Tx): Promise<LifecycleRecord[]> {
  const rows = await tx
    .selectFrom('provider.organisations as o')
    .select(ORGANISATION_COLUMNS)
    .orderBy('o.service_code')
    .execute();
  return rows.map(toLifecycleRecord);
}

export async function updateStatus(
  tx: Tx,
  serviceCode: string,
  change: {
    status: OrganisationStatus;
    reason: string | null;
    terminatedAt?: Date | null;
    purgeAfter?: Date | null;
    exportWindowDays?: number;
  },
): Promise<void> {
  await tx
    .updateTable('provider.organisations')
    .set({
      status: change.status,
      status_reason: change.reason,
      status_changed_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
      ...(change.terminatedAt === undefined ? {} : { terminated_at: change.terminatedAt }),
      ...(change.purgeAfter === undefined ? {} : { purge_after: change.purgeAfter }),
      ...(change.exportWindowDays === undefined ? {} : { export_window_days: change.exportWindowDays }),
    })
    .where('service_code', '=', serviceCode)
    .execute();
}

/** Active or suspended organisations whose contract ended before `today` (a JST date). */
export async function contractsEnded(tx: Tx, today: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('provider.organisations')
    .select('service_code')
    .where('status', 'in', ['active', 'suspended'])
    .where('contract_end', '<', today)
    .execute();
  return rows.map((r) => r.service_code);
}

/** Terminated organisations whose purge date has come. */
export async function purgeDatesReached(tx: Tx, now: Date): Promise<string[]> {
  const rows = await tx
    .selectFrom('provider.organisations')
    .select('service_code')
    .where('status', '=', 'terminated')
    .where('purge_after', '<=', now)
    .orderBy('service_code')
    .execute();
  return rows.map((r) => r.service_code);
}
