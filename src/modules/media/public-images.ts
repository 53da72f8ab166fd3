import type { Tx } from '../../db/scope.js';

/**
 * The alt texts of the organisation's images among `ids` (other organisations' files, non-images
 * and unknown ids are absent), for public pages that show them.
 */
export async function imageAltTexts(
  tx: Tx,
  org: string,
  ids: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('tenant.media')
    .select(['id', 'alt'])
    .where('org', '=', org)
    .where('kind', '=', 'image')
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.alt]));
}
