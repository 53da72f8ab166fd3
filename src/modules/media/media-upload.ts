/**
 * The upload pipeline, in the order a file goes through it:
 *   receive  the first 4 KB decide the type (by content; extension and declared type must agree)
 *   scan     every chunk goes at the same time to clamd (INSTREAM) and, encrypt, through
 *            AES-256-GCM to a staged blob, with the size limit enforced as the bytes arrive
 *   inspect  only a clean file goes on: a PDF is checked by qpdf, an image re-encoded without
 *            metadata with its derivatives, a video remuxed without metadata
 *   commit   the row is written (quota checked again) and the staged blobs move under live keys
 * Anything refused removes its blobs; an infected file goes to quarantine. Videos and PDFs are
 * never held whole in memory; an image (≤ 20 MB) is, once, after the scan (media-images.ts).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { PassThrough, pipeline, Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import type { MediaDerivative } from '../../db/schema-content.js';
import type { Tx } from '../../db/scope.js';
import { type Actor, actorId } from '../../platform/access/actor.js';
import type { LazyContext, TenantContext } from '../../platform/access/context.js';
import { type AuditSource, audit, recordSecurityEvent } from '../../platform/audit/audit.js';
import { encryptStream } from '../../platform/crypto/segmented-aead.js';
import { AppError, Errors, found } from '../../platform/errors.js';
import {
  type ClamdClient,
  ScannerSizeLimitError,
  ScannerTimeoutError,
  ScannerUnavailableError,
  type ScanResult,
} from '../../platform/scan/clamd.js';
import { BlobStoreUnavailableError, newBlobKey } from '../../platform/storage/blob-store.js';
import { findOrganisationFacts } from '../../platform/tenancy/organisations.repo.js';
import type { QueuePlace } from '../../platform/work-queue.js';
import { fileRefused } from './file-refusal.js';
import { quarantineUpload } from './infected-upload.js';
import { insertMedia, storageParts } from './media.repo.js';
import { type MediaDeps, type MediaItem, toMediaItem } from './media.service.js';
import { safeOriginalName } from './media-file-names.js';
import { storeImage } from './media-images.js';
import { checkPdf } from './media-pdf.js';
import { storeVideo } from './media-video.js';

const MB = 1024 * 1024;

interface AllowedType {
  kind: 'image' | 'video' | 'pdf';
  extensions: string[];
  maxBytes: number;
}

/** What may be uploaded, decided by the file's content; the extension must agree. */
export const ALLOWED_TYPES: Record<string, AllowedType> = {
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

export interface IncomingFile {
  filename: string;
  stream: Readable;
  declaredType?: string | undefined;
  /** The client's id for this upload (X-Upload-Id), under which it can ask for its place in the queue. */
  uploadId?: string | undefined;
}

/** The key of an upload in the processing queue: only its own uploader can ask for it. */
function processingKey(org: string, actor: Actor, uploadId: string): string {
  return `${org}/${actorId(actor) ?? '-'}/${uploadId}`;
}

/**
 * Where the caller's own upload is in this node's processing queue: waiting (with how many
 * ahead) or running; null when it is not in the queue here (not yet received, finished, or
 * sent to another node).
 */
export function uploadPlace(
  deps: MediaDeps,
  ctx: LazyContext<TenantContext>,
  uploadId: string,
): QueuePlace | null {
  ctx.require('media:edit');
  return deps.processing?.place(processingKey(ctx.scope.org, ctx.actor, uploadId)) ?? null;
}

type Chunks = AsyncIterator<Buffer>;
type DataKey = { key: Buffer; version: number };

/** A file whose type is known from its first bytes; the rest is still to be read. */
interface Received {
  originalName: string;
  extension: string;
  mime: string;
  type: AllowedType;
  head: Buffer;
  /** The head was the whole file. */
  done: boolean;
}

/** The scanned upload as a staged, encrypted blob. */
interface Staged {
  stem: string;
  blobKey: string;
  size: number;
  sha256: string;
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

/** Uploads one file into the organisation's media library: receive, scan and encrypt, inspect, commit. */
export async function uploadMedia(
  deps: MediaDeps,
  ctx: LazyContext<TenantContext>,
  file: IncomingFile,
): Promise<MediaItem> {
  ctx.require('media:edit');
  const chunks = file.stream[Symbol.asyncIterator]() as Chunks;
  if (!deps.scanner) {
    await drain(chunks);
    throw Errors.unavailable({ ja: 'ウイルス検査', en: 'Virus scanning' });
  }
  return runPipeline(deps, ctx, file, chunks, { scanner: deps.scanner, origin: 'upload', alt: {} });
}

/**
 * Adds an image the server made itself (the demo organisation's painted photos) through the same
 * pipeline as an upload: type by content, scanned when a scanner is configured, encrypted,
 * re-encoded with its derivatives, within the quota, audited (`origin: 'generated'`, and whether
 * it was scanned). Its bytes never came from outside, so without a scanner it is stored
 * unscanned, which an upload never is; hence a right no account holds, only a system context
 * that names it (`system:generated-media`).
 */
export async function addGeneratedImage(
  deps: MediaDeps,
  ctx: LazyContext<TenantContext>,
  image: { filename: string; bytes: Buffer; alt: Record<string, string> },
): Promise<MediaItem> {
  ctx.require('media:edit');
  ctx.require('system:generated-media');
  const file = { filename: image.filename, stream: Readable.from([image.bytes]) };
  const chunks = file.stream[Symbol.asyncIterator]() as Chunks;
  return runPipeline(deps, ctx, file, chunks, { scanner: deps.scanner, origin: 'generated', alt: image.alt });
}

interface PipelineOptions {
  scanner: ClamdClient | null;
  origin: 'upload' | 'generated';
  alt: Record<string, string>;
}

async function runPipeline(
  deps: MediaDeps,
  ctx: LazyContext<TenantContext>,
  file: IncomingFile,
  chunks: Chunks,
  options: PipelineOptions,
): Promise<MediaItem> {
  const { received, size, stored, keyVersion } = await checkAndStage(
    deps,
    ctx,
    file,
    chunks,
    options.scanner,
  );
  return commit(deps, ctx, received, size, stored, keyVersion, options);
}

/** Steps 1–3: receive, scan and encrypt, inspect; the blobs stay staged until the caller keeps them. */
async function checkAndStage(
  deps: MediaDeps,
  ctx: LazyContext<TenantContext>,
  file: IncomingFile,
  chunks: Chunks,
  scanner: ClamdClient | null,
): Promise<{ received: Received; size: number; stored: StoredFile; keyVersion: number }> {
  const org = ctx.scope.org;
  const source: AuditSource = { actor: ctx.actor, ip: ctx.ip, requestId: ctx.requestId };
  try {
    const received = await receive(ctx, file, chunks);
    const key = await deps.keys.currentKey(org);
    const staged = await scanAndEncrypt(deps, scanner, org, source, received, chunks, key);
    const queueKey = file.uploadId ? processingKey(org, ctx.actor, file.uploadId) : undefined;
    const work = () => inspect(deps, org, source, received, staged, key);
    const stored = await (deps.processing ? deps.processing.run(queueKey, work) : work());
    return { received, size: staged.size, stored, keyVersion: key.version };
  } catch (error) {
    // Over a limit the rest is not read at all: the route answers and cuts the connection.
    if (!(error instanceof AppError && error.status === 413)) await drain(chunks);
    throw error;
  }
}

/** A file that passed the pipeline, staged as the organisation's blob outside its media library. */
export interface ScannedFile {
  originalName: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  blobKey: string;
  keyVersion: number;
  /** Moves the staged blob under its live key, once the caller's row has committed. */
  keep(): Promise<void>;
  /** Removes the staged blob (the caller refused or failed). */
  discard(): Promise<void>;
}

/**
 * The same pipeline for a file that is not a library item (a support report's attachment): typed
 * by content, virus-scanned, checked and encrypted; a refusal is the same 4xx as an upload's and
 * leaves nothing. Images keep only their cleaned original (no derivatives).
 */
export async function scanFileForKeeping(
  deps: MediaDeps,
  ctx: LazyContext<TenantContext>,
  file: IncomingFile,
): Promise<ScannedFile> {
  const chunks = file.stream[Symbol.asyncIterator]() as Chunks;
  if (!deps.scanner) {
    await drain(chunks);
    throw Errors.unavailable({ ja: 'ウイルス検査', en: 'Virus scanning' });
  }
  const { received, stored, keyVersion } = await checkAndStage(deps, ctx, file, chunks, deps.scanner);
  await Promise.all(stored.derivatives.map((d) => deps.blobs.delete(d.blobKey).catch(() => {})));
  return {
    originalName: received.originalName,
    mime: received.mime,
    sizeBytes: stored.sizeBytes,
    sha256: stored.sha256,
    blobKey: stored.blobKey,
    keyVersion,
    keep: () => deps.blobs.commit(stored.blobKey),
    discard: () => deps.blobs.delete(stored.blobKey).catch(() => {}),
  };
}

/** What is left of a refused upload is read and dropped, so the client gets its answer. */
async function drain(chunks: Chunks): Promise<void> {
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      // discard
    }
  } catch {
    // the client went away
  }
}

