import { createHash } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { type Selectable, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { MediaDerivative, MediaTable } from '../../db/schema-content.js';
import { type Tx, withScope, withTenant } from '../../db/scope.js';
import type { LazyContext, TenantContext } from '../../platform/access/context.js';
import { type AuditSource, audit, recordSecurityEvent } from '../../platform/audit/audit.js';
import type { KeyRing } from '../../platform/crypto/data-keys.js';
import { encryptStream, openEncryptedRange } from '../../platform/crypto/segmented-aead.js';
import { AppError, Errors } from '../../platform/http/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { infectedUploadMail } from '../../platform/mail/templates.js';
import {
  type ClamdClient,
  ScannerSizeLimitError,
  ScannerTimeoutError,
  ScannerUnavailableError,
} from '../../platform/scan/clamd.js';
import { type BlobStore, newBlobKey } from '../../platform/storage/blob-store.js';
import { itemsUsingMedia } from '../content/content.repo.js';
import { detachMedia } from '../content/content.service.js';
import { storageUsage } from './media.repo.js';
import { safeOriginalName } from './media-file-names.js';
import { storeImage, VARIANT_WIDTHS, type Variant } from './media-images.js';
import { checkPdf } from './media-pdf.js';
import { storeVideo } from './media-video.js';

const MB = 1024 * 1024;

/** What may be uploaded, decided by the file's content; the extension must agree. */
export const ALLOWED_TYPES: Record<
  string,
  { kind: 'image' | 'video' | 'pdf'; extensions: string[]; maxBytes: number }
> = {
  'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg'], maxBytes: 20 * MB },
  'image/png': { kind: 'image', extensions: ['png'], maxBytes: 20 * MB },
  'image/webp': { kind: 'image', extensions: ['webp'], maxBytes: 20 * MB },
  'image/gif': { kind: 'image', extensions: ['gif'], maxBytes: 20 * MB },
  'image/avif': { kind: 'image', extensions: ['avif'], maxBytes: 20 * MB },
  'video/mp4': { kind: 'video', extensions: ['mp4', 'm4v'], maxBytes: 500 * MB },
  'video/webm': { kind: 'video', extensions: ['webm'], maxBytes: 500 * MB },
  'application/pdf': { kind: 'pdf', extensions: ['pdf'], maxBytes: 50 * MB },
};
export const MAX_UPLOAD_BYTES = 500 * MB;
const SNIFF_BYTES = 4100;

export interface MediaDeps {
  db: Database;
  scanner: ClamdClient | null;
  keys: KeyRing;
  blobs: BlobStore;
  /** For the infected-upload notice to the organisation's admins. */
  mailer?: Mailer;
  log?: { error(obj: object, msg: string): void };
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

interface StoredFile {
  blobKey: string;
  sizeBytes: number;
  sha256: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  derivatives: MediaDerivative[];
}

const problem = (status: number, code: string, ja: string, en: string) =>
  new AppError(status, code, { ja, en }, { field: 'file' });

async function readHead(iterator: AsyncIterator<Buffer>): Promise<{ head: Buffer; done: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) return { head: Buffer.concat(chunks), done: true };
    chunks.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(chunks), done: false };
}

/** Storage in use counts every kept blob: originals and their derivatives. */
async function usage(ctx: LazyContext<TenantContext>): Promise<{ used: number; quota: number }> {
  return ctx.transaction(({ tx }) => storageUsage(tx, ctx.scope.org));
}

function overQuota(used: number, quota: number, size: number) {
  const mb = (n: number) => (n / MB).toFixed(1);
  return new AppError(
    413,
    'quota_exceeded',
    {
      ja: `保存容量の上限を超えます（使用中 ${mb(used)} MB + このファイル ${mb(size)} MB > 上限 ${mb(quota)} MB）。不要なファイルを削除してください。`,
      en: `This would exceed the storage quota (${mb(used)} MB used + ${mb(size)} MB > ${mb(quota)} MB). Delete files you no longer need.`,
    },
    { field: 'file' },
  );
}

/**
 * The upload pipeline. The bytes stream once: the first 4 KB decide the type (by content), then
 * every chunk goes at the same time to clamd (INSTREAM) and through AES-256-GCM to the blob store,
 * with the size limit enforced as they arrive. Only a clean scan creates the row; anything else
 * removes the blob. Videos and PDFs are never held whole in memory; an image (≤ 20 MB) is, once,
 * after the scan, while sharp re-encodes it and makes its derivatives (media-images.ts).
 */
