import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { type Client, cookieHeader, postFile, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';
import { noisyPng } from './helpers/media-files.js';
import { EICAR } from './helpers/zip.js';

let clamd: TestClamd;
let t: TestApp;
let editor: Client;
let other: Client;
let image: Buffer;

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'medium');
  await createOrganisation(t.database.db, 'faraway');
  editor = await signedIn(
    t,
    'medium',
    await seedUser(t, 'medium', { totp: false, rights: { media: 'edit' } }),
  );
  other = await signedIn(
    t,
    'faraway',
    await seedUser(t, 'faraway', { totp: false, rights: { media: 'edit' } }),
  );
  image = await noisyPng();
}, 60_000);
afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
});

async function upload(
  client: Client,
  name: string,
  bytes: Buffer | string,
  type = 'application/octet-stream',
) {
  const res = await postFile(client, name, bytes, type);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function content(client: Client, id: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/api/v1/media/${id}/content`, {
    headers: { cookie: cookieHeader(client), ...headers },
  });
}

function storedFiles(): string[] {
  const root = path.join(t.dataDir, 'blobs', 'medium');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

async function rows(): Promise<number> {
  const { rows } = await t.database.superuser.query(
    "SELECT count(*)::int AS n FROM tenant.media WHERE org = 'medium'",
  );
  return rows[0].n;
}

describe('upload pipeline', () => {
  let id: string;
  // Images are re-encoded before they are kept: the stored original is this, not the upload.
  let stored: Buffer;

  it('a clean image is stored encrypted and served back (re-encoded, same pixels), with Range', async () => {
    const res = await upload(editor, '滝の写真.png', image, 'image/png');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'image',
      mime: 'image/png',
      originalName: '滝の写真.png',
    });
    id = res.body.id as string;
    // The original and its one WebP derivative (300 px wide: nothing larger is made).
    const files = storedFiles();
    expect(files).toHaveLength(2);
    for (const file of files) expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe('MTC1');

    const whole = await content(editor, id);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
    expect(whole.headers.get('content-disposition')).toBe(`inline; filename="${id}.png"`);
    stored = Buffer.from(await whole.arrayBuffer());
    expect(stored.length).toBe(res.body.sizeBytes);
    // PNG re-encoding is lossless: the same pixels come back.
    expect((await sharp(stored).raw().toBuffer()).equals(await sharp(image).raw().toBuffer())).toBe(true);
    const original = files.find((f) => f.endsWith('.png'))!;
    expect(fs.readFileSync(original).includes(stored.subarray(100, 164))).toBe(false);
    const part = await content(editor, id, { range: 'bytes=65530-70000' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 65530-70000/${stored.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(stored.subarray(65530, 70001))).toBe(true);
  });

  it('another organisation gets 404 for the same id', async () => {
    expect((await content(other, id)).status).toBe(404);
    expect((await other.patch(`/api/v1/media/${id}`, { alt: { ja: '乗っ取り' } })).status).toBe(404);
    expect((await other.delete(`/api/v1/media/${id}`)).status).toBe(404);
  });

  it('alt text per language, credit and licence are edited and audited', async () => {
    const res = await editor.patch(`/api/v1/media/${id}`, {
      alt: { ja: '白鷺の滝の全景', en: 'The whole of Shirasagi Falls' },
      licence: 'CC BY 4.0',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      alt: { ja: '白鷺の滝の全景', en: 'The whole of Shirasagi Falls' },
      licence: 'CC BY 4.0',
    });
    const bad = await editor.patch(`/api/v1/media/${id}`, { alt: { xx: 'nope' } });
    expect(bad.status).toBe(400);
  });

  it('a flipped byte on disk makes serving fail instead of sending altered content', async () => {
    const file = storedFiles().find((f) => f.endsWith('.png'));
    const bytes = fs.readFileSync(file!);
    const original = Buffer.from(bytes);
    bytes[200]! ^= 0xff;
    fs.writeFileSync(file!, bytes);
    const res = await content(editor, id).catch(() => null);
    const received =
      res && res.status === 200
        ? await res
            .arrayBuffer()
            .then(Buffer.from)
            .catch(() => null)
        : null;
    // Either the answer is an error, or the stream is cut: never the tampered bytes as a full file.
    expect(received?.equals(stored) ?? false).toBe(false);
    if (res) expect(res.status === 500 || received === null || received.length < stored.length).toBe(true);
    fs.writeFileSync(file!, original);
    expect(Buffer.from(await (await content(editor, id)).arrayBuffer()).equals(stored)).toBe(true);
  });

  it('EICAR is refused with the signature, quarantined for operators, audited, and nothing is stored', async () => {
    const before = await rows();
    const files = storedFiles().length;
    const res = await upload(editor, 'eicar.pdf', `%PDF-1.4\n${EICAR}\n%%EOF`, 'application/pdf');
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      code: 'infected',
      details: { signature: expect.stringContaining('EICAR') },
    });
    expect(await rows()).toBe(before);
    // The only new file is the quarantined one, encrypted, recorded for operators and never served.
    const q = await t.database.superuser.query(
      "SELECT signature, blob_key FROM provider.quarantine WHERE org = 'medium'",
    );
    expect(q.rows[0].signature).toContain('EICAR');
    expect(storedFiles().length).toBe(files + (q.rows[0].blob_key ? 1 : 0));
    if (q.rows[0].blob_key) {
      const kept = fs.readFileSync(path.join(t.dataDir, 'blobs', q.rows[0].blob_key));
      expect(kept.includes(Buffer.from('EICAR-STANDARD'))).toBe(false);
    }
    const audit = await t.database.superuser.query(
      "SELECT outcome FROM audit.events WHERE org = 'medium' AND action = 'media.infected_upload_refused'",
    );
    expect(audit.rows[0].outcome).toBe('denied');
  });

  it.each([
    ['page.png', '<html><script>alert(1)</script></html>', 'unsupported_file_type'],
    [
      'logo.svg',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      'unsupported_file_type',
    ],
    ['archive.zip', Buffer.from('504b0304140000000000', 'hex'), 'unsupported_file_type'],
  ])('refuses %s by its content (%s)', async (name, bytes, code) => {
    const before = await rows();
    const res = await upload(editor, name, bytes);
    expect(res.status).toBe(415);
    expect((res.body.error as { code: string }).code).toBe(code);
    expect(await rows()).toBe(before);
  });

  it('refuses content that disagrees with the extension and names with path parts; control characters dropped', async () => {
    const mismatch = await upload(editor, 'photo.jpg', image, 'image/jpeg');
    expect(mismatch.status).toBe(415);
    expect((mismatch.body.error as { code: string }).code).toBe('extension_mismatch');
    // A name with a path in it is refused; the stored name is display text, never a path.
    const traversal = await upload(editor, '../../etc/passwd.png', image, 'image/png');
    expect(traversal.status).toBe(400);
    expect((traversal.body.error as { code: string }).code).toBe('bad_file_name');
    const control = await upload(editor, 'bad\u0007name.png', image, 'image/png');
    expect(control.status).toBe(201);
    expect(control.body.originalName).toBe('badname.png');
  });

  it('scanner down → 503 and nothing stored; back up → uploads work without restarting the app', async () => {
    const before = await rows();
    await clamd.stop();
    const down = await upload(editor, 'again.png', image, 'image/png');
    expect(down.status).toBe(503);
    expect(await rows()).toBe(before);
    await clamd.start();
    const up = await upload(editor, 'again.png', image, 'image/png');
    expect(up.status).toBe(201);
  });

  it('/readyz names the scanner and its state', async () => {
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as {
      checks: { scanner: Record<string, unknown> };
    };
    expect(ready.checks.scanner).toMatchObject({
      ok: true,
      configured: true,
      engine: expect.stringMatching(/^\d+\.\d+/),
    });
    await clamd.stop();
    // The checks are cached for one second: the stop shows on a later call.
    await expect
      .poll(async () => (await fetch(`${t.url}/readyz`)).status, { timeout: 10_000, interval: 300 })
      .toBe(503);
    const down = await fetch(`${t.url}/readyz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { checks: { scanner: { ok: boolean } } }).checks.scanner.ok).toBe(false);
    await clamd.start();
  });

  it('needs the media right', async () => {
    const viewerOnly = await signedIn(
      t,
      'medium',
      await seedUser(t, 'medium', { totp: false, rights: { spots: 'edit' } }),
    );
    expect((await upload(viewerOnly, 'x.png', image)).status).toBe(403);
    expect((await content(viewerOnly, id)).status).toBe(403);
  });
});

