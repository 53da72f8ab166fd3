import { sql } from 'kysely';
import { ownRows, updateOwnRow } from '../../db/own-rows.js';
import type { Tx } from '../../db/scope.js';
import type { ItemRow } from './content.repo.js';

/**
 * Claims items whose publishing or unpublishing time has come: locked, skipping rows another
 * node has claimed, so each scheduled change happens once however many nodes run.
 */
export async function claimDueItems(tx: Tx, org: string, now: Date, limit = 200): Promise<ItemRow[]> {
  return (await ownRows(tx, 'tenant.content_items', org)
    .where((eb) => eb.or([eb('publish_at', '<=', now), eb('unpublish_at', '<=', now)]))
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .modifyEnd(sql`SKIP LOCKED`)
    .execute()) as unknown as ItemRow[];
}

/** Drops an item's unpublishing time without a new version (nothing was live to take down). */
export async function clearUnpublishAt(tx: Tx, org: string, id: string): Promise<void> {
  await updateOwnRow(tx, 'tenant.content_items', org, id, { unpublish_at: null });
}
