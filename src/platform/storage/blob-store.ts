import { randomBytes, randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type CiphertextSource, fileSource } from '../crypto/segmented-aead.js';
import { UUID_SOURCE } from '../ids.js';

/**
 * Where file bytes live (already encrypted by the caller: a store only ever sees ciphertext).
 * FileBlobStore keeps them under a directory on local disk; S3BlobStore (s3-blob-store.ts) in an
 * S3-compatible object store shared by every node (BLOB_STORE=s3).
 *
 * Keys: `<service code>/<yyyy>/<mm>/<uuid>[.suffix]`, e.g. `demo-town/2026/05/3f0e…50.w640.webp`.
 * Anything else is refused, so a key can never climb out of the store or name another
 * organisation's file by accident.
 */
export interface BlobStore {
  /** Which driver: for /readyz and the logs. */
  readonly kind: 'local' | 's3';
  /** Stores the bytes under the key, atomically: readers see all of them or none. */
  put(key: string, source: Readable): Promise<{ bytes: number }>;
  /**
   * Stores the bytes as pending: not yet under the key. Call commit() once the database row that
   * names the key has committed; what a crash leaves pending is settled at start by
   * settlePendingBlobs (kept if a row names it, else removed), so no blob outlives a lost row.
   */
  stage(key: string, source: Readable): Promise<{ bytes: number }>;
  /** Moves a staged blob under its key (after its row committed). */
  commit(key: string): Promise<void>;
  /** The bytes, or those from start to end inclusive. BlobNotFoundError if there is none. */
  open(key: string, range?: { start: number; end: number }): Promise<Readable>;
  size(key: string): Promise<number>;
  /** Removes the blob, staged or not; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** The blob (or this process's staged one) for Range reads of encrypted files. */
  source(key: string, options?: { staged?: boolean }): CiphertextSource;
  /**
   * A new private (0700) directory for plaintext scratch files a tool needs (qpdf, ffmpeg). The
   * caller removes it when done; what a crash leaves is removed at start by cleanTemporaryFiles.
   */
  scratchDir(): Promise<string>;
  /** How many files and bytes the organisation stores (staged ones included). */
  measureOrganisation(org: string): Promise<{ files: number; bytes: number }>;
  /** Removes every blob of the organisation (the purge); removing none is not an error. */
  deleteOrganisation(org: string): Promise<void>;
  /** Staged blobs of every organisation, with what the settlement needs to judge them. */
  listStaged(): Promise<StagedBlob[]>;
  /** Settles one staged blob: under its key (its row exists) or removed (it does not). */
  settleStaged(blob: StagedBlob, keep: boolean): Promise<void>;
  /** Whether the store answers, for /readyz and the start-up check. */
  check(): Promise<{ ok: boolean; [detail: string]: unknown }>;
  /** Releases connections (the app's close). */
  close(): void;
  /** At start: throws BlobStoreConfigError naming the variable when the store refuses its settings. */
  verify(): Promise<void>;
}

export class BlobNotFoundError extends Error {
  override name = 'BlobNotFoundError';
  constructor(readonly key: string) {
    super(`no blob ${key}`);
  }
}

/** The object store did not answer or refused (not "no such object"): the caller answers 503. */
export class BlobStoreUnavailableError extends Error {
  override name = 'BlobStoreUnavailableError';
}

/** The store refused the configured bucket or credentials at start; names the variable to fix. */
export class BlobStoreConfigError extends Error {
  override name = 'BlobStoreConfigError';
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}

export class InvalidBlobKeyError extends Error {
  override name = 'InvalidBlobKeyError';
}

const BLOB_KEY = new RegExp(
  `^[a-z][a-z0-9-]{2,31}/\\d{4}/(?:0[1-9]|1[0-2])/${UUID_SOURCE}(?:\\.[a-z0-9_-]{1,32}){0,4}$`,
);

export function isValidBlobKey(key: string): boolean {
  return typeof key === 'string' && BLOB_KEY.test(key);
}

/** A byte range start … end inclusive, as open() takes it; RangeError otherwise. */
export function assertRange(range: { start: number; end: number }): void {
  const { start, end } = range;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end >= start)) {
    throw new RangeError(`invalid range ${start}-${end}`);
  }
}

export function assertBlobKey(key: string): void {
  if (!isValidBlobKey(key)) throw new InvalidBlobKeyError(`invalid blob key: ${JSON.stringify(key)}`);
}

/** A fresh key for an organisation's new blob, filed under the current UTC month. */
export function newBlobKey(org: string, suffix?: string, now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  const key = `${org}/${now.getUTCFullYear()}/${month}/${randomUUID()}${suffix ? `.${suffix}` : ''}`;
  assertBlobKey(key);
  return key;
}

