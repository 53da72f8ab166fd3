import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type BlobStore, type FileBlobStore, isValidBlobKey } from './blob-store.js';

export interface BlobMigrationReport {
  /** Copied now and read back with the same SHA-256. */
  copied: number;
  /** Already in the target with the same SHA-256 (an earlier, interrupted run). */
  present: number;
  bytes: number;
  failed: { key: string; reason: string }[];
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every committed blob of the local store (pending and scratch files are not blobs yet). */
async function* localBlobs(store: FileBlobStore): AsyncGenerator<{ key: string; file: string }> {
  const entries = await fs.promises
    .readdir(store.root, { recursive: true, withFileTypes: true })
    .catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const key = path.relative(store.root, file).split(path.sep).join('/');
    if (isValidBlobKey(key)) yield { key, file };
  }
}

/**
 * Copies every blob of the local store to another store (`mitte migrate-blobs --to s3`). The
 * bytes are ciphertext and keep their key, so no key is needed and rows stay as they are. Each
 * copy is read back and compared by SHA-256; a run cut short is resumed by running it again
 * (blobs already there with the same checksum are not sent again). The local files are kept.
 */
export async function migrateBlobs(
  from: FileBlobStore,
  to: BlobStore,
  progress: (done: number, key: string) => void = () => {},
): Promise<BlobMigrationReport> {
  const report: BlobMigrationReport = { copied: 0, present: 0, bytes: 0, failed: [] };
  let done = 0;
  for await (const { key, file } of localBlobs(from)) {
    try {
      const local = await sha256Of(fs.createReadStream(file));
      if ((await to.exists(key)) && (await sha256Of(await to.open(key))) === local) {
        report.present++;
      } else {
        const { bytes } = await to.put(key, fs.createReadStream(file));
        const copied = await sha256Of(await to.open(key));
        if (copied !== local) {
          await to.delete(key).catch(() => {});
          throw new Error(`checksum differs after the copy (${copied} ≠ ${local})`);
        }
        report.copied++;
        report.bytes += bytes;
      }
    } catch (error) {
      report.failed.push({ key, reason: (error as Error).message.slice(0, 200) });
    }
    progress(++done, key);
  }
  return report;
}
