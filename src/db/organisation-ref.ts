import type { OrganisationStatus } from './schema.js';
import type { Tx } from './scope.js';

/** The organisation a tenant context acts for, as every request and job sees it. */
export interface OrganisationRef {
  serviceCode: string;
  nameJa: string;
  nameEn: string;
  status: OrganisationStatus;
}

/**
 * Reads the organisation's reference inside a transaction (any scope: the registry is readable
 * from tenant scopes too). Here in db/ because contexts are built below every module.
 */
export async function loadOrganisationRef(tx: Tx, serviceCode: string): Promise<OrganisationRef | null> {
  return (await loadOrganisationRefs(tx, [serviceCode])).get(serviceCode) ?? null;
}

/** The references of several organisations in one statement, by service code (unknown ones absent). */
export async function loadOrganisationRefs(
  tx: Tx,
  serviceCodes: string[],
): Promise<Map<string, OrganisationRef>> {
  const refs = new Map<string, OrganisationRef>();
  if (serviceCodes.length === 0) return refs;
  const rows = await tx
    .selectFrom('provider.organisations')
    .select(['service_code', 'name_ja', 'name_en', 'status'])
    .where('service_code', 'in', serviceCodes)
    .execute();
  for (const row of rows)
    refs.set(row.service_code, {
      serviceCode: row.service_code,
      nameJa: row.name_ja,
      nameEn: row.name_en,
      status: row.status,
    });
  return refs;
}

/**
 * Whether an account of an organisation in this state may sign in and keep its session: everyone
 * while active; only admins after the contract ended (to export, read-only); no one otherwise.
 */
export function organisationAdmits(status: OrganisationStatus, role: 'admin' | 'general'): boolean {
  return status === 'active' || (status === 'terminated' && role === 'admin');
}
