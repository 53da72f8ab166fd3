import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_TYPES } from '../src/modules/media/index.js';
import type { Mailer } from '../src/platform/mail/mailer.js';
import { ClamdClient } from '../src/platform/scan/clamd.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import {
  type Client,
  cookieHeader,
  postFile,
  type SeededAccount,
  seedUser,
  signedIn,
  signedInOperator,
} from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';
import { BROCHURE_PDF, largePdf } from './helpers/media-files.js';
import { type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';
import { EICAR, zipOf } from './helpers/zip.js';

// Everything the upload pipeline must refuse, each with nothing stored: no media row and no new
// blob (an infected file's only trace is its encrypted quarantine copy, named by its row).

const ORG = 'refusals';
const TESTFILES = '/usr/share/clamav-testfiles';
const JPEG_HEAD = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
const MB = 1024 * 1024;

let clamd: TestClamd;
let smtp: SmtpCatcher;
let scanner: ClamdClient;
let t: TestApp;
let editor: Client;
let uploader: SeededAccount;
let admin: SeededAccount;

beforeAll(async () => {
  clamd = await startClamd();
  smtp = await startSmtpCatcher();
  scanner = new ClamdClient(clamd.url);
  t = await startTestApp({
    env: { CLAMD_URL: clamd.url, SMTP_URL: smtp.url, SCHEDULER_INTERVAL_MS: '0' },
  });
  await createOrganisation(t.database.db, ORG, '拒否町');
  admin = await seedUser(t, ORG, { role: 'admin', totp: true });
  uploader = await seedUser(t, ORG, { totp: false, rights: { media: 'edit' } });
  editor = await signedIn(t, ORG, uploader);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await clamd?.dispose();
});

/** 42.zip-like: archives nested deeper than clamd unpacks, so it cannot be fully scanned. */
function nestedZipBomb(depth = 14): Buffer {
  let inner = zipOf('payload.txt', Buffer.alloc(4 * MB), true);
  for (let level = 0; level < depth; level++) inner = zipOf(`level${level}.zip`, inner, true);
  return inner;
}

async function upload(name: string, bytes: Buffer | string, type = 'application/octet-stream') {
  const res = await postFile(editor, name, bytes, type);
  return { status: res.status, body: (await res.json()) as { error?: Record<string, unknown> } };
}

/** A multipart body built byte for byte (for names fetch's FormData would rewrite). */
async function uploadRaw(
  disposition: Buffer,
  bytes: Buffer,
  partType: string | null = 'application/octet-stream',
) {
  const boundary = 'mitteRefusalBoundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; `),
    disposition,
    Buffer.from(partType === null ? '\r\n\r\n' : `\r\nContent-Type: ${partType}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${t.url}/api/v1/media`, {
    method: 'POST',
    headers: {
      cookie: cookieHeader(editor),
      'x-csrf-token': editor.cookies.get('mitte_csrf')!,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: Record<string, unknown> } };
}

function blobFiles(): string[] {
  const root = path.join(t.dataDir, 'blobs', ORG);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(path.join(t.dataDir, 'blobs'), path.join(d.parentPath, d.name)))
    .sort();
}

async function count(sql: string): Promise<number> {
  const { rows } = await t.database.superuser.query(sql);
  return rows[0].n;
}

interface Snapshot {
  media: number;
  quarantine: number;
  files: string[];
}

async function snapshot(): Promise<Snapshot> {
  return {
    media: await count('SELECT count(*)::int AS n FROM tenant.media'),
    quarantine: await count('SELECT count(*)::int AS n FROM provider.quarantine'),
    files: blobFiles(),
  };
}

/** No media row and no new blob; an infected file may add only its quarantine row and copy. */
async function expectNothingStored(before: Snapshot, infected = false): Promise<void> {
  const after = await snapshot();
  expect(after.media).toBe(before.media);
  const added = after.files.filter((file) => !before.files.includes(file));
  if (!infected) {
    expect(added).toEqual([]);
    expect(after.quarantine).toBe(before.quarantine);
    return;
  }
  expect(after.quarantine).toBe(before.quarantine + 1);
  const { rows } = await t.database.superuser.query(
    'SELECT blob_key FROM provider.quarantine ORDER BY created_at DESC LIMIT 1',
  );
  expect(added).toEqual(rows[0].blob_key ? [rows[0].blob_key] : []);
}

const errorOf = (res: { body: { error?: Record<string, unknown> } }) =>
  res.body.error as { code: string; field?: string; message: { ja: string; en: string } };

describe("every file of Debian's clamav-testfiles is refused, nothing stored", () => {
  const names = fs.readdirSync(TESTFILES).sort();

  it('has the 44 files', () => {
    expect(names).toHaveLength(44);
  });

  it.each(names)('%s', async (name) => {
    const bytes = fs.readFileSync(path.join(TESTFILES, name));
    const detected = await fileTypeFromBuffer(bytes.subarray(0, 4100));
    const allowed = detected && ALLOWED_TYPES[detected.mime];
    const before = await snapshot();
    const res = await upload(name, bytes);
    if (allowed && allowed.extensions.includes(path.extname(name).slice(1))) {
      // An allowed type under its own extension reaches the scanner through the pipeline.
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(errorOf(res).code).toBe('infected');
      await expectNothingStored(before, true);
    } else {
      // Refused by its type first; the scanner flags it all the same.
      expect(res.status, JSON.stringify(res.body)).toBe(415);
      await expectNothingStored(before);
      const verdict = await scanner.scan(Readable.from([bytes]));
      expect(verdict.infected, `clamd on ${name}`).toBe(true);
    }
  });
});

describe('viruses, archives and bombs', () => {
  it('EICAR as a PDF: 422 naming the signature, quarantined, and the admins are mailed (ja, then en)', async () => {
    smtp.clear();
    const before = await snapshot();
    const res = await upload('観光パンフレット.pdf', `%PDF-1.4\n${EICAR}\n%%EOF\n`, 'application/pdf');
    expect(res.status).toBe(422);
    expect(errorOf(res)).toMatchObject({ code: 'infected', field: 'file' });
    expect(errorOf(res).message.en).toContain('EICAR');
    await expectNothingStored(before, true);

    const mail = await smtp.waitFor((m) => m.to.includes(admin.email));
    expect(mail.to).toEqual([admin.email]);
    expect(mail.subject).toContain('ウイルスを検出したファイルを隔離しました');
    expect(mail.headers.get('x-mitte-service-code')).toBe(ORG);
    const [ja, en] = mail.text.split('---- English ----');
    for (const part of [ja!, en!]) {
      expect(part).toContain('観光パンフレット.pdf');
      expect(part).toContain('Mitte.Test.EICAR');
      expect(part).toContain(uploader.email);
      expect(part).toContain('(JST)');
    }
    expect(ja).toContain('端末のウイルス検査');
    expect(en).toContain('scanned for viruses');
    // Only the admin is told, not the uploader (who sees the 422).
    expect(smtp.messages.filter((m) => m.to.includes(uploader.email))).toEqual([]);
  });

  it('EICAR inside a zip renamed .jpg: refused by type (and flagged by the scanner)', async () => {
    const archive = zipOf('eicar.com', Buffer.from(EICAR));
    const before = await snapshot();
    const res = await upload('photo.jpg', archive, 'image/jpeg');
    expect(res.status).toBe(415);
    expect(errorOf(res).code).toBe('unsupported_file_type');
    await expectNothingStored(before);
    expect(await scanner.scan(Readable.from([archive]))).toMatchObject({ infected: true });
  });

  it('EICAR in a zip behind a JPEG header: the type check passes, the scan refuses it (422)', async () => {
    const before = await snapshot();
    const res = await upload(
      'photo.jpg',
      Buffer.concat([JPEG_HEAD, zipOf('eicar.com', Buffer.from(EICAR), true)]),
      'image/jpeg',
    );
    expect(res.status).toBe(422);
    expect(errorOf(res).message.en).toContain('EICAR');
    await expectNothingStored(before, true);
  });

  it('a nested zip bomb, as a zip and behind a JPEG header: refused', async () => {
    const bomb = nestedZipBomb();
    const asZip = await snapshot();
    const res = await upload('bomb.zip', bomb);
    expect(res.status).toBe(415);
    await expectNothingStored(asZip);

    const before = await snapshot();
    const disguised = await upload('bomb.jpg', Buffer.concat([JPEG_HEAD, bomb]), 'image/jpeg');
    expect(disguised.status).toBe(422);
    expect(errorOf(disguised).message.en).toContain('Heuristics.Limits.Exceeded');
    await expectNothingStored(before, true);
  });
});

describe('type checks', () => {
  it.each([
    ['HTML renamed .png', 'page.png', '<!doctype html><html><script>alert(1)</script></html>', 'image/png'],
    [
      'SVG with a script',
      'logo.svg',
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
      'image/svg+xml',
    ],
  ])('%s → 415', async (_label, name, text, type) => {
    const before = await snapshot();
    const res = await upload(name, text, type);
    expect(res.status).toBe(415);
    expect(errorOf(res)).toMatchObject({ code: 'unsupported_file_type', field: 'file' });
    await expectNothingStored(before);
  });

  it('a declared type that disagrees with the content → 415, naming both', async () => {
    const before = await snapshot();
    const res = await upload('guide.pdf', '%PDF-1.4\nclean\n%%EOF\n', 'image/png');
    expect(res.status).toBe(415);
    expect(errorOf(res).code).toBe('declared_type_mismatch');
    expect(errorOf(res).message.en).toContain('image/png');
    expect(errorOf(res).message.ja).toContain('application/pdf');
    await expectNothingStored(before);
  });
});

describe('file names', () => {
  it.each([
    ['a parent-directory path', Buffer.from('filename="../x.jpg"')],
    ['a nested path', Buffer.from('filename="../../etc/passwd.pdf"')],
    ['a Windows path', Buffer.from('filename="..\\\\x.pdf"')],
  ])('%s → 400', async (_label, disposition) => {
    const before = await snapshot();
    const res = await uploadRaw(disposition, BROCHURE_PDF);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'bad_file_name', field: 'file' });
    expect(errorOf(res).message.en).toContain('path');
    await expectNothingStored(before);
  });

  it.each([
    [
      'a NUL byte',
      Buffer.concat([Buffer.from('filename="x'), Buffer.from([0]), Buffer.from('.pdf"')]),
      'x.pdf',
    ],
    ['an encoded NUL', Buffer.from("filename*=UTF-8''x%00.pdf"), 'x.pdf'],
    ['a control character', Buffer.from("filename*=UTF-8''bad%07name.pdf"), 'badname.pdf'],
    ['an escape sequence', Buffer.from("filename*=UTF-8''%1B%5B31mred.pdf"), '[31mred.pdf'],
    ['a bidi override', Buffer.from("filename*=UTF-8''photo%E2%80%AEfdp.pdf"), 'photofdp.pdf'],
    ['zero-width characters', Buffer.from("filename*=UTF-8''gu%E2%80%8Bi%E2%80%8Dde.pdf"), 'guide.pdf'],
    ['a Windows device name', Buffer.from('filename="CON.pdf"'), '_CON.pdf'],
    [
      'a 300-character name',
      Buffer.from(`filename="${'観'.repeat(300)}.pdf"`),
      `${'観'.repeat(Math.floor((255 - 4) / 3))}.pdf`,
    ],
  ])('%s: stored under a cleaned display name', async (_label, disposition, stored) => {
    const res = await uploadRaw(disposition, BROCHURE_PDF);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((res.body as { originalName?: string }).originalName).toBe(stored);
  });

  it('a line break in the name: 400 that says so, not a silent "no file"', async () => {
    const before = await snapshot();
    const res = await uploadRaw(Buffer.from("filename*=UTF-8''a%0D%0Ab.pdf"), BROCHURE_PDF);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(errorOf(res).field).toBe('file');
    expect(errorOf(res).message.en).toContain('line breaks');
    await expectNothingStored(before);
  });

  it('a part without a Content-Type is judged by its content, not refused as text/plain', async () => {
    const res = await uploadRaw(Buffer.from('filename="no-type.pdf"'), BROCHURE_PDF, null);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((res.body as { mime?: string }).mime).toBe('application/pdf');
  });
});