/** Step 1: the name, the type by content, and room in the quota. */
async function receive(
  ctx: LazyContext<TenantContext>,
  file: IncomingFile,
  chunks: Chunks,
): Promise<Received> {
  const originalName = safeOriginalName(file.filename);
  const extension = path.extname(originalName).slice(1).toLowerCase();
  const { head, done } = await readHead(chunks);
  const { mime, type } = await detectType(head, extension, file.declaredType);
  const before = await usage(ctx);
  if (before.used >= before.quota) throw overQuota(before.used, before.quota, head.length);
  return { originalName, extension, mime, type, head, done };
}

async function readHead(chunks: Chunks): Promise<{ head: Buffer; done: boolean }> {
  const read: Buffer[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) return { head: Buffer.concat(read), done: true };
    read.push(next.value);
    length += next.value.length;
  }
  return { head: Buffer.concat(read), done: false };
}

async function detectType(head: Buffer, extension: string, declared: string | undefined) {
  const detected = await fileTypeFromBuffer(head);
  const type = detected ? ALLOWED_TYPES[detected.mime] : undefined;
  if (!detected || !type) {
    throw fileRefused(
      415,
      'unsupported_file_type',
      `このファイルの種類（${detected?.mime ?? '判別できません'}）はアップロードできません。JPEG、PNG、WebP、GIF、AVIF、MP4、WebM、PDF に対応しています。`,
      `This kind of file (${detected?.mime ?? 'unrecognised'}) cannot be uploaded. JPEG, PNG, WebP, GIF, AVIF, MP4, WebM and PDF are accepted.`,
    );
  }
  if (!type.extensions.includes(extension)) {
    throw fileRefused(
      415,
      'extension_mismatch',
      `ファイルの中身（${detected.mime}）と拡張子（.${extension}）が一致しません。`,
      `The file's content (${detected.mime}) does not match its extension (.${extension}).`,
    );
  }
  refuseDeclaredTypeMismatch(declared, detected.mime);
  return { mime: detected.mime, type };
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
  throw fileRefused(
    415,
    'declared_type_mismatch',
    `送信された種類（${type.slice(0, 100)}）とファイルの中身（${detected}）が一致しません。`,
    `The declared type (${type.slice(0, 100)}) does not match the file's content (${detected}).`,
  );
}

