import { type Readable, Transform } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { CiphertextSource } from '../crypto/segmented-aead.js';
import {
  assertBlobKey,
  assertRange,
  BlobNotFoundError,
  type BlobStore,
  BlobStoreConfigError,
  BlobStoreUnavailableError,
  InvalidBlobKeyError,
  makeScratchDir,
  parseStagedName,
  type StagedBlob,
  stagedName,
} from './blob-store.js';

export interface S3StoreOptions {
  /** Unset → AWS's own endpoint for the region. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  /** Unset → the SDK's default chain (AWS_* variables, AWS_SHARED_CREDENTIALS_FILE, roles). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Local directory for plaintext scratch files (the tools need seekable files). */
  scratchRoot: string;
  /** Tries per idempotent call (exponential back-off with jitter between them). */
  maxAttempts?: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Multipart: bytes per part and parts in flight; memory per upload is at most their product. */
  partSize?: number;
  queueSize?: number;
}

const PENDING_PREFIX = 'pending/';
const MIN_PART = 5 * 1024 * 1024;
const ORG = /^[a-z][a-z0-9-]{2,31}$/;

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}

function unavailable(error: unknown): BlobStoreUnavailableError {
  if (error instanceof BlobStoreUnavailableError) return error;
  const status = statusOf(error);
  const what =
    error instanceof S3ServiceException ? `${error.name}${status ? ` (${status})` : ''}` : String(error);
  return new BlobStoreUnavailableError(`object store: ${what}`, { cause: error });
}