/**
 * Streams `declared` bytes of PDF at the server and keeps sending after the answer, like a
 * client that does not listen: resolves with the answer and how much was sent when the server
 * cut the connection.
 */
function stubbornUpload(declared: number): Promise<{ status: number | null; body: string; sent: number }> {
  const boundary = 'mitteStubbornBoundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`,
  );
  const request = http.request(`${t.url}/api/v1/media`, {
    method: 'POST',
    headers: {
      cookie: cookieHeader(editor),
      'x-csrf-token': editor.cookies.get('mitte_csrf')!,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + declared),
    },
  });
  let status: number | null = null;
  let body = '';
  let sent = 0;
  request.on('response', (res) => {
    status = res.statusCode ?? null;
    res.on('data', (chunk) => {
      body += chunk;
    });
    res.on('error', () => {});
  });
  return new Promise((resolve) => {
    const done = () => resolve({ status, body, sent });
    request.on('error', done);
    request.on('close', done);
    const source = new PassThrough();
    source.pipe(request);
    source.write(head);
    const chunk = Buffer.alloc(MB, 0x41);
    const pump = () => {
      while (sent < declared && !request.destroyed) {
        sent += chunk.length;
        if (!source.write(chunk)) return void source.once('drain', pump);
      }
    };
    pump();
  });
}

