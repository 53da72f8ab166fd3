import path from 'node:path';
import type { Config } from '../../config.js';
import { type BlobStore, FileBlobStore } from './blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** The local blob directory of a data directory (the local store's root, scratch files for both). */
export function localBlobRoot(dataDir: string): string {
  return path.join(dataDir, 'blobs');
}

/** The store BLOB_STORE names; one per process (the S3 client keeps a connection pool). */
export function openBlobStore(config: Pick<Config, 'blobStore' | 'dataDir'>): BlobStore {
  const root = localBlobRoot(config.dataDir);
  if (config.blobStore.kind === 'local') return new FileBlobStore(root);
  return new S3BlobStore({ ...config.blobStore, scratchRoot: root });
}
