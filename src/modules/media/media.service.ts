import type { Readable } from 'node:stream';
import type { Database } from '../../db/database.js';
import type { MediaDerivative } from '../../db/schema-content.js';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import type { KeyRing } from '../../platform/crypto/data-keys.js';
import { openEncryptedRange } from '../../platform/crypto/segmented-aead.js';
import { AppError, found } from '../../platform/errors.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { ClamdClient } from '../../platform/scan/clamd.js';
import type { BlobStore } from '../../platform/storage/blob-store.js';
import type { WorkQueue } from '../../platform/work-queue.js';
import {
  deleteMediaRow,
  findMedia,
  listMediaRows,
  type MediaRow,
  type MediaTexts,
  updateMediaTexts,
} from './media.repo.js';
import { VARIANT_WIDTHS, type Variant } from './media-images.js';
import type { MediaUsage } from './media-usage.js';

export type { MediaRow };

export interface MediaDeps {
  db: Database;
  scanner: ClamdClient | null;
  keys: KeyRing;
  blobs: BlobStore;
  /** Where other modules show files (content items, the site logo): wired by the app. */
  usage: MediaUsage;
  /** For the infected-upload notice to the organisation's admins. */
  mailer?: Mailer;
  log?: { error(obj: object, msg: string): void };
  /** This node's limit on concurrent decoding/re-encoding (MEDIA_PROCESSING_CONCURRENCY); none when absent. */
  processing?: WorkQueue;
}

export interface MediaItem {
  id: string;
  kind: string;
  mime: string;
  originalName: string;
  sizeBytes: number;
  sha256: string;
  alt: Record<string, string>;
  createdAt: string;
  width: number | null;
  height: number | null;
  /** A video's duration in milliseconds (null for images and PDFs). */
  durationMs: number | null;
  /** The WebP renditions that exist (blob keys stay on the server). */
  derivatives: { variant: string; width: number; height: number; sizeBytes: number }[];
}

export function toMediaItem(row: {
  id: string;
  kind: string;
  mime: string;
  original_name: string;
  size_bytes: number;
  sha256: string;
  alt: Record<string, string>;
  created_at: Date;
  width?: number | null;
  height?: number | null;
  duration_ms?: number | null;
  derivatives?: MediaDerivative[];
}): MediaItem {
  return {
    id: row.id,
    kind: row.kind,
    mime: row.mime,
    originalName: row.original_name,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    alt: row.alt,
    createdAt: row.created_at.toISOString(),
    width: row.width ?? null,
    height: row.height ?? null,
    durationMs: row.duration_ms ?? null,
    derivatives: (row.derivatives ?? []).map((d) => ({
      variant: d.variant,
      width: d.width,
      height: d.height,
      sizeBytes: d.sizeBytes,
    })),
  };
}

/** A file with the texts the console edits. */
function withTexts(row: MediaRow) {
  return {
    ...toMediaItem(row),
    caption: row.caption,
    credit: row.credit,
    licence: row.licence,
    tags: row.tags,
  };
}

const LIBRARY_LIMIT = 500;

/** The media library, newest first. */
export async function listMedia(ctx: TenantContext): Promise<{ items: MediaItem[] }> {
  ctx.require('media:view');
  const rows = await listMediaRows(ctx.tx, ctx.scope.org, LIBRARY_LIMIT);
  return { items: rows.map(toMediaItem) };
}

/** One file with its texts and where it is used. */
export async function getMedia(ctx: TenantContext, usage: MediaUsage, id: string) {
  ctx.require('media:view');
  const org = ctx.scope.org;
  const row = found(await findMedia(ctx.tx, org, id));
  return { ...withTexts(row), usedBy: await usage.whereUsed(ctx.tx, org, row.id) };
}

/** Alt text and caption per language, credit, licence and tags; the texts not given stay. */
export async function updateMedia(ctx: TenantContext, id: string, texts: MediaTexts) {
  ctx.require('media:edit');
  const row = found(await updateMediaTexts(ctx.tx, ctx.scope.org, id, texts));
  await audit(ctx, {
    action: 'media.updated',
    target: { type: 'media', id: row.id },
    details: { fields: Object.keys(texts) },
  });
  return withTexts(row);
}

/** Opens a stored file for serving: decrypts on the fly, verifying every segment before its bytes go out. */
export async function openMediaContent(
  deps: MediaDeps,
  org: string,
  row: { blob_key: string; size_bytes: number },
  range: { start: number; end: number } | null,
): Promise<Readable> {
  const file = deps.blobs.source(row.blob_key);
  const start = range?.start ?? 0;
  const end = range?.end ?? Number(row.size_bytes) - 1;
  return openEncryptedRange(
    file,
    (version) => deps.keys.keyByVersion(org, version),
    row.blob_key,
    start,
    end,
  );
}