/** Storage in use, with the quota; what the dashboard, the upload check and capacity show. */
export interface StorageUsage {
  /** Originals and derivatives together: what counts against the quota. */
  used: number;
  quota: number;
  files: number;
  originals: number;
  derivatives: number;
}

/** Storage in use counts every kept blob: originals and their derivatives; with the quota. */
export async function storageUsage(tx: Tx, org: string): Promise<StorageUsage> {
  const parts = await storageParts(tx, org);
  const facts = found(await findOrganisationFacts(tx, org));
  return { used: parts.originals + parts.derivatives, quota: facts.storageQuotaBytes, ...parts };
}

async function usage(ctx: LazyContext<TenantContext>): Promise<{ used: number; quota: number }> {
  return ctx.transaction(({ tx }) => storageUsage(tx, ctx.scope.org));
}

function overQuota(used: number, quota: number, size: number) {
  const mb = (n: number) => (n / MB).toFixed(1);
  return fileRefused(
    413,
    'quota_exceeded',
    `保存容量の上限を超えます（使用中 ${mb(used)} MB + このファイル ${mb(size)} MB > 上限 ${mb(quota)} MB）。不要なファイルを削除してください。`,
    `This would exceed the storage quota (${mb(used)} MB used + ${mb(size)} MB > ${mb(quota)} MB). Delete files you no longer need.`,
  );
}

/**
 * Step 2: the bytes stream once, at the same time to clamd and through encryption to a staged
 * blob (staged until its row commits: a crash in between leaves nothing under a live key). An
 * infected file goes to quarantine and is refused (422); any other failure removes the blob.
 */
