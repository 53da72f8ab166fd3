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
