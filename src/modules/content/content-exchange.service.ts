/**
 * What exchanging content as files needs (the open-data module's import and export of the
 * municipal standard CSV): the item a row updates and the working copies to write out. Each
 * operation checks its right itself; the public export reads live copies (public/read-models.ts).
 */
import type { Context } from '../../platform/http/context.js';
import { tenantOrg } from '../../platform/http/context.js';
import { Errors } from '../../platform/http/errors.js';
import { findItemByExternalId, findItemByNameAndAddress, itemDataForExport } from './content.repo.js';
import type { ContentKind } from './content.schema.js';
import { type ContentItem, permissionFor, toContentItem } from './content.service.js';

/**
 * The item an imported row updates, locked for the update: the one with its ID / POIコード,
 * else the one with the same Japanese name and address (a spot's, or an event's venue's).
 */
export async function findItemToUpdate(
  ctx: Context,
  kind: 'spot' | 'event',
  match: { externalId: string | null; nameJa: string; addressJa: string | null },
): Promise<ContentItem | undefined> {
  if (!ctx.can(permissionFor(kind, 'edit'))) throw Errors.forbidden();
  const org = tenantOrg(ctx);
  const row =
    (match.externalId ? await findItemByExternalId(ctx.tx, org, kind, match.externalId) : undefined) ??
    (await findItemByNameAndAddress(ctx.tx, org, kind, match.nameJa, match.addressJa));
  return row && toContentItem(row);
}

/** Every item's working copy of a kind (all statuses), in a stable order. */
export async function exportItemData(ctx: Context, kind: ContentKind): Promise<Record<string, unknown>[]> {
  if (!ctx.can(permissionFor(kind, 'view'))) throw Errors.forbidden();
  return itemDataForExport(ctx.tx, tenantOrg(ctx), kind, false);
}
