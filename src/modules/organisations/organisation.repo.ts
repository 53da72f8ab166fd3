import type { Selectable } from 'kysely';
import type { OrganisationsTable } from '../../db/schema.js';
import type { Tx } from '../../db/scope.js';
import type { Organisation, ProvisionOrganisationInput } from './organisation.schema.js';

export function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    serviceCode: row.service_code,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    lgCode: row.lg_code,
    status: row.status,
    dataRegion: row.data_region,
    contractStart: row.contract_start,
    contractEnd: row.contract_end,
    siteDomain: row.site_domain,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findOrganisation(tx: Tx, serviceCode: string): Promise<Organisation | undefined> {
  const row = await tx
    .selectFrom('provider.organisations')
    .selectAll()
    .where('service_code', '=', serviceCode)
    .executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

export async function listOrganisations(tx: Tx): Promise<Organisation[]> {
  const rows = await tx.selectFrom('provider.organisations').selectAll().orderBy('service_code').execute();
  return rows.map(toOrganisation);
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

export async function insertOrganisation(tx: Tx, input: ProvisionOrganisationInput): Promise<Organisation> {
  const row = await tx
    .insertInto('provider.organisations')
    .values({
      service_code: input.serviceCode,
      name_ja: input.nameJa,
      name_en: input.nameEn,
      lg_code: input.lgCode ?? null,
      data_region: input.dataRegion ?? 'jp',
      contract_start: input.contractStart ?? null,
      contract_end: input.contractEnd ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOrganisation(row);
}

/** The organisation's first customer-side rows (defaults); runs in that organisation's scope. */
export async function insertOrganisationDefaults(tx: Tx, serviceCode: string): Promise<void> {
  await tx.insertInto('tenant.site_settings').values({ org: serviceCode }).execute();
  await tx.insertInto('tenant.account_settings').values({ org: serviceCode }).execute();
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

export async function updateSiteDomain(
  tx: Tx,
  serviceCode: string,
  domain: string | null,
): Promise<Organisation> {
  const row = await tx
    .updateTable('provider.organisations')
    .set({ site_domain: domain, updated_at: new Date() })
    .where('service_code', '=', serviceCode)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOrganisation(row);
}
