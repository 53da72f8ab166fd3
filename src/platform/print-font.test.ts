import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import PDFDocument from 'pdfkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRINT_FONT_KEEP_MS, pdfFont, printFont } from './print-font.js';

// The Japanese print font the product defaults to (fonts-noto-cjk, installed by scripts/test).
const NOTO = {
  file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  name: 'NotoSansCJKjp-Regular',
};

/** A small document in `font`, with fixed dates so equal input gives equal bytes. */
async function document(font: Awaited<ReturnType<typeof printFont>>, text: string): Promise<Buffer> {
  const fixed = new Date('2026-01-01T00:00:00Z');
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: fixed, ModDate: fixed } });
  const done = buffer(doc);
  doc.font(pdfFont(font)).fontSize(14).text(text);
  doc.end();
  return done;
}

describe('printFont', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('parses the font once for the documents printed together, and again for another face', async () => {
    const first = await printFont(NOTO);
    expect(await printFont({ ...NOTO })).toBe(first);
    const bold = await printFont({ ...NOTO, name: 'NotoSansCJKkr-Regular' });
    expect(bold).not.toBe(first);
    expect(bold.postscriptName).toBe('NotoSansCJKkr-Regular');
    expect(first.postscriptName).toBe('NotoSansCJKjp-Regular');
  });

  it('prints the same bytes with a kept font as with one just opened, whatever was printed before', async () => {
    const text = '削除証明書 Certificate of Data Deletion 秋の寺めぐり';
    // Another face in between: the next call opens the Japanese face afresh.
    await printFont({ ...NOTO, name: 'NotoSansCJKkr-Regular' });
    const fresh = await document(await printFont(NOTO), text);
    // The kept font has since laid out other glyphs for another document.
    await document(
      await printFont(NOTO),
      'スマートフォンのカメラでこの QR コードを読み取り、「スタンプを押す」',
    );
    const kept = await document(await printFont(NOTO), text);
    expect(kept.equals(fresh)).toBe(true);
    expect(kept.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lets the font go a minute after the last document', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const first = await printFont(NOTO);
    vi.advanceTimersByTime(PRINT_FONT_KEEP_MS - 1_000);
    // Asked for again within the minute: kept, and the minute starts again.
    expect(await printFont(NOTO)).toBe(first);
    vi.advanceTimersByTime(PRINT_FONT_KEEP_MS - 1_000);
    expect(await printFont(NOTO)).toBe(first);
    vi.advanceTimersByTime(PRINT_FONT_KEEP_MS + 1);
    expect(await printFont(NOTO)).not.toBe(first);
  });

  it('refuses a collection without a face name, naming its faces, and a missing file; neither is kept', async () => {
    await expect(printFont({ file: NOTO.file, name: undefined })).rejects.toThrow(
      /font collection: CERTIFICATE_FONT_NAME must name one of its faces \(.*NotoSansCJKjp-Regular/,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-font-'));
    const missing = { file: path.join(dir, 'later.ttc'), name: NOTO.name };
    try {
      await expect(printFont(missing)).rejects.toMatchObject({ code: 'ENOENT' });
      // The file arrives (an operator installs it): the next document opens it.
      fs.copyFileSync(NOTO.file, missing.file);
      expect((await printFont(missing)).postscriptName).toBe(NOTO.name);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