describe('limits', () => {
  it('a PDF over its limit → 413; the server cuts the stream instead of reading it all', async () => {
    const before = await snapshot();
    const limit = ALLOWED_TYPES['application/pdf']!.maxBytes;
    const declared = 400 * MB;
    const result = await stubbornUpload(declared);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).error.code).toBe('file_too_large');
    // Cut near the limit, far from the 400 MB the client meant to send.
    expect(result.sent).toBeGreaterThan(limit);
    expect(result.sent).toBeLessThan(declared / 2);
    await expectNothingStored(before);
    // The app goes on serving.
    expect((await editor.get('/api/v1/media')).status).toBe(200);
  }, 60_000);

  it('over the storage quota → 413 with the figures, nothing stored', async () => {
    await t.database.superuser.query(
      `UPDATE provider.organisations SET storage_quota_bytes = ${MB} WHERE service_code = '${ORG}'`,
    );
    try {
      const before = await snapshot();
      const res = await upload('big.pdf', largePdf(2 * MB), 'application/pdf');
      expect(res.status).toBe(413);
      expect(errorOf(res).code).toBe('quota_exceeded');
      expect(errorOf(res).message.ja).toContain('このファイル 2.0 MB > 上限 1.0 MB');
      expect(errorOf(res).message.en).toContain('2.0 MB > 1.0 MB');
      await expectNothingStored(before);
    } finally {
      await t.database.superuser.query(
        `UPDATE provider.organisations SET storage_quota_bytes = DEFAULT WHERE service_code = '${ORG}'`,
      );
    }
  });
});

