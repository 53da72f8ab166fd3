/** The SQL of `tenant.media`, the organisation's media library (blobs are in the blob store). */
import { type Insertable, type Selectable, sql } from 'kysely';
import { findOwnRow, ownIdsOfKind, ownRows } from '../../db/own-rows.js';
import type { MediaTable } from '../../db/schema-content.js';
import type { Tx } from '../../db/scope.js';
import { isUuid } from '../../platform/ids.js';

export type MediaRow = Selectable<MediaTable>;

/** Unknown, malformed and other organisations' ids all come back undefined. */
export async function findMedia(tx: Tx, org: string, id: string): Promise<MediaRow | undefined> {
  if (!isUuid(id)) return undefined;
  return findOwnRow(tx, 'tenant.media', org, id);
}

/** The library, newest first (the console shows up to `limit`). */
export async function listMediaRows(tx: Tx, org: string, limit: number): Promise<MediaRow[]> {
  return ownRows(tx, 'tenant.media', org).orderBy('created_at', 'desc').limit(limit).execute();
}

export interface MediaTexts {
  alt?: Record<string, string>;
  caption?: Record<string, string>;
  credit?: string | null;
  licence?: string | null;
  tags?: string[];
}

/** Changes the texts given (the others stay); undefined for an unknown id. */
export async function updateMediaTexts(
  tx: Tx,
  org: string,
  id: string,
  texts: MediaTexts,
): Promise<MediaRow | undefined> {
  if (!isUuid(id)) return undefined;
  return tx
    .updateTable('tenant.media')
    .set({
      ...(texts.alt === undefined ? {} : { alt: JSON.stringify(texts.alt) }),
      ...(texts.caption === undefined ? {} : { caption: JSON.stringify(texts.caption) }),
      ...(texts.credit === undefined ? {} : { credit: texts.credit }),
      ...(texts.licence === undefined ? {} : { licence: texts.licence }),
      ...(texts.tags === undefined ? {} : { tags: texts.tags }),
    })
    .where('org', '=', org)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function insertMedia(tx: Tx, row: Insertable<MediaTable>): Promise<MediaRow> {
  return tx.insertInto('tenant.media').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function deleteMediaRow(tx: Tx, org: string, id: string): Promise<void> {
  await tx.deleteFrom('tenant.media').where('org', '=', org).where('id', '=', id).execute();
}

/** The organisation's kept files and their bytes: originals and derivatives apart. */
export async function storageParts(
  tx: Tx,
  org: string,
): Promise<{ files: number; originals: number; derivatives: number }> {
  const row = await tx
    .selectFrom('tenant.media')
    .select([
      sql<string>`count(*)`.as('files'),
      sql<string>`coalesce(sum(size_bytes), 0)`.as('originals'),
      sql<string>`coalesce(sum((SELECT sum((d ->> 'sizeBytes')::bigint) FROM jsonb_array_elements(derivatives) AS d)), 0)`.as(
        'derivatives',
      ),
    ])
    .where('org', '=', org)
    .executeTakeFirstOrThrow();
  return { files: Number(row.files), originals: Number(row.originals), derivatives: Number(row.derivatives) };
}

/** Whether a file's row names a blob under this key prefix (crash recovery of staged blobs). */
export async function mediaBlobExists(tx: Tx, org: string, blobKeyPrefix: string): Promise<boolean> {
  const row = await tx
    .selectFrom('tenant.media')
    .select('id')
    .where('org', '=', org)
    .where('blob_key', 'like', `${blobKeyPrefix}%`)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of the ids are images of this organisation: what content may show (not videos or PDFs). */
export async function ownImageIds(tx: Tx, org: string, ids: string[]): Promise<Set<string>> {
  return ownIdsOfKind(tx, 'tenant.media', org, 'image', [...new Set(ids.filter(isUuid))]);
}

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
