import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3, type TestS3 } from '../../../test/helpers/s3.js';
import { encryptStream, openEncryptedRange } from '../crypto/segmented-aead.js';
import {
  BlobNotFoundError,
  type BlobStore,
  BlobStoreConfigError,
  BlobStoreUnavailableError,
  FileBlobStore,
  newBlobKey,
} from './blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

// One contract, every driver: what the media, export and purge code relies on.

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let s3: TestS3;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-blob-contract-'));
const stores: BlobStore[] = [];

beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  for (const store of stores) store.close();
  await s3?.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function s3Store(
  bucket: string,
  extra: Partial<ConstructorParameters<typeof S3BlobStore>[0]> = {},
): S3BlobStore {
  const store = new S3BlobStore({
    endpoint: s3.endpoint,
    bucket,
    region: s3.region,
    forcePathStyle: true,
    credentials: s3.credentials,
    scratchRoot: path.join(scratch, bucket),
    partSize: 5 * 1024 * 1024,
    ...extra,
  });
  stores.push(store);
  return store;
}

const drivers: [string, () => Promise<BlobStore>][] = [
  ['local', async () => new FileBlobStore(fs.mkdtempSync(path.join(scratch, 'local-')))],
  ['s3', async () => s3Store(await s3.newBucket())],
];

describe.each(drivers)('blob store contract: %s', (_name, make) => {
  let store: BlobStore;
  beforeAll(async () => {
    store = await make();
  });

  it('stores bytes under a key and reads them whole, by range and by size', async () => {
    const key = newBlobKey('alpha-town');
    const bytes = randomBytes(100_000);
    expect(await store.put(key, Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]))).toEqual({
      bytes: bytes.length,
    });
    expect(await store.exists(key)).toBe(true);
    expect(await store.size(key)).toBe(bytes.length);
    expect((await read(await store.open(key))).equals(bytes)).toBe(true);
    expect(
      (await read(await store.open(key, { start: 5, end: 70_004 }))).equals(bytes.subarray(5, 70_005)),
    ).toBe(true);
  });

  it('answers BlobNotFoundError for a missing key, and deleting one is not an error', async () => {
    const key = newBlobKey('alpha-town');
    await expect(store.open(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.size(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.exists(key)).toBe(false);
    await store.delete(key);
  });

  it('streams a multipart upload (several parts) and reads back exactly what went in', async () => {
    const key = newBlobKey('alpha-town');
    const part = randomBytes(1024 * 1024);
    // 12 MiB produced lazily: more than two 5 MiB parts.
    async function* chunks() {
      for (let i = 0; i < 12; i++) yield Buffer.concat([part, Buffer.from([i])]);
    }
    const expected = createHash('sha256');
    for (let i = 0; i < 12; i++) expected.update(Buffer.concat([part, Buffer.from([i])]));
    const { bytes } = await store.put(key, Readable.from(chunks()));
    expect(bytes).toBe(12 * (part.length + 1));
    const back = createHash('sha256');
    for await (const chunk of await store.open(key)) back.update(chunk as Buffer);
    expect(back.digest('hex')).toBe(expected.digest('hex'));
  });

  it('keeps a staged blob out of its key until commit, readable through its staged source', async () => {
    const key = newBlobKey('alpha-town');
    const bytes = randomBytes(5000);
    await store.stage(key, Readable.from([bytes]));
    expect(await store.exists(key)).toBe(false);
    const head = await store.source(key, { staged: true }).head(10);
    expect(head).toEqual({ bytes: bytes.subarray(0, 10), size: bytes.length });
    expect(
      (await read(await store.source(key, { staged: true }).read(100, 199))).equals(bytes.subarray(100, 200)),
    ).toBe(true);
    await store.commit(key);
    expect(sha(await read(await store.open(key)))).toBe(sha(bytes));
    expect((await store.listStaged()).some((b) => b.key === key)).toBe(false);
  });

  it('deletes a staged blob and a committed one alike', async () => {
    const staged = newBlobKey('alpha-town');
    const committed = newBlobKey('alpha-town');
    await store.stage(staged, Readable.from([Buffer.from('x')]));
    await store.put(committed, Readable.from([Buffer.from('y')]));
    await store.delete(staged);
    await store.delete(committed);
    expect(await store.exists(committed)).toBe(false);
    expect((await store.listStaged()).some((b) => b.key === staged)).toBe(false);
  });

  it('lists staged blobs with who staged them, and settles each: kept under its key or removed', async () => {
    const keep = newBlobKey('beta-town');
    const drop = newBlobKey('beta-town');
    await store.stage(keep, Readable.from([Buffer.from('keep')]));
    await store.stage(drop, Readable.from([Buffer.from('drop')]));
    const staged = (await store.listStaged()).filter((b) => b.org === 'beta-town');
    expect(staged.map((b) => b.key).sort()).toEqual([keep, drop].sort());
    for (const blob of staged) {
      expect(blob.pid).toBe(process.pid);
      expect(blob.ageMs).toBeLessThan(60_000);
      await store.settleStaged(blob, blob.key === keep);
    }
    expect((await read(await store.open(keep))).toString()).toBe('keep');
    expect(await store.exists(drop)).toBe(false);
    expect((await store.listStaged()).filter((b) => b.org === 'beta-town')).toEqual([]);
  });

  it('refuses a failing source: the error is the source’s and nothing is stored', async () => {
    const key = newBlobKey('alpha-town');
    const failing = new Readable({ read() {} });
    failing.push(randomBytes(1000));
    setTimeout(() => failing.destroy(new Error('client went away')), 20);
    await expect(store.stage(key, failing)).rejects.toThrow('client went away');
    expect((await store.listStaged()).some((b) => b.key === key)).toBe(false);
    expect(await store.exists(key)).toBe(false);
  });

  it('refuses a source that fails before it is read: the error is the source’s, none goes unhandled', async () => {
    const key = newBlobKey('alpha-town');
    const failing = new Readable({ read() {} });
    // stage() has not read yet (it is still opening its file or upload) when the source fails.
    const staged = store.stage(key, failing);
    failing.destroy(new Error('client went away'));
    await expect(staged).rejects.toThrow('client went away');
    expect((await store.listStaged()).some((b) => b.key === key)).toBe(false);
    expect(await store.exists(key)).toBe(false);
  });

  it('measures and deletes one organisation only (the purge), staged blobs included', async () => {
    await store.put(newBlobKey('gamma-town'), Readable.from([Buffer.alloc(300)]));
    await store.stage(newBlobKey('gamma-town'), Readable.from([Buffer.alloc(200)]));
    const other = newBlobKey('delta-town');
    await store.put(other, Readable.from([Buffer.alloc(7)]));
    expect(await store.measureOrganisation('gamma-town')).toEqual({ files: 2, bytes: 500 });
    await store.deleteOrganisation('gamma-town');
    expect(await store.measureOrganisation('gamma-town')).toEqual({ files: 0, bytes: 0 });
    expect(await store.exists(other)).toBe(true);
  });

  it('holds ciphertext only, and serves verified plaintext ranges through its source', async () => {
    const key = newBlobKey('alpha-town');
    const dataKey = randomBytes(32);
    const plain = Buffer.from('観光スポット '.repeat(30_000));
    await store.put(key, Readable.from([plain]).pipe(encryptStream(dataKey, 1, key)));
    const raw = await read(await store.open(key));
    expect(raw.includes(Buffer.from('観光スポット'))).toBe(false);
    const range = await read(
      await openEncryptedRange(store.source(key), async () => dataKey, key, 70_000, 140_000),
    );
    expect(range.equals(plain.subarray(70_000, 140_001))).toBe(true);
  });

  it('answers for /readyz', async () => {
    expect((await store.check()).ok).toBe(true);
  });
});

