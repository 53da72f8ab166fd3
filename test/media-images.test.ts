import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { type Client, cookieHeader, postFile, seedUser, signedIn } from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

let clamd: TestClamd;
let t: TestApp;
let editor: Client;
let other: Client;

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'gazou');
  await createOrganisation(t.database.db, 'yosomachi');
  const rights = { media: 'edit', spots: 'publish', articles: 'publish', site: 'edit' };
  editor = await signedIn(t, 'gazou', await seedUser(t, 'gazou', { totp: false, rights }));
  other = await signedIn(t, 'yosomachi', await seedUser(t, 'yosomachi', { totp: false, rights }));
}, 60_000);
afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
});

interface Media {
  id: string;
  mime: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  derivatives: { variant: string; width: number; height: number; sizeBytes: number }[];
}

async function upload(client: Client, name: string, bytes: Buffer) {
  const res = await postFile(client, name, bytes);
  return {
    status: res.status,
    body: (await res.json()) as Media & { error?: { code: string; field: string } },
  };
}

async function uploaded(client: Client, name: string, bytes: Buffer): Promise<Media> {
  const res = await upload(client, name, bytes);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${url}`, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const content = (client: Client, id: string, query = '') =>
  fetchBytes(`/api/v1/media/${id}/content${query}`, { cookie: cookieHeader(client) });

function blobFiles(org = 'gazou'): string[] {
  const root = path.join(t.dataDir, 'blobs', org);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

/** Files being written, or left by a failed write. */
function temporaryFiles(): string[] {
  const dir = path.join(t.dataDir, 'blobs', '.tmp');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

async function mediaRows(): Promise<number> {
  const { rows } = await t.database.superuser.query(
    "SELECT count(*)::int AS n FROM tenant.media WHERE org = 'gazou'",
  );
  return rows[0].n;
}

function solid(width: number, height: number, colour = '#3a7') {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

/**
 * A PNG declaring 20000 × 20000 pixels (400 megapixels) in a few hundred bytes: only the first
 * rows of pixel data follow, as the header is all a decoder needs to allocate the whole image.
 */
function pixelFlood(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const side = 20_000;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // 1-bit greyscale
  const rows = Buffer.alloc(16 * (1 + side / 8));
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('re-encoding', () => {
  it('a JPEG with GPS in its EXIF is kept auto-oriented and without any metadata', async () => {
    const photo = await solid(1000, 600)
      .jpeg()
      .withExif({
        IFD0: { Make: 'GeoCam', Model: 'Z1' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '35/1 0/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '135/1 46/1 0/1',
        },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const source = await sharp(photo).metadata();
    // The upload really carries GPS: the IFD0 GPSInfo pointer (tag 0x8825, little-endian).
    expect(source.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    expect(source.orientation).toBe(6);

    const item = await uploaded(editor, 'gps.jpg', photo);
    // Rotated by its orientation tag: 600 wide, 1000 high.
    expect(item).toMatchObject({ mime: 'image/jpeg', width: 600, height: 1000 });
    const served = await content(editor, item.id);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.bytes.length).toBe(item.sizeBytes);
    const kept = await sharp(served.bytes).metadata();
    expect(kept).toMatchObject({ format: 'jpeg', width: 600, height: 1000 });
    expect(kept.exif).toBeUndefined();
    expect(kept.xmp).toBeUndefined();
    expect(kept.orientation).toBeUndefined();
    expect(served.bytes.includes(Buffer.from('GeoCam'))).toBe(false);
    // The raw upload is not kept: the original and one derivative, nothing else.
    expect(blobFiles()).toHaveLength(2);
    expect(blobFiles().some((f) => f.endsWith('.upload'))).toBe(false);
  });

  it('derivatives are WebP at 320, 800 and 1600 px wide, encrypted, and served by variant', async () => {
    const before = blobFiles().length;
    const item = await uploaded(editor, 'wide.png', await solid(2000, 1000).png().toBuffer());
    expect(item.derivatives.map((d) => [d.variant, d.width, d.height])).toEqual([
      ['w320', 320, 160],
      ['w800', 800, 400],
      ['w1600', 1600, 800],
    ]);
    expect(blobFiles().length).toBe(before + 4);
    for (const file of blobFiles()) expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe('MTC1');
    for (const d of item.derivatives) {
      const res = await content(editor, item.id, `?variant=${d.variant}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toBe(`inline; filename="${item.id}.${d.variant}.webp"`);
      expect(res.bytes.length).toBe(d.sizeBytes);
      expect(await sharp(res.bytes).metadata()).toMatchObject({ format: 'webp', width: d.width });
    }
    const part = await fetchBytes(`/api/v1/media/${item.id}/content?variant=w800`, {
      cookie: cookieHeader(editor),
      range: 'bytes=10-19',
    });
    expect(part.status).toBe(206);
    expect(part.bytes.length).toBe(10);
    expect((await content(editor, item.id, '?variant=w999')).status).toBe(400);
  });

  it('a small image is never upscaled: only the smallest derivative, at its own width', async () => {
    const item = await uploaded(editor, 'small.webp', await solid(200, 100).webp().toBuffer());
    expect(item).toMatchObject({ width: 200, height: 100 });
    expect(item.derivatives.map((d) => [d.variant, d.width, d.height])).toEqual([['w320', 200, 100]]);
    // A larger variant asked for is the largest that exists.
    const res = await content(editor, item.id, '?variant=w1600');
    expect(res.status).toBe(200);
    expect((await sharp(res.bytes).metadata()).width).toBe(200);
  });

  it('an animated GIF stays animated, and so do its derivatives', async () => {
    const frames = await Promise.all(
      ['#f00', '#00f', '#0f0'].map((c) => solid(400, 200, c).png().toBuffer()),
    );
    const gif = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const item = await uploaded(editor, 'anim.gif', gif);
    expect(item).toMatchObject({ width: 400, height: 200 });
    const original = await sharp((await content(editor, item.id)).bytes, { animated: true }).metadata();
    expect(original).toMatchObject({ format: 'gif', pages: 3, pageHeight: 200 });
    const small = await sharp((await content(editor, item.id, '?variant=w320')).bytes, {
      animated: true,
    }).metadata();
    expect(small).toMatchObject({ format: 'webp', pages: 3, width: 320, pageHeight: 160 });
  });

  it('a JPEG/HTML polyglot is never served with its script', async () => {
    const jpeg = await solid(500, 300).jpeg().toBuffer();
    const polyglot = Buffer.concat([jpeg, Buffer.from('<html><script>alert(1)</script></html>')]);
    const res = await upload(editor, 'poly.jpg', polyglot);
    if (res.status === 201) {
      for (const variant of ['', '?variant=w320']) {
        const served = await content(editor, res.body.id, variant);
        expect(served.status).toBe(200);
        expect(served.bytes.includes(Buffer.from('<script'))).toBe(false);
      }
    } else {
      expect(res.status).toBe(422);
    }
  });

  it('a pixel flood is refused before decoding, and nothing is stored', async () => {
    const rows = await mediaRows();
    const files = blobFiles().length;
    const res = await upload(editor, 'flood.png', pixelFlood());
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'image_too_many_pixels', field: 'file' });
    expect(await mediaRows()).toBe(rows);
    expect(blobFiles().length).toBe(files);
    expect(temporaryFiles()).toEqual([]);
  });

  it('an image libvips cannot read is refused with 422, and nothing is stored', async () => {
    const rows = await mediaRows();
    const files = blobFiles().length;
    const png = await solid(300, 300).png().toBuffer();
    const res = await upload(editor, 'broken.png', png.subarray(0, 60));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'image_unreadable', field: 'file' });
    expect(await mediaRows()).toBe(rows);
    expect(blobFiles().length).toBe(files);
    expect(temporaryFiles()).toEqual([]);
  });

  it('the quota counts derivatives', async () => {
    const { rows } = await t.database.superuser.query(
      `SELECT sum(size_bytes)::bigint AS originals,
              sum((SELECT sum((d ->> 'sizeBytes')::bigint) FROM jsonb_array_elements(derivatives) d))::bigint AS derived
         FROM tenant.media WHERE org = 'gazou'`,
    );
    const originals = Number(rows[0].originals);
    const derived = Number(rows[0].derived);
    const tiny = await solid(10, 10).png().toBuffer();
    expect(derived).toBeGreaterThan(tiny.length * 10);
    const quota = (bytes: number) =>
      t.database.superuser.query(
        "UPDATE provider.organisations SET storage_quota_bytes = $1 WHERE service_code = 'gazou'",
        [bytes],
      );
    // Room for the originals and the tiny file, but not for the derivatives as well.
    await quota(originals + derived - 1);
    const refused = await upload(editor, 'tiny.png', tiny);
    expect(refused.status).toBe(413);
    expect(refused.body.error?.code).toBe('quota_exceeded');
    await quota(originals + derived + 100_000);
    expect((await upload(editor, 'tiny.png', tiny)).status).toBe(201);
    await t.database.superuser.query(
      "UPDATE provider.organisations SET storage_quota_bytes = DEFAULT WHERE service_code = 'gazou'",
    );
  });
});

