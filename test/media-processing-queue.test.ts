/**
 * Image decoding is bounded per node (#13, upload memory): beyond MEDIA_PROCESSING_CONCURRENCY
 * uploads wait in a queue, and the uploader can read its place while it waits.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkQueue } from '../src/platform/work-queue.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { type Client, postFile, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

let clamd: TestClamd;
let t: TestApp;
let editor: Client;
let colleague: Client;
const queue = new WorkQueue(1);

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({
    env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0', MEDIA_IMAGE_THREADS: '3' },
    deps: { mediaProcessing: queue },
  });
  await createOrganisation(t.database.db, 'matsu');
  const rights = { media: 'edit' };
  editor = await signedIn(t, 'matsu', await seedUser(t, 'matsu', { totp: false, rights }));
  colleague = await signedIn(t, 'matsu', await seedUser(t, 'matsu', { totp: false, rights }));
}, 60_000);
afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
});

const jpeg = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();

async function mediaCount(): Promise<number> {
  const { rows } = await t.database.superuser.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM tenant.media WHERE org = 'matsu'",
  );
  return rows[0]?.n ?? -1;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('media processing queue', () => {
  it('an upload waits while the slot is taken, its uploader sees its place, and it is stored after', async () => {
    let release!: () => void;
    const blocker = queue.run('someone-else', () => new Promise<void>((resolve) => (release = resolve)));
    const uploadId = randomUUID();
    const before = await mediaCount();
    const pending = postFile(editor, 'matsu.jpg', await jpeg(), 'image/jpeg', { 'x-upload-id': uploadId });

    const place = await waitFor(async () => {
      const res = await editor.get(`/api/v1/media/uploads/${uploadId}`);
      return res.status === 200 ? res.body : undefined;
    }, 'the upload to queue');
    expect(place).toEqual({ state: 'waiting', ahead: 0 });
    // Only the uploader can ask: a colleague's question about the same id is not found.
    expect((await colleague.get(`/api/v1/media/uploads/${uploadId}`)).status).toBe(404);
    expect(await mediaCount()).toBe(before);

    release();
    await blocker;
    const res = await pending;
    expect(res.status).toBe(201);
    expect(await mediaCount()).toBe(before + 1);
    expect((await editor.get(`/api/v1/media/uploads/${uploadId}`)).status).toBe(404);
    expect(queue.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('several uploads at once all succeed through one slot', async () => {
    const before = await mediaCount();
    const results = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => postFile(editor, `m${i}.jpg`, await jpeg(), 'image/jpeg')),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(await mediaCount()).toBe(before + 5);
  });

  it('a malformed X-Upload-Id is refused, naming the header, and nothing is stored', async () => {
    const before = await mediaCount();
    const res = await postFile(editor, 'bad.jpg', await jpeg(), 'image/jpeg', {
      'x-upload-id': 'not-a-uuid',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field: string; message: { ja: string; en: string } } };
    expect(body.error.field).toBe('X-Upload-Id');
    expect(body.error.message.ja).toContain('UUID');
    expect(await mediaCount()).toBe(before);
    expect((await editor.get('/api/v1/media/uploads/not-a-uuid')).status).toBe(400);
  });

  it("sets libvips' threads per operation once at start (MEDIA_IMAGE_THREADS) and keeps its cache off", () => {
    expect(sharp.concurrency()).toBe(3);
    expect(sharp.cache()).toMatchObject({ memory: { max: 0 }, items: { max: 0 } });
  });

  it('shows the queue on /metrics', async () => {
    const res = await fetch(`${t.url}/metrics`, {
      headers: t.config.metricsToken ? { authorization: `Bearer ${t.config.metricsToken}` } : {},
    });
    const text = await res.text();
    expect(text).toMatch(/mitte_media_processing_jobs\{state="waiting"\} 0/);
    expect(text).toMatch(/mitte_media_processing_jobs\{state="running"\} 0/);
  });
});