describe('s3 store faults', () => {
  it('refuses wrong credentials at start, naming the variable', async () => {
    const bucket = await s3.newBucket();
    const store = s3Store(bucket, { credentials: { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' } });
    await expect(store.verify()).rejects.toSatisfy(
      (e) => e instanceof BlobStoreConfigError && e.variable === 'AWS_ACCESS_KEY_ID',
    );
  });

  it('refuses a missing bucket at start, naming S3_BUCKET', async () => {
    const store = s3Store('mitte-no-such-bucket');
    await expect(store.verify()).rejects.toSatisfy(
      (e) => e instanceof BlobStoreConfigError && e.variable === 'S3_BUCKET',
    );
  });

  it('answers BlobStoreUnavailableError when the store is down, after retrying, and /readyz says so', async () => {
    // A port nobody listens on: every try is refused.
    const store = s3Store('mitte-down', { endpoint: 'http://127.0.0.1:9', maxAttempts: 2 });
    const key = newBlobKey('alpha-town');
    await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
      BlobStoreUnavailableError,
    );
    await expect(store.open(key)).rejects.toBeInstanceOf(BlobStoreUnavailableError);
    expect(await store.check()).toMatchObject({ ok: false, store: 's3' });
    await expect(store.verify()).rejects.toSatisfy(
      (e) => e instanceof BlobStoreConfigError && e.variable === 'S3_ENDPOINT',
    );
  });
});
