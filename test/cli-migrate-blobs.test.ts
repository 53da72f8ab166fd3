import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBlobStore, newBlobKey } from '../src/platform/storage/blob-store.js';
import { cliSandbox } from './helpers/cli.js';
import { startS3, type TestS3 } from './helpers/s3.js';

// `mitte migrate-blobs --to s3`: an installation's files move to the object store, verified by
// checksum, and a second run resumes (sends only what is missing or differs).

const cli = cliSandbox('mitte-migrate-blobs-');
let s3: TestS3;
let bucket: string;
let client: S3Client;
const files = new Map<string, Buffer>();

beforeAll(async () => {
  s3 = await startS3();
  bucket = await s3.newBucket();
  client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: s3.credentials,
    forcePathStyle: true,
  });
  const local = new FileBlobStore(path.join(cli.dataDir, 'blobs'));
  for (const org of ['first-town', 'second-town']) {
    for (const size of [0, 1000, 200_000]) {
      const key = newBlobKey(org, 'enc');
      const bytes = randomBytes(size);
      await local.put(key, Readable.from([bytes]));
      files.set(key, bytes);
    }
  }
});
afterAll(async () => {
  client?.destroy();
  await s3?.dispose();
});

async function object(key: string): Promise<Buffer> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await Body!.transformToByteArray());
}

describe('mitte migrate-blobs --to s3', () => {
  it('copies every file under its key, byte for byte', async () => {
    const { stdout } = await cli.mitte(['migrate-blobs', '--to', 's3'], s3.env(bucket));
    expect(stdout).toContain('6 copied');
    for (const [key, bytes] of files) expect((await object(key)).equals(bytes)).toBe(true);
  });

  it('resumes: a second run sends nothing again, and replaces an object whose checksum differs', async () => {
    const [damaged] = [...files.keys()].filter((k) => files.get(k)!.length > 0);
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: damaged, Body: Buffer.from('not the file') }),
    );
    const { stdout } = await cli.mitte(['migrate-blobs', '--to', 's3'], s3.env(bucket));
    expect(stdout).toContain('1 copied');
    expect(stdout).toContain('5 already there with the same checksum');
    expect((await object(damaged!)).equals(files.get(damaged!)!)).toBe(true);
  });

  it('refuses wrong credentials or a missing bucket, naming the variable', async () => {
    const wrong = await cli.failing(['migrate-blobs', '--to', 's3'], {
      ...s3.env(bucket),
      AWS_ACCESS_KEY_ID: 'NOBODY',
    });
    expect(wrong.stderr).toMatch(/AWS_ACCESS_KEY_ID/);
    const missing = await cli.failing(['migrate-blobs', '--to', 's3'], { ...s3.env('mitte-missing-bucket') });
    expect(missing.stderr).toMatch(/S3_BUCKET/);
  });
});