export async function uploadMedia(
  deps: MediaDeps,
  ctx: LazyContext<TenantContext>,
  file: { filename: string; stream: Readable; declaredType?: string },
): Promise<MediaItem> {
  ctx.require('media:edit');
  const org = ctx.scope.org;
  const source: AuditSource = { actor: ctx.actor, ip: ctx.ip, requestId: ctx.requestId };
  const iterator = file.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // What is left of a refused upload is read and dropped, so the client gets its answer.
  const drain = async () => {
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        // discard
      }
    } catch {
      // the client went away
    }
  };
  try {
    const originalName = safeOriginalName(file.filename);
    const extension = path.extname(originalName).slice(1).toLowerCase();
    if (!deps.scanner) throw Errors.unavailable({ ja: 'ウイルス検査', en: 'Virus scanning' });
    const { head, done } = await readHead(iterator);
    const detected = await fileTypeFromBuffer(head);
    const allowed = detected ? ALLOWED_TYPES[detected.mime] : undefined;
    if (!detected || !allowed) {
      throw problem(
        415,
        'unsupported_file_type',
        `このファイルの種類（${detected?.mime ?? '判別できません'}）はアップロードできません。JPEG、PNG、WebP、GIF、AVIF、MP4、WebM、PDF に対応しています。`,
        `This kind of file (${detected?.mime ?? 'unrecognised'}) cannot be uploaded. JPEG, PNG, WebP, GIF, AVIF, MP4, WebM and PDF are accepted.`,
      );
    }
    if (!allowed.extensions.includes(extension)) {
      throw problem(
        415,
        'extension_mismatch',
        `ファイルの中身（${detected.mime}）と拡張子（.${extension}）が一致しません。`,
        `The file's content (${detected.mime}) does not match its extension (.${extension}).`,
      );
    }
    refuseDeclaredTypeMismatch(file.declaredType, detected.mime);
    const before = await usage(ctx);
    if (before.used >= before.quota) throw overQuota(before.used, before.quota, head.length);

    const key = await deps.keys.currentKey(org);
    // All blobs of one file share a stem. The raw bytes of an image or a video go to a temporary
    // blob only: they may carry GPS, so what is kept is made from them after the scan
    // (media-images.ts, media-video.ts). A PDF is kept as uploaded once qpdf has passed it.
    const stem = newBlobKey(org);
    const blobKey = `${stem}.${allowed.kind === 'pdf' ? extension : 'upload'}`;
    const hash = createHash('sha256');
    // Room for a megabyte each: with the 16 KB default every network chunk waited for a drain.
    const toScan = new PassThrough({ highWaterMark: MB });
    const toStore = new PassThrough({ highWaterMark: MB });
    // A failure is reported through the pump, scan and store promises; destroying a tee with it
    // must not also raise an 'error' event nobody listens to (that would crash the process).
    for (const tee of [toScan, toStore]) tee.on('error', () => {});
    const encrypted = encryptStream(key.key, key.version, blobKey);
    pipeline(toStore, encrypted, () => {});
    let size = 0;
    const pump = (async () => {
      const write = async (chunk: Buffer) => {
        size += chunk.length;
        if (size > allowed.maxBytes) {
          throw problem(
            413,
            'file_too_large',
            `ファイルが大きすぎます（上限 ${allowed.maxBytes / MB} MB）。`,
            `The file is too large (limit ${allowed.maxBytes / MB} MB).`,
          );
        }
        hash.update(chunk);
        const waits: Promise<unknown>[] = [];
        for (const out of [toScan, toStore])
          if (!out.destroyed && !out.write(chunk)) waits.push(once(out, 'drain'));
        await Promise.all(waits);
      };
      if (head.length) await write(head);
      if (!done)
        for (let next = await iterator.next(); !next.done; next = await iterator.next())
          await write(next.value);
      toScan.end();
      toStore.end();
    })();
    const fail = (error: unknown) => {
      toScan.destroy(error as Error);
      toStore.destroy(error as Error);
    };
    pump.catch(fail);
    // Once clamd has answered, whatever it did not read is discarded rather than blocking the upload.
    const scan = deps.scanner.scan(toScan).finally(() => toScan.resume());
    scan.catch(fail);
    // Staged until its row commits: a crash in between leaves nothing under a live key.
    const store = deps.blobs.stage(blobKey, encrypted);
    const [pumped, scanned, staged] = await Promise.allSettled([pump, scan, store]);

    if (scanned.status === 'fulfilled' && scanned.value.infected) {
      await quarantine(deps, org, source, {
        originalName,
        size,
        signature: scanned.value.signature,
        blobKey: staged.status === 'fulfilled' ? blobKey : '',
        keyVersion: key.version,
      });
      throw new AppError(
        422,
        'infected',
        {
          ja: `ウイルスが検出されたため、このファイルは受け付けませんでした（${scanned.value.signature}）。`,
          en: `A virus was found, so this file was refused (${scanned.value.signature}).`,
        },
        { field: 'file', details: { signature: scanned.value.signature } },
      );
    }
    const failure = [pumped, scanned, staged].find((r) => r.status === 'rejected') as
      | PromiseRejectedResult
      | undefined;
    if (failure) {
      await deps.blobs.delete(blobKey).catch(() => {});
      throw mapFailure(failure.reason);
    }
    let stored: StoredFile = {
      blobKey,
      sizeBytes: size,
      sha256: hash.digest('hex'),
      width: null,
      height: null,
      durationMs: null,
      derivatives: [],
    };
    const upload = { blobKey, size, mime: detected.mime };
    if (allowed.kind === 'pdf') {
      await checkPdf(deps, org, upload).catch(async (error: unknown) => {
        await deps.blobs.delete(blobKey).catch(() => {});
        if (error instanceof AppError && error.code === 'pdf_active_content') {
          await recordSecurityEvent(deps.db, org, source, {
            action: 'media.active_pdf_refused',
            outcome: 'denied',
            details: { name: originalName, size, found: error.details?.found },
          });
        }
        throw error;
      });
    } else {
      try {
        stored =
          allowed.kind === 'image'
            ? { ...(await storeImage(deps, org, key, upload, stem, extension)), durationMs: null }
            : { ...(await storeVideo(deps, org, key, upload, stem, extension)), derivatives: [] };
      } finally {
        await deps.blobs.delete(blobKey).catch(() => {});
      }
    }
    const blobKeys = [stored.blobKey, ...stored.derivatives.map((d) => d.blobKey)];
    const removeBlobs = () => Promise.all(blobKeys.map((k) => deps.blobs.delete(k).catch(() => {})));
    const total = stored.sizeBytes + stored.derivatives.reduce((sum, d) => sum + d.sizeBytes, 0);
    const after = await usage(ctx);
    if (after.used + total > after.quota) {
      await removeBlobs();
      throw overQuota(after.used, after.quota, total);
    }
    let item: MediaItem;
    try {
      item = await ctx.transaction(async (txCtx) => {
        const row = await txCtx.tx
          .insertInto('tenant.media')
          .values({
            org,
            kind: allowed.kind,
            mime: detected.mime,
            extension,
            original_name: originalName,
            size_bytes: stored.sizeBytes,
            sha256: stored.sha256,
            blob_key: stored.blobKey,
            key_version: key.version,
            width: stored.width,
            height: stored.height,
            duration_ms: stored.durationMs,
            derivatives: JSON.stringify(stored.derivatives),
            created_by: source.actor.type === 'anonymous' ? null : source.actor.id,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await audit(txCtx, {
          action: 'media.uploaded',
          target: { type: 'media', id: row.id },
          details: {
            name: originalName,
            mime: row.mime,
            size,
            ...(allowed.kind === 'image'
              ? {
                  reencoded: true,
                  width: stored.width,
                  height: stored.height,
                  derivatives: stored.derivatives.map((d) => d.variant),
                }
              : {}),
            ...(allowed.kind === 'video'
              ? {
                  remuxedWithoutMetadata: true,
                  width: stored.width,
                  height: stored.height,
                  durationMs: stored.durationMs,
                }
              : {}),
          },
        });
        return toMediaItem(row);
      });
    } catch (error) {
      await removeBlobs();
      throw error;
    }
    // After the commit: should this fail, the row names the staged blobs and the next start moves them.
    for (const k of blobKeys) await deps.blobs.commit(k);
    return item;
  } catch (error) {
    // Over a limit the rest is not read at all: the route answers and cuts the connection.
    if (!(error instanceof AppError && error.status === 413)) await drain();
    throw error;
  }
}

// What clients commonly declare for the allowed types besides their standard names.
const DECLARED_ALIASES: Record<string, string[]> = {
  'image/jpeg': ['image/jpg', 'image/pjpeg'],
  'image/png': ['image/x-png'],
  'video/mp4': ['video/x-m4v', 'video/m4v'],
};

/** The type the client declared for the part must agree with the content (or say nothing specific). */
function refuseDeclaredTypeMismatch(declared: string | undefined, detected: string): void {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '' || type === 'application/octet-stream' || type === detected) return;
  if (DECLARED_ALIASES[detected]?.includes(type)) return;
  throw problem(
    415,
    'declared_type_mismatch',
    `送信された種類（${type.slice(0, 100)}）とファイルの中身（${detected}）が一致しません。`,
    `The declared type (${type.slice(0, 100)}) does not match the file's content (${detected}).`,
  );
}

