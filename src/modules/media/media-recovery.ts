import type { Database } from '../../db/database.js';
import { SERVICE_CODE_PATTERN, withScope, withTenant } from '../../db/scope.js';
import { type BlobStore, isAbandoned } from '../../platform/storage/blob-store.js';
import { mediaBlobExists } from './media.repo.js';
import { quarantinedBlobExists } from './quarantine.repo.js';

// The key up to its uuid: a file and its derivatives (`<uuid>.w800.webp`) share it.
const UPLOAD_ID = /^([a-z][a-z0-9-]{2,31}\/\d{4}\/\d{2}\/[0-9a-f-]{36})/;

/**
 * Settles what a crash left between "blob written" and "row committed" (call at start, before
 * listening): a staged blob whose upload has a row (media or quarantine) is moved under its key,
 * any other is removed. Staged blobs another live process may still commit are left alone.
 */
export async function settlePendingBlobs(
  db: Database,
  blobs: BlobStore,
  options: { atStartUp?: boolean; staleMs?: number } = {},
): Promise<{ kept: number; removed: number }> {
  let kept = 0;
  let removed = 0;
  for (const blob of await blobs.listStaged()) {
    if (!isAbandoned(blob, options.atStartUp ?? true, options.staleMs)) continue;
    const upload = blob.key ? UPLOAD_ID.exec(blob.key)?.[1] : undefined;
    // An image's raw upload (`.upload`) is kept only in quarantine: a clean one is replaced by
    // what was made from it.
    const keep =
      upload !== undefined &&
      SERVICE_CODE_PATTERN.test(blob.org) &&
      (await hasRow(db, blob.org, upload, blob.key!.endsWith('.upload')));
    await blobs.settleStaged(blob, keep);
    if (keep) kept++;
    else removed++;
  }
  return { kept, removed };
}

async function hasRow(db: Database, org: string, upload: string, quarantineOnly: boolean): Promise<boolean> {
  if (!quarantineOnly && (await withTenant(db, org, (tx) => mediaBlobExists(tx, org, upload)))) return true;
  return withScope(db, { kind: 'provider' }, (tx) => quarantinedBlobExists(tx, org, upload));
}
