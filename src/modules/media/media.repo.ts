import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';
import { isUuid } from '../../platform/ids.js';

/** Which of the ids are images of this organisation: what content may show (not videos or PDFs). */
export async function ownImageIds(tx: Tx, org: string, ids: string[]): Promise<Set<string>> {
  const valid = [...new Set(ids.filter(isUuid))];
  if (valid.length === 0) return new Set();
  const rows = await tx
    .selectFrom('tenant.media')
    .select('id')
    .where('org', '=', org)
    .where('kind', '=', 'image')
    .where('id', 'in', valid)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Bytes stored (originals and derivatives) and the organisation's quota, in the caller's transaction. */
export async function storageUsage(tx: Tx, org: string): Promise<{ used: number; quota: number }> {
  const used = await tx
    .selectFrom('tenant.media')
    .select(
      sql<string>`coalesce(sum(size_bytes), 0) + coalesce(sum((SELECT sum((d ->> 'sizeBytes')::bigint) FROM jsonb_array_elements(derivatives) AS d)), 0)`.as(
        'used',
      ),
    )
    .where('org', '=', org)
    .executeTakeFirstOrThrow();
  const quota = await tx
    .selectFrom('provider.organisations')
    .select('storage_quota_bytes')
    .where('service_code', '=', org)
    .executeTakeFirstOrThrow();
  return { used: Number(used.used), quota: Number(quota.storage_quota_bytes) };
}