/** A file of the library as the console serves it (view right), whether in use or not. */
export async function findMediaFile(
  ctx: TenantContext,
  id: string,
  variant: 'original' | Variant,
): Promise<MediaFile | undefined> {
  ctx.require('media:view');
  const row = await findMedia(ctx.tx, ctx.scope.org, id);
  return row && mediaFile(row, variant);
}

/**
 * The file a public URL serves (the route looks it up in a short transaction of its own: none may
 * be open while the file streams). Unknown, unpublished and other organisations' files are all
 * undefined alike. Only what the public site shows is public: the live copy of a published item,
 * the site logo.
 */
export async function findPublicMediaFile(
  ctx: TenantContext,
  usage: MediaUsage,
  id: string,
  variant: 'original' | Variant,
): Promise<MediaFile | undefined> {
  const row = await findMedia(ctx.tx, ctx.scope.org, id);
  return row && (await usage.isPublic(ctx.tx, ctx.scope.org, row.id)) ? mediaFile(row, variant) : undefined;
}

/**
 * An image of the organisation by id, without a permission check: only for callers that hold
 * another proof of access (a signed preview link naming an item that shows the image).
 */
export async function findImageFileUnchecked(
  ctx: TenantContext,
  id: string,
  variant: 'original' | Variant,
): Promise<MediaFile | undefined> {
  const row = await findMedia(ctx.tx, ctx.scope.org, id);
  return row?.kind === 'image' ? mediaFile(row, variant) : undefined;
}

/** What one URL of a media file serves: the original or a WebP derivative. */
export interface MediaFile {
  blobKey: string;
  sizeBytes: number;
  sha256: string;
  mime: string;
  kind: string;
  filename: string;
}

/**
 * The stored file for a variant: the original, or the derivative of that nominal width. An image
 * narrower than the width has no such derivative (nothing is upscaled): the largest smaller one
 * is served instead. Undefined when the file has no derivatives (video, PDF).
 */
export function mediaFile(row: MediaRow, variant: 'original' | Variant): MediaFile | undefined {
  if (variant === 'original') {
    return {
      blobKey: row.blob_key,
      sizeBytes: Number(row.size_bytes),
      sha256: row.sha256,
      mime: row.mime,
      kind: row.kind,
      filename: `${row.id}.${row.extension}`,
    };
  }
  const fitting = row.derivatives.filter(
    (d) => VARIANT_WIDTHS[d.variant as Variant] <= VARIANT_WIDTHS[variant],
  );
  const chosen = fitting.at(-1);
  if (!chosen) return undefined;
  return {
    blobKey: chosen.blobKey,
    sizeBytes: chosen.sizeBytes,
    sha256: chosen.sha256,
    mime: 'image/webp',
    kind: 'image',
    filename: `${row.id}.${chosen.variant}.webp`,
  };
}

/**
 * Deletes a media file's row. In use, it answers 409 with the list unless detach is asked for:
 * then the file is first taken out of every item (audited edits, in the same transaction).
 * Returns the blobs to remove once the transaction has committed.
 */
export async function deleteMedia(
  ctx: TenantContext,
  usage: MediaUsage,
  id: string,
  detach: boolean,
): Promise<string[]> {
  ctx.require('media:edit');
  const code = ctx.scope.org;
  const row = found(await findMedia(ctx.tx, code, id));
  const usedBy = await usage.whereUsed(ctx.tx, code, id);
  if (usedBy.length > 0 && !detach) {
    throw new AppError(
      409,
      'media_in_use',
      {
        ja: `このファイルは ${usedBy.length} 件のコンテンツで使われています。使用箇所から外して削除してよいか確認してください。`,
        en: `This file is used by ${usedBy.length} content item(s). Confirm that it should be removed from them and deleted.`,
      },
      { field: 'id', details: { usedBy } },
    );
  }
  const detached = usedBy.length > 0 ? await usage.detach(ctx, id) : [];
  const siteLogoRemoved = await usage.release(ctx, id);
  await deleteMediaRow(ctx.tx, code, id);
  await audit(ctx, {
    action: 'media.deleted',
    target: { type: 'media', id },
    details: {
      name: row.original_name,
      detachedFrom: detached.map((d) => `${d.kind}:${d.id}`),
      siteLogoRemoved,
    },
  });
  return [row.blob_key, ...row.derivatives.map((d) => d.blobKey)];
}