describe('public serving and where-used', () => {
  let live: Media;
  let draftOnly: Media;
  let editedIn: Media;
  let spot: { id: string; version: number };

  async function createSpot(client: Client, name: string, imageIds: string[]) {
    const res = await client.post('/api/v1/spots', spotData(name, { imageIds }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number };
  }

  beforeAll(async () => {
    live = await uploaded(editor, 'live.jpg', await solid(1200, 800).jpeg().toBuffer());
    // Publishing needs a Japanese alt text on every image.
    expect((await editor.patch(`/api/v1/media/${live.id}`, { alt: { ja: '白鷺の滝' } })).status).toBe(200);
    draftOnly = await uploaded(editor, 'draft.jpg', await solid(400, 300).jpeg().toBuffer());
    editedIn = await uploaded(editor, 'edited.jpg', await solid(400, 300).jpeg().toBuffer());
    spot = await createSpot(editor, '白鷺の滝', [live.id]);
    const published = await editor.post(`/api/v1/spots/${spot.id}/publish`, { version: spot.version });
    expect(published.status).toBe(200);
    // The working copy gains an image that is not published yet.
    const edited = await editor.put(`/api/v1/spots/${spot.id}`, {
      version: (published.body as { version: number }).version,
      data: spotData('白鷺の滝', { imageIds: [live.id, editedIn.id] }),
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    spot = edited.body as { id: string; version: number };
    await createSpot(editor, '下書きの寺', [draftOnly.id]);
  });

  it('media shown by a published item is public, cacheable, with an ETag', async () => {
    const small = await fetchBytes(`/s/gazou/media/${live.id}/w320.webp`);
    expect(small.status).toBe(200);
    expect(small.headers.get('content-type')).toBe('image/webp');
    expect(small.headers.get('cache-control')).toBe('public, max-age=300');
    expect(small.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await sharp(small.bytes).metadata()).width).toBe(320);
    const etag = small.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await fetchBytes(`/s/gazou/media/${live.id}/w320.webp`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const original = await fetchBytes(`/s/gazou/media/${live.id}/original`);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('image/jpeg');
    expect((await fetchBytes(`/s/gazou/media/${live.id}/w1600.webp`)).status).toBe(200);
  });

  it('draft-only, not-yet-published, unknown, other organisations and unknown variants are 404', async () => {
    const otherMedia = await uploaded(other, 'other.jpg', await solid(400, 300).jpeg().toBuffer());
    expect((await other.patch(`/api/v1/media/${otherMedia.id}`, { alt: { ja: 'よその滝' } })).status).toBe(
      200,
    );
    const otherSpot = await other.post('/api/v1/spots', spotData('よその滝', { imageIds: [otherMedia.id] }));
    const otherItem = otherSpot.body as { id: string; version: number };
    expect(
      (await other.post(`/api/v1/spots/${otherItem.id}/publish`, { version: otherItem.version })).status,
    ).toBe(200);
    expect((await fetchBytes(`/s/yosomachi/media/${otherMedia.id}/original`)).status).toBe(200);
    for (const url of [
      `/s/gazou/media/${draftOnly.id}/original`,
      `/s/gazou/media/${draftOnly.id}/w320.webp`,
      `/s/gazou/media/${editedIn.id}/original`,
      `/s/gazou/media/${otherMedia.id}/original`,
      `/s/yosomachi/media/${live.id}/original`,
      `/s/gazou/media/00000000-0000-4000-8000-000000000000/original`,
      `/s/gazou/media/not-a-uuid/original`,
      `/s/gazou/media/${live.id}/w500.webp`,
      `/s/gazou/media/${live.id}/w320`,
      `/s/gazou/media/${live.id}/constructor`,
    ]) {
      const res = await fetchBytes(url);
      expect(res.status, url).toBe(404);
    }
  });

  it('the detail lists where a file is used, from the working and the live copy', async () => {
    const detail = await editor.get(`/api/v1/media/${live.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      width: 1200,
      height: 800,
      usedBy: [{ kind: 'spot', id: spot.id, title: '白鷺の滝' }],
    });
    expect((await editor.get(`/api/v1/media/${editedIn.id}`)).body).toMatchObject({
      usedBy: [{ kind: 'spot', id: spot.id }],
    });
    expect((await other.get(`/api/v1/media/${live.id}`)).status).toBe(404);
  });

  it('deleting a file in use asks first (409); detach=true takes it out of both copies, audited, then deletes every blob', async () => {
    const filesBefore = blobFiles().length;
    const refused = await editor.delete(`/api/v1/media/${live.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: { code: 'media_in_use', details: { usedBy: [{ kind: 'spot', id: spot.id }] } },
    });
    expect((await editor.get(`/api/v1/media/${live.id}`)).status).toBe(200);

    const history = async () =>
      ((await editor.get(`/api/v1/spots/${spot.id}/revisions`)).body as { items: { note: string }[] }).items;
    // Detaching edits the items: without the edit right of their kind it is refused, nothing changes.
    const mediaOnly = await signedIn(
      t,
      'gazou',
      await seedUser(t, 'gazou', { totp: false, rights: { media: 'edit', spots: 'view' } }),
    );
    expect((await mediaOnly.delete(`/api/v1/media/${live.id}?detach=true`)).status).toBe(403);
    expect((await editor.get(`/api/v1/media/${live.id}`)).status).toBe(200);
    expect(blobFiles().length).toBe(filesBefore);

    const revisionsBefore = await history();
    const deleted = await editor.delete(`/api/v1/media/${live.id}?detach=true`);
    expect(deleted.status).toBe(204);
    expect((await editor.get(`/api/v1/media/${live.id}`)).status).toBe(404);
    // The original and its derivatives (1200 px wide: w320 and w800).
    expect(live.derivatives.map((d) => d.variant)).toEqual(['w320', 'w800']);
    expect(blobFiles().length).toBe(filesBefore - 3);

    const { rows } = await t.database.superuser.query(
      "SELECT data, published_data FROM tenant.content_items WHERE org = 'gazou' AND id = $1",
      [spot.id],
    );
    expect(rows[0].data.imageIds).toEqual([editedIn.id]);
    expect(rows[0].published_data.imageIds).toEqual([]);
    const revisions = await history();
    expect(revisions.length).toBe(revisionsBefore.length + 1);
    expect(revisions[0]!.note).toBe('media detached');
    const audit = await t.database.superuser.query(
      "SELECT action, details FROM audit.events WHERE org = 'gazou' AND target_id IN ($1, $2) ORDER BY id",
      [spot.id, live.id],
    );
    const actions = audit.rows.map((r: { action: string }) => r.action);
    expect(actions).toContain('media.deleted');
    expect(
      audit.rows.some((r: { details: { detachedMedia?: string } }) => r.details?.detachedMedia === live.id),
    ).toBe(true);
    expect((await fetchBytes(`/s/gazou/media/${live.id}/original`)).status).toBe(404);
  });

  it('deleting an unused file removes all its blobs', async () => {
    const item = await uploaded(editor, 'unused.png', await solid(900, 300).png().toBuffer());
    const stem = (file: string) => path.basename(file).split('.')[0];
    const before = blobFiles();
    const res = await editor.delete(`/api/v1/media/${item.id}`);
    expect(res.status).toBe(204);
    const after = blobFiles();
    expect(before.length - after.length).toBe(1 + item.derivatives.length);
    const removed = before.filter((f) => !after.includes(f));
    expect(new Set(removed.map(stem)).size).toBe(1);
  });

  it('the site logo is public once chosen; deleting the file takes it off the site', async () => {
    const logo = await uploaded(editor, 'logo.png', await solid(600, 200).png().toBuffer());
    expect((await fetchBytes(`/s/gazou/media/${logo.id}/w320.webp`)).status).toBe(404);
    const current = (await editor.get('/api/v1/site/settings')).body as Record<string, unknown>;
    const { updatedAt: _ignored, ...settings } = current;
    const saved = await editor.put('/api/v1/site/settings', { ...settings, logoMediaId: logo.id });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await fetchBytes(`/s/gazou/media/${logo.id}/w320.webp`)).status).toBe(200);
    // Another organisation's path never serves it.
    expect((await fetchBytes(`/s/yosomachi/media/${logo.id}/w320.webp`)).status).toBe(404);

    expect((await editor.delete(`/api/v1/media/${logo.id}`)).status).toBe(204);
    const after = (await editor.get('/api/v1/site/settings')).body as { logoMediaId: string | null };
    expect(after.logoMediaId).toBeNull();
    expect((await fetchBytes(`/s/gazou/media/${logo.id}/w320.webp`)).status).toBe(404);
    const { rows } = await t.database.superuser.query(
      "SELECT details FROM audit.events WHERE org = 'gazou' AND action = 'media.deleted' AND target_id = $1",
      [logo.id],
    );
    expect(rows[0]?.details.siteLogoRemoved).toBe(true);
  });
});