async function scanAndEncrypt(
  deps: MediaDeps,
  scanner: ClamdClient | null,
  org: string,
  source: AuditSource,
  received: Received,
  chunks: Chunks,
  key: DataKey,
): Promise<Staged> {
  // All blobs of one file share a stem. The raw bytes of an image or a video go to a temporary
  // blob only: they may carry GPS, so what is kept is made from them after the scan
  // (media-images.ts, media-video.ts). A PDF is kept as uploaded once qpdf has passed it.
  const stem = newBlobKey(org);
  const blobKey = `${stem}.${received.type.kind === 'pdf' ? received.extension : 'upload'}`;
  const hash = createHash('sha256');
  // Room for a megabyte each: with the 16 KB default every network chunk waited for a drain.
  const toScan = new PassThrough({ highWaterMark: MB });
  const toStore = new PassThrough({ highWaterMark: MB });
  // A failure is reported through the pump, scan and store promises; destroying a tee with it
  // must not also raise an 'error' event nobody listens to (that would crash the process).
  for (const tee of [toScan, toStore]) tee.on('error', () => {});
  const encrypted = encryptStream(key.key, key.version, blobKey);
  pipeline(toStore, encrypted, () => {});
  const counted = { bytes: 0 };
  const fail = (error: unknown) => {
    toScan.destroy(error as Error);
    toStore.destroy(error as Error);
  };
  const pumped = pump(received, chunks, scanner ? [toScan, toStore] : [toStore], hash, counted);
  pumped.catch(fail);
  // Once clamd has answered, whatever it did not read is discarded rather than blocking the upload.
  const scan = scanner
    ? scanner.scan(toScan).finally(() => toScan.resume())
    : Promise.resolve<ScanResult>({ infected: false });
  scan.catch(fail);
  const store = deps.blobs.stage(blobKey, encrypted);
  // A store that fails (down, throttling) stops the upload at once: 503, nothing kept.
  store.catch(fail);
  const [pumpResult, scanned, stored] = await Promise.allSettled([pumped, scan, store]);

  if (scanned.status === 'fulfilled' && scanned.value.infected) {
    await quarantineUpload(deps, org, source, {
      originalName: received.originalName,
      size: counted.bytes,
      signature: scanned.value.signature,
      blobKey: stored.status === 'fulfilled' ? blobKey : '',
      keyVersion: key.version,
    });
    throw fileRefused(
      422,
      'infected',
      `ウイルスが検出されたため、このファイルは受け付けませんでした（${scanned.value.signature}）。`,
      `A virus was found, so this file was refused (${scanned.value.signature}).`,
      { details: { signature: scanned.value.signature } },
    );
  }
  const failure =
    stored.status === 'rejected' && stored.reason instanceof BlobStoreUnavailableError
      ? stored
      : [pumpResult, scanned, stored].find((r) => r.status === 'rejected');
  if (failure) {
    await deps.blobs.delete(blobKey).catch(() => {});
    throw mapFailure(failure.reason);
  }
  return { stem, blobKey, size: counted.bytes, sha256: hash.digest('hex') };
}

/** Feeds the upload to every output as it arrives, at the pace of the slowest, within the type's limit. */
async function pump(
  received: Received,
  chunks: Chunks,
  outputs: PassThrough[],
  hash: ReturnType<typeof createHash>,
  counted: { bytes: number },
): Promise<void> {
  const limit = received.type.maxBytes;
  const write = async (chunk: Buffer) => {
    counted.bytes += chunk.length;
    if (counted.bytes > limit) {
      throw fileRefused(
        413,
        'file_too_large',
        `ファイルが大きすぎます（上限 ${limit / MB} MB）。`,
        `The file is too large (limit ${limit / MB} MB).`,
      );
    }
    hash.update(chunk);
    const waits: Promise<unknown>[] = [];
    for (const out of outputs) if (!out.destroyed && !out.write(chunk)) waits.push(once(out, 'drain'));
    await Promise.all(waits);
  };
  if (received.head.length) await write(received.head);
  if (!received.done)
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) await write(next.value);
  for (const out of outputs) out.end();
}

function mapFailure(reason: unknown): unknown {
  if (reason instanceof AppError) return reason;
  if (reason instanceof ScannerUnavailableError || reason instanceof ScannerTimeoutError) {
    return Errors.unavailable({ ja: 'ウイルス検査', en: 'Virus scanning' }, reason);
  }
  if (reason instanceof ScannerSizeLimitError) {
    return fileRefused(
      413,
      'file_too_large',
      'ファイルが大きすぎて検査できません。',
      'The file is too large to scan.',
    );
  }
  return reason;
}

