import path from 'node:path';
import type { Config } from '../../config.js';
import { type BlobStore, FileBlobStore } from './blob-store.js';

/** The local blob directory of a data directory (the local store's root, scratch files for both). */
export function localBlobRoot(dataDir: string): string {
  return path.join(dataDir, 'blobs');
}

/**
 * The store BLOB_STORE names; one per process (the S3 client keeps a connection pool). The AWS
 * SDK is loaded only for s3: it adds a second to every start of a node or CLI that does not use it.
 */
export async function openBlobStore(config: Pick<Config, 'blobStore' | 'dataDir'>): Promise<BlobStore> {
  const root = localBlobRoot(config.dataDir);
  if (config.blobStore.kind === 'local') return new FileBlobStore(root);
  const { S3BlobStore } = await import('./s3-blob-store.js');
  return new S3BlobStore({ ...config.blobStore, scratchRoot: root });
}