const TMP_DIR = '.tmp';
// Temporary names say which host and process wrote them, so start-up clean-up on one node never
// removes a put still running on another node that shares the directory.
const HOST =
  os
    .hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-') || 'host';
const STALE_MS = 24 * 60 * 60 * 1000;
const PENDING_DIR = 'pending';
const STAGED_NAME = /^([a-z0-9-]+)\.(\d+)\.(\d{4})\.(\d{2})\.([0-9a-f-]{36}(?:\.[a-z0-9_-]{1,32}){0,4})$/;

/** A blob staged by stage() and not (yet) committed. */
export interface StagedBlob {
  /** Where it is staged: a file (local) or an object key (s3). */
  file: string;
  /** The key it stands for; null for a name that is not ours (removed as junk). */
  key: string | null;
  org: string;
  host: string;
  pid: number;
  ageMs: number;
}

/**
 * Whether a staged blob can be settled now without racing the put that made it: written by a
 * process of this host that is gone (at start-up: also our own pid, which a container reuses),
 * or old enough that no upload on any node can still be committing it.
 */
export function isAbandoned(blob: StagedBlob, atStartUp: boolean, staleMs = PENDING_STALE_MS): boolean {
  if (blob.host === HOST && blob.pid > 0) {
    if (blob.pid === process.pid) return atStartUp;
    if (!processIsAlive(blob.pid)) return true;
  }
  return blob.ageMs > staleMs;
}
// A staged blob lives from the end of its upload to its row's commit (a second or so).
const PENDING_STALE_MS = 15 * 60 * 1000;
const WRITE_SIZE = 256 * 1024;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

export class FileBlobStore implements BlobStore {
  readonly kind = 'local';
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  path(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, source: Readable): Promise<{ bytes: number }> {
    return this.write(this.path(key), source);
  }

  async stage(key: string, source: Readable): Promise<{ bytes: number }> {
    return this.write(this.pendingPath(key), source);
  }

  async commit(key: string): Promise<void> {
    await this.moveStaged(this.pendingPath(key), key);
  }

  /**
   * Where this process stages the key: `<org>/pending/<host>.<pid>.<yyyy>.<mm>.<name>`, so the
   * start-up settlement knows which process wrote it and which key it stands for.
   */
  stagedPath(key: string): string {
    return this.pendingPath(key);
  }

  source(key: string, options: { staged?: boolean } = {}): CiphertextSource {
    return fileSource(options.staged ? this.pendingPath(key) : this.path(key));
  }

  scratchDir(): Promise<string> {
    return makeScratchDir(this.root);
  }

  close(): void {}

  async verify(): Promise<void> {
    await this.check();
  }

  async check(): Promise<{ ok: boolean; [detail: string]: unknown }> {
    await fs.mkdir(this.root, { recursive: true, mode: 0o700 });
    await fs.access(this.root, fs.constants.W_OK);
    return { ok: true, store: 'local' };
  }

  private pendingPath(key: string): string {
    const { org, name } = stagedName(key);
    return path.join(this.root, org, PENDING_DIR, name);
  }

  private async moveStaged(from: string, key: string): Promise<void> {
    const target = this.path(key);
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await fs.rename(from, target);
    await syncDirectory(path.dirname(target));
  }