/**
 * Step 3: a PDF is kept as uploaded once qpdf finds no active content; an image or a video is
 * replaced by what is made from it (re-encoded or remuxed without metadata), and its raw upload
 * removed.
 */
async function inspect(
  deps: MediaDeps,
  org: string,
  source: AuditSource,
  received: Received,
  staged: Staged,
  key: DataKey,
): Promise<StoredFile> {
  const upload = { blobKey: staged.blobKey, size: staged.size, mime: received.mime };
  if (received.type.kind === 'pdf') {
    await checkPdf(deps, org, upload).catch(async (error: unknown) => {
      await deps.blobs.delete(staged.blobKey).catch(() => {});
      if (error instanceof AppError && error.code === 'pdf_active_content') {
        await recordSecurityEvent(deps.db, org, source, {
          action: 'media.active_pdf_refused',
          outcome: 'denied',
          details: { name: received.originalName, size: staged.size, found: error.details?.found },
        });
      }
      throw error;
    });
    const { blobKey, size, sha256 } = staged;
    return { blobKey, sizeBytes: size, sha256, width: null, height: null, durationMs: null, derivatives: [] };
  }
  const file = { org, key, upload, stem: staged.stem, extension: received.extension };
  try {
    return received.type.kind === 'image'
      ? { ...(await storeImage(deps, file)), durationMs: null }
      : { ...(await storeVideo(deps, file)), derivatives: [] };
  } finally {
    await deps.blobs.delete(staged.blobKey).catch(() => {});
  }
}

/**
 * Step 4: within the quota, the row and its audit event in one transaction; then the staged blobs
 * move under their keys (should that fail, the row names them and the next start moves them).
 */
async function commit(
  deps: MediaDeps,
  ctx: LazyContext<TenantContext>,
  received: Received,
  size: number,
  stored: StoredFile,
  keyVersion: number,
  options: PipelineOptions,
): Promise<MediaItem> {
  const blobKeys = [stored.blobKey, ...stored.derivatives.map((d) => d.blobKey)];
  const removeBlobs = () => Promise.all(blobKeys.map((k) => deps.blobs.delete(k).catch(() => {})));
  const total = stored.sizeBytes + stored.derivatives.reduce((sum, d) => sum + d.sizeBytes, 0);
  const org = ctx.scope.org;
  const after = await usage(ctx);
  if (after.used + total > after.quota) {
    await removeBlobs();
    throw overQuota(after.used, after.quota, total);
  }
  let item: MediaItem;
  try {
    item = await ctx.transaction(async (txCtx) => {
      const row = await insertMedia(txCtx.tx, {
        org,
        kind: received.type.kind,
        mime: received.mime,
        extension: received.extension,
        original_name: received.originalName,
        size_bytes: stored.sizeBytes,
        sha256: stored.sha256,
        blob_key: stored.blobKey,
        key_version: keyVersion,
        width: stored.width,
        height: stored.height,
        duration_ms: stored.durationMs,
        derivatives: JSON.stringify(stored.derivatives),
        ...(Object.keys(options.alt).length > 0 ? { alt: JSON.stringify(options.alt) } : {}),
        created_by: ctx.actor.type === 'anonymous' ? null : ctx.actor.id,
      });
      await audit(txCtx, {
        action: 'media.uploaded',
        target: { type: 'media', id: row.id },
        details: {
          ...uploadDetails(received, size, row.mime, stored),
          ...(options.origin === 'generated'
            ? { origin: 'generated', scanned: options.scanner !== null }
            : {}),
        },
      });
      return toMediaItem(row);
    });
  } catch (error) {
    await removeBlobs();
    throw error;
  }
  for (const k of blobKeys) await deps.blobs.commit(k);
  return item;
}

/** The audit details of an upload: what was made of it. */
function uploadDetails(received: Received, size: number, mime: string, stored: StoredFile) {
  const { width, height } = stored;
  return {
    name: received.originalName,
    mime,
    size,
    ...(received.type.kind === 'image'
      ? { reencoded: true, width, height, derivatives: stored.derivatives.map((d) => d.variant) }
      : {}),
    ...(received.type.kind === 'video'
      ? { remuxedWithoutMetadata: true, width, height, durationMs: stored.durationMs }
      : {}),
  };
}