/**
 * Blobs in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, R2, s3rver), shared by every
 * node. Objects are stored under their key; staged ones under `pending/<key's org>/<host>.<pid>.
 * <yyyy>.<mm>.<name>` (the local store's naming) until commit() copies them under the key. The
 * bytes are ciphertext already: the store never sees a plaintext byte nor a key.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly scratchRoot: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.scratchRoot = options.scratchRoot;
    this.partSize = Math.max(MIN_PART, options.partSize ?? 8 * 1024 * 1024);
    this.queueSize = options.queueSize ?? 2;
    this.client = new S3Client({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // Every call this store makes is idempotent (PUT of a fresh key, copy, delete, reads), so
      // the SDK's standard strategy may retry throttling, 5xx and timeouts with back-off.
      maxAttempts: options.maxAttempts ?? 4,
      retryMode: 'standard',
      requestHandler: {
        connectionTimeout: options.connectTimeoutMs ?? 3000,
        requestTimeout: options.requestTimeoutMs ?? 30_000,
      },
      // Checksums only where the protocol requires them: several S3-compatible stores refuse the
      // newer trailing-checksum encodings. Integrity is the AEAD's job (every segment has a tag).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private stagedKey(key: string): string {
    const { org, name } = stagedName(key);
    return `${PENDING_PREFIX}${org}/${name}`;
  }

  put(key: string, source: Readable): Promise<{ bytes: number }> {
    assertBlobKey(key);
    return this.upload(key, source);
  }

  stage(key: string, source: Readable): Promise<{ bytes: number }> {
    return this.upload(this.stagedKey(key), source);
  }

  /**
   * A multipart upload at constant memory (partSize × queueSize): the object appears whole when
   * it completes, or not at all (a failed upload is aborted, its parts removed).
   */
  private async upload(objectKey: string, source: Readable): Promise<{ bytes: number }> {
    let bytes = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(null, chunk);
      },
    });
    source.on('error', (error) => counted.destroy(error));
    source.pipe(counted);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: objectKey, Body: counted, ContentType: 'application/octet-stream' },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    const sourceFailed = new Promise<never>((_, reject) => counted.once('error', reject));
    sourceFailed.catch(() => {});
    try {
      await Promise.race([upload.done(), sourceFailed]);
    } catch (error) {
      await upload.abort().catch(() => {});
      // The source's own failure (a refused or too large upload) is the caller's to map.
      if (counted.errored && error === counted.errored) throw error;
      const failure = unavailable(error);
      // Whoever writes the source learns at once instead of waiting on a stream nobody reads.
      source.destroy(failure);
      throw failure;
    }
    return { bytes };
  }

  async commit(key: string): Promise<void> {
    assertBlobKey(key);
    const from = this.stagedKey(key);
    await this.copy(from, key);
    await this.deleteObject(from);
  }

  private async copy(from: string, to: string): Promise<void> {
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: to,
          CopySource: `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
        }),
      );
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(from);
      throw unavailable(error);
    }
  }

  async open(key: string, range?: { start: number; end: number }): Promise<Readable> {
    assertBlobKey(key);
    if (range) assertRange(range);
    return (await this.get(key, range ? `bytes=${range.start}-${range.end}` : undefined)).body;
  }

  private async get(objectKey: string, range: string | undefined): Promise<{ body: Readable; size: number }> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: objectKey, ...(range ? { Range: range } : {}) }),
      );
      const total = /\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1];
      const body = answer.Body as Readable;
      body.on('error', () => {});
      return { body, size: total ? Number(total) : Number(answer.ContentLength ?? 0) };
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(objectKey);
      // An empty object has no byte 0: the whole (empty) object then.
      if (statusOf(error) === 416 && range) return this.get(objectKey, undefined);
      throw unavailable(error);
    }
  }

  source(key: string, options: { staged?: boolean } = {}): CiphertextSource {
    assertBlobKey(key);
    const objectKey = options.staged ? this.stagedKey(key) : key;
    return {
      head: async (n) => {
        const { body, size } = await this.get(objectKey, `bytes=0-${n - 1}`);
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk as Buffer);
        return { bytes: Buffer.concat(chunks).subarray(0, n), size };
      },
      read: async (start, end) => (await this.get(objectKey, `bytes=${start}-${end}`)).body,
    };
  }

  async size(key: string): Promise<number> {
    assertBlobKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return Number(head.ContentLength ?? 0);
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(key);
      throw unavailable(error);
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.size(key);
      return true;
    } catch (error) {
      if (error instanceof BlobNotFoundError) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.deleteObject(key);
    await this.deleteObject(this.stagedKey(key));
  }

  private async deleteObject(objectKey: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (error) {
      if (!isNotFound(error)) throw unavailable(error);
    }
  }

  scratchDir(): Promise<string> {
    return makeScratchDir(this.scratchRoot);
  }

  /** Every object under the prefix, page by page. */
  private async *list(prefix: string): AsyncGenerator<{ key: string; size: number; modified: Date }> {
    let token: string | undefined;
    do {
      const page = await this.client
        .send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }))
        .catch((error: unknown) => {
          throw unavailable(error);
        });
      for (const object of page.Contents ?? []) {
        if (object.Key)
          yield {
            key: object.Key,
            size: Number(object.Size ?? 0),
            modified: object.LastModified ?? new Date(),
          };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private organisationPrefixes(org: string): string[] {
    if (!ORG.test(org)) throw new InvalidBlobKeyError(org);
    return [`${org}/`, `${PENDING_PREFIX}${org}/`];
  }

  async measureOrganisation(org: string): Promise<{ files: number; bytes: number }> {
    const total = { files: 0, bytes: 0 };
    for (const prefix of this.organisationPrefixes(org)) {
      for await (const object of this.list(prefix)) {
        total.files += 1;
        total.bytes += object.size;
      }
    }
    return total;
  }

  async deleteOrganisation(org: string): Promise<void> {
    for (const prefix of this.organisationPrefixes(org)) {
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const keys = batch;
        batch = [];
        try {
          const answer = await this.client.send(
            new DeleteObjectsCommand({
              Bucket: this.bucket,
              Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
            }),
          );
          if (answer.Errors?.length) throw new Error(`${answer.Errors.length} objects not deleted`);
        } catch (error) {
          throw unavailable(error);
        }
      };
      for await (const object of this.list(prefix)) {
        batch.push(object.key);
        if (batch.length === 1000) await flush();
      }
      await flush();
    }
  }

  async listStaged(): Promise<StagedBlob[]> {
    const found: StagedBlob[] = [];
    for await (const object of this.list(PENDING_PREFIX)) {
      const [org = '', name = ''] = object.key.slice(PENDING_PREFIX.length).split('/', 2);
      found.push({
        file: object.key,
        org,
        ...parseStagedName(org, name),
        ageMs: Date.now() - object.modified.getTime(),
      });
    }
    return found;
  }

  async settleStaged(blob: StagedBlob, keep: boolean): Promise<void> {
    if (!blob.file.startsWith(PENDING_PREFIX)) throw new InvalidBlobKeyError(blob.file);
    if (keep && blob.key) await this.copy(blob.file, blob.key);
    await this.deleteObject(blob.file);
  }

  async check(): Promise<{ ok: boolean; [detail: string]: unknown }> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return { ok: true, store: 's3', bucket: this.bucket };
    } catch (error) {
      return { ok: false, store: 's3', bucket: this.bucket, error: unavailable(error).message };
    }
  }

  /**
   * At start: the bucket exists and the credentials may use it, else a BlobStoreConfigError
   * naming the variable to fix (an unreachable store is a BlobStoreUnavailableError).
   */
  async verify(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = statusOf(error);
      const name = (error as { name?: string }).name ?? '';
      if (status === 404 || name === 'NoSuchBucket' || name === 'NotFound') {
        throw new BlobStoreConfigError('S3_BUCKET', `the bucket "${this.bucket}" does not exist`);
      }
      if (
        status === 401 ||
        status === 403 ||
        /InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|Forbidden/.test(name)
      ) {
        throw new BlobStoreConfigError(
          'AWS_ACCESS_KEY_ID',
          `the object store refused the credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) for bucket "${this.bucket}"`,
        );
      }
      throw new BlobStoreConfigError(
        'S3_ENDPOINT',
        `the object store does not answer: ${unavailable(error).message}`,
      );
    }
  }

  close(): void {
    this.client.destroy();
  }
}