  private async write(target: string, source: Readable): Promise<{ bytes: number }> {
    // The source may fail before the loop below reads it (its client gone while the file opens):
    // its error is kept for the loop, not left as an unhandled 'error' event (which ends the
    // process). The listener only records, so it may stay for the stream's life.
    let early: { error: unknown } | undefined;
    source.on('error', (error) => {
      early ??= { error };
    });
    const tmpDir = path.join(this.root, TMP_DIR);
    await fs.mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = path.join(tmpDir, `${HOST}.${process.pid}.${randomBytes(12).toString('hex')}`);
    const file = await fs.open(tmp, 'wx', 0o600);
    let bytes = 0;
    try {
      if (early) throw early.error;
      // Awaited writes give back-pressure on the source; small chunks (segment tags) are
      // gathered so that each write call moves a useful amount.
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        // One writev of the gathered chunks, without copying them together first.
        let buffers = pending;
        let left = pendingBytes;
        pending = [];
        pendingBytes = 0;
        while (left > 0) {
          const { bytesWritten } = await file.writev(buffers);
          left -= bytesWritten;
          buffers = skipWritten(buffers, bytesWritten);
        }
      };
      for await (const chunk of source) {
        const data = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        pending.push(data);
        pendingBytes += data.length;
        bytes += data.length;
        if (pendingBytes >= WRITE_SIZE) await flush();
      }
      if (pendingBytes > 0) await flush();
      // Data on disk before the name points at it, so a crash never leaves a short file in place.
      await file.sync();
      await file.close();
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await fs.rename(tmp, target);
    } catch (error) {
      await file.close().catch(() => {});
      await fs.rm(tmp, { force: true });
      throw error;
    }
    await syncDirectory(path.dirname(target));
    return { bytes };
  }

  async open(key: string, range?: { start: number; end: number }): Promise<Readable> {
    if (range) assertRange(range);
    let file: FileHandle;
    try {
      file = await fs.open(this.path(key), 'r');
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      throw error;
    }
    return file.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async size(key: string): Promise<number> {
    try {
      return (await fs.stat(this.path(key))).size;
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.path(key), { force: true });
    await fs.rm(this.pendingPath(key), { force: true });
  }

  async listStaged(): Promise<StagedBlob[]> {
    const found: StagedBlob[] = [];
    let orgs: string[];
    try {
      orgs = await fs.readdir(this.root);
    } catch (error) {
      if (isMissing(error)) return found;
      throw error;
    }
    for (const org of orgs) {
      const dir = path.join(this.root, org, PENDING_DIR);
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        const stat = await fs.stat(path.join(dir, name)).catch(() => undefined);
        if (!stat) continue;
        found.push({
          file: path.join(dir, name),
          org,
          ...parseStagedName(org, name),
          ageMs: Date.now() - stat.mtimeMs,
        });
      }
    }
    return found;
  }

  async settleStaged(blob: StagedBlob, keep: boolean): Promise<void> {
    if (keep && blob.key) await this.moveStaged(blob.file, blob.key);
    else await fs.rm(blob.file, { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.stat(this.path(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  private organisationDir(org: string): string {
    if (!/^[a-z][a-z0-9-]{2,31}$/.test(org)) throw new InvalidBlobKeyError(org);
    return path.join(this.root, org);
  }

  async measureOrganisation(org: string): Promise<{ files: number; bytes: number }> {
    const total = { files: 0, bytes: 0 };
    const walk = async (dir: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile()) {
          total.files += 1;
          total.bytes += (await fs.stat(full)).size;
        }
      }
    };
    await walk(this.organisationDir(org));
    return total;
  }

  async deleteOrganisation(org: string): Promise<void> {
    await fs.rm(this.organisationDir(org), { recursive: true, force: true });
  }
}

/** What is left of the buffers after a short write of n bytes. */
function skipWritten(buffers: Buffer[], n: number): Buffer[] {
  let skip = n;
  let i = 0;
  while (i < buffers.length && skip >= buffers[i]!.length) skip -= buffers[i++]!.length;
  const rest = buffers.slice(i);
  if (skip > 0 && rest.length > 0) rest[0] = rest[0]!.subarray(skip);
  return rest;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A new private (0700) scratch directory under `<root>/.tmp`, named `<host>.<pid>.work-…` so the
 * start-up clean-up (cleanTemporaryFiles) knows whose it is. Used by every driver: scratch files
 * are local whatever the store.
 */
export async function makeScratchDir(root: string): Promise<string> {
  const tmpDir = path.join(path.resolve(root), TMP_DIR);
  await fs.mkdir(tmpDir, { recursive: true, mode: 0o700 });
  return fs.mkdtemp(path.join(tmpDir, `${HOST}.${process.pid}.work-`));
}

/** The key a staged blob's name stands for, and who staged it (null if the name is not ours). */
export function parseStagedName(
  org: string,
  name: string,
): { key: string | null; host: string; pid: number } {
  const match = STAGED_NAME.exec(name);
  const key = match ? `${org}/${match[3]}/${match[4]}/${match[5]}` : '';
  return { key: isValidBlobKey(key) ? key : null, host: match?.[1] ?? '', pid: Number(match?.[2] ?? 0) };
}

/** `<host>.<pid>.<yyyy>.<mm>.<name>`: the name under which this process stages the key. */
export function stagedName(key: string): { org: string; name: string } {
  assertBlobKey(key);
  const [org, year, month, name] = key.split('/') as [string, string, string, string];
  return { org, name: `${HOST}.${process.pid}.${year}.${month}.${name}` };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what crashed puts left in `<root>/.tmp` (call at start): files this host wrote from
 * processes that are gone, and anything a day old. Returns how many it removed.
 */
export async function cleanTemporaryFiles(root: string): Promise<number> {
  const dir = path.join(path.resolve(root), TMP_DIR);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (isMissing(error)) return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const [host, pid] = name.split('.');
    const mine = host === HOST && pid !== undefined && /^\d+$/.test(pid);
    const orphaned = mine && Number(pid) !== process.pid && !processIsAlive(Number(pid));
    let stale = false;
    if (!orphaned) {
      const stat = await fs.stat(file).catch(() => undefined);
      stale = stat !== undefined && Date.now() - stat.mtimeMs > STALE_MS;
    }
    if (orphaned || stale) {
      await fs.rm(file, { force: true, recursive: true });
      removed++;
    }
  }
  return removed;
}