function mapFailure(reason: unknown): unknown {
  if (reason instanceof AppError) return reason;
  if (reason instanceof ScannerUnavailableError || reason instanceof ScannerTimeoutError) {
    return Errors.unavailable({ ja: 'ウイルス検査', en: 'Virus scanning' }, reason);
  }
  if (reason instanceof ScannerSizeLimitError) {
    return problem(
      413,
      'file_too_large',
      'ファイルが大きすぎて検査できません。',
      'The file is too large to scan.',
    );
  }
  return reason;
}

async function quarantine(
  deps: MediaDeps,
  org: string,
  source: AuditSource,
  file: { originalName: string; size: number; signature: string; blobKey: string; keyVersion: number },
): Promise<void> {
  const row = await withScope(deps.db, { kind: 'provider' }, (tx) =>
    tx
      .insertInto('provider.quarantine')
      .values({
        org,
        original_name: file.originalName,
        size_bytes: file.size,
        signature: file.signature,
        blob_key: file.blobKey,
        key_version: file.keyVersion,
        actor_id: source.actor.type === 'anonymous' ? null : source.actor.id,
      })
      .returning('created_at')
      .executeTakeFirstOrThrow(),
  ).catch(async (error: unknown) => {
    if (file.blobKey) await deps.blobs.delete(file.blobKey).catch(() => {});
    throw error;
  });
  if (file.blobKey) await deps.blobs.commit(file.blobKey);
  await recordSecurityEvent(deps.db, org, source, {
    action: 'media.infected_upload_refused',
    outcome: 'denied',
    details: { name: file.originalName, signature: file.signature, size: file.size },
  });
  // The refusal stands whether or not the notice goes out; a failure is logged, never the answer.
  await notifyAdminsOfInfection(deps, org, source, file, row.created_at).catch((error: unknown) =>
    deps.log?.error({ err: error, org }, 'infected-upload notice could not be sent'),
  );
}

