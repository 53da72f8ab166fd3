/**
 * What exchanging content as files needs (the open-data module's import and export of the
 * municipal standard CSV): the item a row updates and the working copies to write out. Each
 * operation checks its right itself; the public export reads live copies (public/read-models.ts).
 */
import type { TenantContext } from '../../platform/access/context.js';
import { findRowsToUpdate, itemDataForExport, itemDataPageForExport } from './content.repo.js';
import type { ContentKind } from './content.schema.js';
import { type ContentItem, permissionFor, toContentItem } from './content.service.js';

/**
 * The items an imported file's rows update, locked for the update, by row index (rows without a
 * match are absent): the one with the row's ID / POIコード, else the one with the same Japanese
 * name and address (a spot's, or an event's venue's).
 */
export async function findItemsToUpdate(
  ctx: TenantContext,
  kind: 'spot' | 'event',
  matches: { externalId: string | null; nameJa: string; addressJa: string | null }[],
): Promise<Map<number, ContentItem>> {
  ctx.require(permissionFor(kind, 'edit'));
  const found = await findRowsToUpdate(ctx.tx, ctx.scope.org, kind, matches);
  return new Map([...found].map(([i, row]) => [i, toContentItem(row)]));
}

/** Every item's working copy of a kind (all statuses), in a stable order. */
export async function exportItemData(
  ctx: TenantContext,
  kind: ContentKind,
): Promise<Record<string, unknown>[]> {
  ctx.require(permissionFor(kind, 'view'));
  return itemDataForExport(ctx.tx, ctx.scope.org, kind, false);
}

/** A cursor into every item's working copy of a kind: where the next page starts. */
export type ItemDataCursor = { createdAt: string; id: string } | null;

/** One page of every item's working copy of a kind (all statuses), for exports of any size. */
export async function exportItemDataPage(
  ctx: TenantContext,
  kind: ContentKind,
  after: ItemDataCursor,
  limit: number,
): Promise<{ data: Record<string, unknown>[]; next: ItemDataCursor }> {
  ctx.require(permissionFor(kind, 'view'));
  const rows = await itemDataPageForExport(ctx.tx, ctx.scope.org, kind, after, limit);
  const last = rows[rows.length - 1];
  return {
    data: rows.map((r) => r.data as Record<string, unknown>),
    next: rows.length === limit && last ? { createdAt: last.cursor_at, id: last.id } : null,
  };
}
