import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/**
 * The S3 server the tests use: S3_TEST_ENDPOINT when given (scripts/test starts s3rver and sets
 * it; MinIO or Ceph RGW work alike, with S3_TEST_ACCESS_KEY_ID / S3_TEST_SECRET_ACCESS_KEY /
 * S3_TEST_REGION), else an s3rver of this test file on a random loopback port.
 */
export interface TestS3 {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** A fresh, empty bucket of this test run. */
  newBucket(): Promise<string>;
  /** The app's environment for BLOB_STORE=s3 on the bucket. */
  env(bucket: string): Record<string, string>;
  dispose(): Promise<void>;
}

export async function startS3(): Promise<TestS3> {
  let endpoint = process.env.S3_TEST_ENDPOINT;
  let server: S3rver | undefined;
  let dir: string | undefined;
  if (!endpoint) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-s3-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  }
  const region = process.env.S3_TEST_REGION ?? 'us-east-1';
  const credentials = {
    accessKeyId: process.env.S3_TEST_ACCESS_KEY_ID ?? 'S3RVER',
    secretAccessKey: process.env.S3_TEST_SECRET_ACCESS_KEY ?? 'S3RVER',
  };
  const client = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
  return {
    endpoint,
    region,
    credentials,
    async newBucket() {
      const bucket = `mitte-test-${randomBytes(6).toString('hex')}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    env(bucket) {
      return {
        BLOB_STORE: 's3',
        S3_ENDPOINT: endpoint!,
        S3_BUCKET: bucket,
        S3_REGION: region,
        S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      };
    },
    async dispose() {
      client.destroy();
      await server?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