describe('the infected-upload notice cannot fail the refusal', () => {
  it('a mail relay that is down: still 422, the failure logged', async () => {
    const lines: string[] = [];
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
    const failing: Mailer = {
      transport: 'smtp',
      send: async () => {
        throw new Error('relay down');
      },
      check: async () => ({ ok: false, transport: 'smtp', error: 'relay down' }),
      close: async () => {},
    };
    const other = await startTestApp({
      env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0', LOG_LEVEL: 'info' },
      deps: { mailer: failing, logStream },
    });
    try {
      await createOrganisation(other.database.db, ORG);
      await seedUser(other, ORG, { role: 'admin', totp: true });
      const client = await signedIn(
        other,
        ORG,
        await seedUser(other, ORG, { totp: false, rights: { media: 'edit' } }),
      );
      const res = await postFile(client, 'x.pdf', `%PDF-1.4\n${EICAR}\n`);
      expect(res.status).toBe(422);
      expect(lines.some((line) => line.includes('infected-upload notice could not be sent'))).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('the quarantine, for operators only', () => {
  it('an operator lists infected uploads (audited); organisation accounts cannot; nothing downloads', async () => {
    const operator = await signedInOperator(t, 'q-ops@mitte-c.example.jp');

    const list = await operator.get(`/api/v1/ops/quarantine?org=${ORG}`);
    expect(list.status).toBe(200);
    expect(list.headers.get('cache-control')).toBe('no-store');
    const items = (list.body as { items: Record<string, unknown>[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.org === ORG)).toBe(true);
    expect(items).toContainEqual({
      id: expect.any(String),
      org: ORG,
      orgNameJa: '拒否町',
      orgNameEn: `${ORG} town`,
      originalName: '観光パンフレット.pdf',
      sizeBytes: expect.any(Number),
      signature: expect.stringContaining('EICAR'),
      uploaderId: uploader.id,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(((await operator.get('/api/v1/ops/quarantine')).body as { items: unknown[] }).items.length).toBe(
      items.length,
    );
    expect((await operator.get('/api/v1/ops/quarantine?org=../x')).status).toBe(400);

    const viewed = await t.database.superuser.query(
      "SELECT actor_type, details FROM audit.events WHERE chain = '#provider' AND action = 'quarantine.viewed' ORDER BY seq",
    );
    expect(viewed.rows[0]).toMatchObject({
      actor_type: 'operator',
      details: { org: ORG, count: items.length },
    });

    expect((await editor.get('/api/v1/ops/quarantine')).status).toBe(403);
    const id = items[0]!.id as string;
    for (const url of [`/api/v1/ops/quarantine/${id}`, `/api/v1/ops/quarantine/${id}/content`])
      expect((await operator.get(url)).status).toBe(404);
  });
});