describe('the upload in the OpenAPI document', () => {
  it('has the multipart body, 201 with the media item, and every refusal status', async () => {
    interface Schema {
      properties: Record<string, unknown>;
      required?: string[];
    }
    const doc = (await (await fetch(`${t.url}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody: { content: Record<string, { schema: Schema }> };
            responses: Record<string, { content: Record<string, { schema: Schema }> }>;
          }
        >
      >;
    };
    const operation = doc.paths['/api/v1/media']!.post!;
    const body = operation.requestBody.content['multipart/form-data']!.schema;
    expect(body.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(body.required).toEqual(['file']);
    expect(Object.keys(operation.responses).sort()).toEqual(
      ['201', '400', '401', '403', '413', '415', '422', '503'].sort(),
    );
    expect(operation.responses['200']).toBeUndefined();
    const item = operation.responses['201']!.content['application/json']!.schema;
    expect(Object.keys(item.properties)).toEqual(
      expect.arrayContaining(['id', 'kind', 'width', 'height', 'durationMs', 'derivatives']),
    );
  });

  it('the 201 answer carries every field of the media item (the schema drops none)', async () => {
    const res = await upload(editor, 'openapi.png', image, 'image/png');
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'alt',
        'createdAt',
        'derivatives',
        'durationMs',
        'height',
        'id',
        'kind',
        'mime',
        'originalName',
        'sha256',
        'sizeBytes',
        'width',
      ].sort(),
    );
  });
});
