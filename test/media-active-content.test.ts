import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClamdClient } from '../src/platform/scan/clamd.js';
import type { TestApp } from './helpers/app.js';
import type { TestClamd } from './helpers/clamd.js';
import { type Client, cookieHeader, postFile } from './helpers/client.js';
import { startMediaApp } from './helpers/media-app.js';
import { ACTIVE_PDFS, BROCHURE_PDF, ESCAPED_NAME_PDF, makeVideo } from './helpers/media-files.js';

// PDFs with active content and videos that are not videos are refused, decided by parsing them
// (qpdf, ffprobe); a kept video is remuxed without its location and device data.

const ORG = 'activetown';
const GPS = '+35.0+135.0/';
const XYZ_ATOM = Buffer.from([0xa9, ...Buffer.from('xyz')]);

let clamd: TestClamd;
let t: TestApp;
let editor: Client;

beforeAll(async () => {
  ({ clamd, t, editor } = await startMediaApp(ORG));
}, 60_000);
afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
});

interface Answer {
  status: number;
  body: {
    id?: string;
    width?: number | null;
    height?: number | null;
    durationMs?: number | null;
    error?: {
      code: string;
      field?: string;
      message: { ja: string; en: string };
      details?: { found?: string[] };
    };
  };
}

async function upload(name: string, bytes: Buffer, type = 'application/octet-stream'): Promise<Answer> {
  const res = await postFile(editor, name, bytes, type);
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function served(id: string): Promise<Buffer> {
  const res = await fetch(`${t.url}/api/v1/media/${id}/content`, {
    headers: { cookie: cookieHeader(editor) },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function mediaRows(): Promise<number> {
  const { rows } = await t.database.superuser.query('SELECT count(*)::int AS n FROM tenant.media');
  return rows[0].n;
}

/** Every file under the data directory's blob store and its scratch space, for "nothing left". */
function filesOnDisk(): string[] {
  const root = path.join(t.dataDir, 'blobs');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
}

function scratchEntries(): string[] {
  const tmp = path.join(t.dataDir, 'blobs', '.tmp');
  return fs.existsSync(tmp) ? fs.readdirSync(tmp) : [];
}

describe('PDFs with active content', () => {
  it.each(ACTIVE_PDFS)('refuses %s (422, named in ja and en), nothing stored', async (_label, pdf, kind) => {
    const rows = await mediaRows();
    const files = filesOnDisk();
    const res = await upload('brochure.pdf', pdf, 'application/pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'pdf_active_content', field: 'file' });
    expect(res.body.error?.details?.found).toEqual([kind]);
    const word = { javascript: 'JavaScript', launch: 'Launch', embedded_files: '埋め込み', xfa: 'XFA' }[
      kind
    ]!;
    expect(res.body.error?.message.ja).toContain(word);
    expect(await mediaRows()).toBe(rows);
    expect(filesOnDisk()).toEqual(files);
    expect(scratchEntries()).toEqual([]);
  });

  it('the refusal is a security event in the audit log', async () => {
    await upload('script.pdf', ACTIVE_PDFS[0]![1], 'application/pdf');
    const { rows } = await t.database.superuser.query(
      `SELECT details FROM audit.events WHERE action = 'media.active_pdf_refused' ORDER BY seq DESC LIMIT 1`,
    );
    expect(rows[0]?.details).toMatchObject({ name: 'script.pdf', found: ['javascript'] });
  });

  it('keeps an ordinary brochure (OpenAction to a page view, a web link) byte for byte', async () => {
    const res = await upload('パンフレット.pdf', BROCHURE_PDF, 'application/pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await served(res.body.id!)).equals(BROCHURE_PDF)).toBe(true);
    expect(scratchEntries()).toEqual([]);
  });

  it.each([
    ['truncated', BROCHURE_PDF.subarray(0, Math.floor(BROCHURE_PDF.length / 2))],
    ['only a header', Buffer.from('%PDF-1.4\nclean\n%%EOF\n')],
  ])('refuses a %s PDF as unreadable (422)', async (_label, pdf) => {
    const rows = await mediaRows();
    const res = await upload('broken.pdf', pdf, 'application/pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'pdf_unreadable', field: 'file' });
    expect(await mediaRows()).toBe(rows);
  });
});

describe('videos', () => {
  it.each([
    ['mp4', 'video/mp4'],
    ['webm', 'video/webm'],
  ] as const)('%s: location and device data removed, duration and size reported', async (format, type) => {
    const original = makeVideo(format, { seconds: 2, size: '160x120', location: GPS, make: 'Apple' });
    expect(original.includes(GPS)).toBe(true);
    if (format === 'mp4') expect(original.includes(XYZ_ATOM)).toBe(true);
    const res = await upload(`trip.${format}`, original, type);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ width: 160, height: 120 });
    expect(res.body.durationMs).toBeGreaterThanOrEqual(1900);
    expect(res.body.durationMs).toBeLessThanOrEqual(2100);
    const bytes = await served(res.body.id!);
    expect(bytes.includes(GPS)).toBe(false);
    expect(bytes.includes(XYZ_ATOM)).toBe(false);
    expect(bytes.includes('Apple')).toBe(false);
    expect(bytes.includes('loci')).toBe(false);
    expect(bytes.length).toBeGreaterThan(1000);
    // The media detail reports the same facts.
    const detail = await editor.get(`/api/v1/media/${res.body.id}`);
    expect(detail.body).toMatchObject({ width: 160, height: 120, durationMs: res.body.durationMs });
    expect(scratchEntries()).toEqual([]);
  });

  it('refuses an MP4 header followed by random bytes (422), nothing stored', async () => {
    const rows = await mediaRows();
    const files = filesOnDisk();
    const head = Buffer.from('000000186674797069736f6d0000020069736f6d6d703431', 'hex');
    const noise = Buffer.alloc(300_000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + (i >> 3)) & 0xff;
    const res = await upload('fake.mp4', Buffer.concat([head, noise]), 'video/mp4');
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'video_unreadable', field: 'file' });
    expect(await mediaRows()).toBe(rows);
    expect(filesOnDisk()).toEqual(files);
    expect(scratchEntries()).toEqual([]);
  });

  it('refuses a video cut short before its index (422)', async () => {
    const whole = makeVideo('mp4', { seconds: 1 });
    const res = await upload('cut.mp4', whole.subarray(0, Math.floor(whole.length / 2)), 'video/mp4');
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error?.code).toBe('video_unreadable');
  });
});

describe('obfuscated PDFs', () => {
  it('a script behind # escaped names is refused (by clamd heuristics or by qpdf)', async () => {
    const res = await upload('hidden.pdf', ESCAPED_NAME_PDF, 'application/pdf');
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(['infected', 'pdf_active_content']).toContain(res.body.error?.code);
  });
});

describe("clamd's temporary files", () => {
  it('a file clamd was scanning when it was killed is gone once it starts again; the directory is private', async () => {
    expect(fs.statSync(clamd.temporaryDir).mode & 0o777).toBe(0o700);
    const scanner = new ClamdClient(clamd.url);
    const stream = new PassThrough();
    const scan = scanner.scan(stream).catch((error: unknown) => error);
    stream.write(Buffer.alloc(2 * 1024 * 1024, 0x41));
    // clamd spools what it receives to its TemporaryDirectory in plaintext.
    const deadline = Date.now() + 20_000;
    while (fs.readdirSync(clamd.temporaryDir).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fs.readdirSync(clamd.temporaryDir).length).toBeGreaterThan(0);
    const pid = clamd.pid()!;
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    stream.destroy();
    await scan;
    // Killed mid-scan, clamd left the plaintext behind; its next start removes it.
    expect(fs.readdirSync(clamd.temporaryDir, { recursive: true }).length).toBeGreaterThan(0);
    await clamd.start();
    expect(fs.readdirSync(clamd.temporaryDir)).toEqual([]);
    expect(fs.statSync(clamd.temporaryDir).mode & 0o777).toBe(0o700);
  }, 60_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
