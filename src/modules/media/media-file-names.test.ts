import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { MAX_NAME_BYTES, safeOriginalName } from './media-file-names.js';

function refusal(name: string): string | undefined {
  try {
    safeOriginalName(name);
    return undefined;
  } catch (error) {
    return error instanceof AppError ? `${error.status} ${error.code} ${error.text.en}` : String(error);
  }
}

describe('safeOriginalName', () => {
  it.each([
    ['bidi override', 'photo\u202Egnp.jpg', 'photognp.jpg'],
    ['bidi isolates and marks', '\u2067写真\u2069\u200F.png', '写真.png'],
    ['zero-width characters and BOM', 'pa\u200Bs\u200Cs\u200Dport\uFEFF.pdf', 'passport.pdf'],
    ['C0 and C1 controls', 'bad\u0007na\u001Bme\u009B.pdf', 'badname.pdf'],
    ['NUL', 'x\u0000.pdf', 'x.pdf'],
    ['line breaks and tabs as one space', 'a\r\nb\tc.pdf', 'a b c.pdf'],
    ['decomposed kana composed (NFC)', 'カ\u3099イド.pdf', 'ガイド.pdf'],
    ['full-width letters kept (not NFKC)', 'ＡＢＣ.pdf', 'ＡＢＣ.pdf'],
    ['Windows device name', 'CON.jpg', '_CON.jpg'],
    ['Windows device name in any case, before any dot', 'lpt1.tar.pdf', '_lpt1.tar.pdf'],
    ['trailing dots and spaces', 'guide.pdf. . ', 'guide.pdf'],
    ['two dots inside a name', 'a..b.pdf', 'a..b.pdf'],
  ])('%s', (_label, input, expected) => {
    expect(safeOriginalName(input)).toBe(expected);
  });

  it('caps a long name at 255 UTF-8 bytes and keeps its extension', () => {
    const ascii = safeOriginalName(`${'a'.repeat(300)}.jpg`);
    expect(ascii).toBe(`${'a'.repeat(MAX_NAME_BYTES - 4)}.jpg`);
    const japanese = safeOriginalName(`${'観'.repeat(300)}.pdf`);
    expect(japanese.endsWith('.pdf')).toBe(true);
    expect(Buffer.byteLength(japanese)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(Buffer.byteLength(japanese)).toBeGreaterThan(MAX_NAME_BYTES - 3);
    // A surrogate pair is never cut in half.
    const emoji = safeOriginalName(`${'🗾'.repeat(100)}.png`);
    expect(emoji).toBe(`${'🗾'.repeat(62)}.png`);
  });

  it.each([
    ['a path', '../x.jpg', 'path'],
    ['a Windows path', 'C:\\x.jpg', 'path'],
    ['no extension', 'photo', 'no extension'],
    ['only an extension', '.pdf', 'no extension'],
    ['only invisible characters before the extension', '\u202E.pdf', 'no extension'],
  ])('refuses %s (400, field file)', (_label, input, words) => {
    expect(refusal(input)).toMatch(new RegExp(`^400 bad_file_name .*${words}`));
  });
});