/** Mails the organisation's active admins that an upload was refused as infected (ja, then en). */
async function notifyAdminsOfInfection(
  deps: MediaDeps,
  org: string,
  source: AuditSource,
  file: { originalName: string; signature: string },
  at: Date,
): Promise<void> {
  if (!deps.mailer) return;
  const names = await withScope(deps.db, { kind: 'provider' }, (tx) =>
    tx
      .selectFrom('provider.organisations')
      .select(['name_ja', 'name_en'])
      .where('service_code', '=', org)
      .executeTakeFirstOrThrow(),
  );
  const uploaderId = source.actor.type === 'user' ? source.actor.id : null;
  const people = await withTenant(deps.db, org, (tx) =>
    tx
      .selectFrom('tenant.users')
      .select(['id', 'name', 'email', 'role', 'status'])
      .where('org', '=', org)
      .where((eb) =>
        eb.or([
          eb.and([eb('role', '=', 'admin'), eb('status', '=', 'active')]),
          ...(uploaderId ? [eb('id', '=', uploaderId)] : []),
        ]),
      )
      .execute(),
  );
  const uploader = people.find((p) => p.id === uploaderId);
  const mail = infectedUploadMail({
    orgNameJa: names.name_ja,
    orgNameEn: names.name_en,
    fileName: file.originalName,
    signature: file.signature,
    uploader: uploader ? { name: uploader.name, email: uploader.email } : null,
    at,
  });
  const admins = people.filter((p) => p.role === 'admin' && p.status === 'active');
  const sent = await Promise.allSettled(
    admins.map((admin) => deps.mailer!.send({ to: admin.email, ...mail, serviceCode: org })),
  );
  const failed = sent.filter((r) => r.status === 'rejected');
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${admins.length} notices failed: ${String((failed[0] as PromiseRejectedResult).reason)}`,
    );
  }
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

/** Opens a stored file for serving: decrypts on the fly, verifying every segment before its bytes go out. */
export async function openMediaContent(
  deps: MediaDeps,
  org: string,
  row: { blob_key: string; size_bytes: number },
  range: { start: number; end: number } | null,
): Promise<Readable> {
  const file = deps.blobs.path(row.blob_key);
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

/** A content item that shows a media file, for the where-used list. */
export interface MediaUse {
  kind: string;
  id: string;
  title: string;
}

function itemTitle(data: Record<string, unknown> | null): string | undefined {
  const name = (data?.name ?? data?.title) as Record<string, string> | undefined;
  return name?.ja ?? (name ? Object.values(name)[0] : undefined);
}

/** Items whose working or live copy shows the media file. */
export async function mediaUsedBy(tx: Tx, org: string, mediaId: string): Promise<MediaUse[]> {
  const rows = await itemsUsingMedia(tx, org, mediaId);
  return rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    title: itemTitle(row.data) ?? itemTitle(row.published_data) ?? row.id,
  }));
}

/**
 * Whether the public site may serve the media file: it is shown by the live copy of one of the
 * organisation's published items. Drafts, unpublished items and other organisations never make
 * a file public; the site logo chosen in the site settings is public too.
 */
export async function isMediaPublic(tx: Tx, org: string, mediaId: string): Promise<boolean> {
  if (!isUuid(mediaId)) return false;
  const row = await tx
    .selectFrom('tenant.content_items')
    .select('id')
    .where('org', '=', org)
    .where('published_data', 'is not', null)
    .where((eb) =>
      eb.or([
        sql<boolean>`published_data -> 'imageIds' ? ${mediaId}`,
        sql<boolean>`published_data ->> 'heroImageId' = ${mediaId}`,
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  if (row) return true;
  // The site logo is public as soon as it is chosen in the site settings.
  const logo = await tx
    .selectFrom('tenant.site_settings')
    .select('org')
    .where('org', '=', org)
    .where('logo_media_id', '=', mediaId)
    .executeTakeFirst();
  return logo !== undefined;
}

/**
 * The file a public URL serves, looked up in a short transaction that has committed before the
 * key lookup and the stream start (on PGlite a transaction held while streaming blocks the one
 * connection). Unknown or inactive organisations, unknown, unpublished and other organisations'
 * files are all undefined alike.
 */
export async function findPublicMediaFile(
  ctx: TenantContext,
  id: string,
  variant: 'original' | Variant,
): Promise<MediaFile | undefined> {
  const row = await findMedia(ctx.tx, ctx.scope.org, id);
  return row && (await isMediaPublic(ctx.tx, ctx.scope.org, row.id)) ? mediaFile(row, variant) : undefined;
}

/** A file of the library as the console serves it (view right), or undefined. */
export async function findMediaFile(
  ctx: TenantContext,
  id: string,
  variant: 'original' | Variant,
): Promise<MediaFile | undefined> {
  ctx.require('media:view');
  const row = await findMedia(ctx.tx, ctx.scope.org, id);
  return row && mediaFile(row, variant);
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

export type MediaRow = Selectable<MediaTable>;

export async function findMedia(tx: Tx, org: string, id: string): Promise<MediaRow | undefined> {
  if (!isUuid(id)) return undefined;
  return tx
    .selectFrom('tenant.media')
    .selectAll()
    .where('org', '=', org)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Deletes a media file's row. In use, it answers 409 with the list unless detach is asked for:
 * then the file is first taken out of every item (audited edits, in the same transaction).
 * Returns the blobs to remove once the transaction has committed.
 */
export async function deleteMedia(ctx: TenantContext, id: string, detach: boolean): Promise<string[]> {
  ctx.require('media:edit');
  const code = ctx.scope.org;
  const row = await findMedia(ctx.tx, code, id);
  if (!row) throw Errors.notFound();
  const usedBy = await mediaUsedBy(ctx.tx, code, id);
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
  const detached = usedBy.length > 0 ? await detachMedia(ctx, id) : [];
  // A deleted logo leaves the site without one rather than pointing at nothing.
  const logo = await ctx.tx
    .updateTable('tenant.site_settings')
    .set({ logo_media_id: null })
    .where('org', '=', code)
    .where('logo_media_id', '=', id)
    .executeTakeFirst();
  await ctx.tx.deleteFrom('tenant.media').where('org', '=', code).where('id', '=', id).execute();
  await audit(ctx, {
    action: 'media.deleted',
    target: { type: 'media', id },
    details: {
      name: row.original_name,
      detachedFrom: detached.map((d) => `${d.kind}:${d.id}`),
      siteLogoRemoved: Number(logo.numUpdatedRows) > 0,
    },
  });
  return [row.blob_key, ...row.derivatives.map((d) => d.blobKey)];
}
