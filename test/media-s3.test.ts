import net from 'node:net';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { type Client, cookieHeader, postFile, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';
import { noisyPng } from './helpers/media-files.js';
import { startS3, type TestS3 } from './helpers/s3.js';

// The media upload and serving path through HTTP with BLOB_STORE=s3 against a real S3 server,
// reached through a relay the test can cut to play "object store down".

let s3: TestS3;
let clamd: TestClamd;
let t: TestApp;
let editor: Client;
let bucket: string;
let client: S3Client;
let image: Buffer;
const relay = { down: false, sockets: new Set<net.Socket>(), server: undefined as net.Server | undefined };

async function startRelay(target: URL): Promise<string> {
  relay.server = net.createServer((socket) => {
    if (relay.down) return socket.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [socket, upstream]) {
      relay.sockets.add(s);
      s.on('close', () => relay.sockets.delete(s));
      s.on('error', () => {});
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => relay.server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(relay.server.address() as net.AddressInfo).port}`;
}

function cutRelay(down: boolean) {
  relay.down = down;
  if (down) for (const s of relay.sockets) s.destroy();
}

beforeAll(async () => {
  s3 = await startS3();
  bucket = await s3.newBucket();
  clamd = await startClamd();
  const endpoint = await startRelay(new URL(s3.endpoint));
  t = await startTestApp({
    env: { ...s3.env(bucket), S3_ENDPOINT: endpoint, CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' },
  });
  client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: s3.credentials,
    forcePathStyle: true,
  });
  await createOrganisation(t.database.db, 'clouded');
  editor = await signedIn(
    t,
    'clouded',
    await seedUser(t, 'clouded', { totp: false, rights: { media: 'edit' } }),
  );
  image = await noisyPng();
}, 120_000);
afterAll(async () => {
  await t?.close();
  client?.destroy();
  relay.server?.close();
  cutRelay(true);
  await clamd?.dispose();
  await s3?.dispose();
});

async function objects(): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

async function rows(): Promise<number> {
  const { rows } = await t.database.superuser.query(
    "SELECT count(*)::int AS n FROM tenant.media WHERE org = 'clouded'",
  );
  return rows[0].n;
}

function content(id: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/api/v1/media/${id}/content`, {
    headers: { cookie: cookieHeader(editor), ...headers },
  });
}

describe('media on S3 (BLOB_STORE=s3)', () => {
  let id: string;
  let stored: Buffer;

  it('an upload is stored as ciphertext objects under its key, none left pending, and served with Range', async () => {
    const res = await postFile(editor, '海の写真.png', image, 'image/png');
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status, JSON.stringify(body)).toBe(201);
    id = body.id as string;
    const keys = await objects();
    // The original and its WebP derivative, committed after the row: nothing under pending/.
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^clouded\/\d{4}\/\d{2}\/[0-9a-f-]{36}\./);
    const whole = await content(id);
    expect(whole.status).toBe(200);
    stored = Buffer.from(await whole.arrayBuffer());
    expect((await sharp(stored).raw().toBuffer()).equals(await sharp(image).raw().toBuffer())).toBe(true);
    for (const key of keys) {
      const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const raw = Buffer.from(await Body!.transformToByteArray());
      expect(raw.subarray(0, 4).toString()).toBe('MTC1');
      expect(raw.includes(stored.subarray(100, 164))).toBe(false);
    }
    const part = await content(id, { range: 'bytes=65530-70000' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 65530-70000/${stored.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(stored.subarray(65530, 70001))).toBe(true);
  });

  it('/readyz shows the store', async () => {
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as {
      checks: { blobs: Record<string, unknown> };
    };
    expect(ready.checks.blobs).toMatchObject({ ok: true, reachable: true, store: 's3', bucket });
  });

  it('store down → upload 503, nothing stored, the node stays ready and says so; back up → uploads work', async () => {
    const before = { rows: await rows(), objects: await objects() };
    cutRelay(true);
    const down = await postFile(editor, 'again.png', image, 'image/png');
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    expect(await rows()).toBe(before.rows);
    const blobsCheck = async () =>
      ((await (await fetch(`${t.url}/readyz`)).json()) as { checks: { blobs: Record<string, unknown> } })
        .checks.blobs;
    // The checks are cached for one second: the cut shows on a later call.
    await expect
      .poll(async () => (await blobsCheck()).reachable, { timeout: 10_000, interval: 300 })
      .toBe(false);
    expect(await blobsCheck()).toMatchObject({
      ok: true,
      store: 's3',
      error: expect.stringMatching(/object store/),
    });
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    cutRelay(false);
    expect(await objects()).toEqual(before.objects);
    const up = await postFile(editor, 'again.png', image, 'image/png');
    expect(up.status).toBe(201);
  });

  it('a deleted item’s objects are removed after the row', async () => {
    const before = await objects();
    expect((await editor.delete(`/api/v1/media/${id}`)).status).toBe(204);
    const after = await objects();
    expect(after.length).toBe(before.length - 2);
    expect((await content(id)).status).toBe(404);
  });
});
