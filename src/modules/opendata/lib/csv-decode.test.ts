import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvDecodeError, decodeCsv, encodeCsv, firstInvalidUtf8 } from './csv-decode.js';

const sample = '名称,住所\r\n清水寺,京都府京都市東山区清水1-294\r\nｷﾖﾐｽﾞ,①髙橋\r\n';

function decodeError(run: () => unknown): CsvDecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof CsvDecodeError) return error;
    throw error;
  }
  throw new Error('expected a CsvDecodeError');
}

describe('decodeCsv', () => {
  it('detects UTF-8, UTF-8 with BOM and cp932 (with Microsoft extensions such as ① and 髙)', () => {
    expect(decodeCsv(Buffer.from(sample))).toEqual({ text: sample, encoding: 'utf8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)]))).toEqual({
      text: sample,
      encoding: 'utf8-bom',
    });
    expect(decodeCsv(iconv.encode(sample, 'cp932'))).toEqual({ text: sample, encoding: 'cp932' });
  });

  it('reads pure ASCII as UTF-8 in any mode', () => {
    expect(decodeCsv(Buffer.from('a,b\r\n1,2\r\n')).encoding).toBe('utf8');
    expect(decodeCsv(Buffer.from('a,b\r\n1,2\r\n'), 'sjis')).toEqual({
      text: 'a,b\r\n1,2\r\n',
      encoding: 'cp932',
    });
  });

  it('honours an explicit choice, and says when it is wrong', () => {
    expect(decodeCsv(iconv.encode(sample, 'cp932'), 'sjis').text).toBe(sample);
    const wrongUtf8 = decodeError(() => decodeCsv(iconv.encode(sample, 'cp932'), 'utf8'));
    expect(wrongUtf8.code).toBe('csv_invalid_utf8');
    expect(wrongUtf8.line).toBe(1);
    expect(wrongUtf8.status).toBe(400);
    expect(decodeError(() => decodeCsv(Buffer.from(sample), 'sjis')).code).toBe('csv_encoding_mismatch');
  });

  it('gives the line of the first undecodable byte', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\r\n1,2\r\n3,'), Buffer.from([0xff]), Buffer.from('\r\n')]);
    expect(decodeError(() => decodeCsv(bytes, 'utf8')).line).toBe(3);
    const sjis = Buffer.concat([iconv.encode('名称\r\n清水\r\n', 'cp932'), Buffer.from([0x85, 0x40])]);
    const err = decodeError(() => decodeCsv(sjis, 'sjis'));
    expect(err.code).toBe('csv_invalid_sjis');
    expect(err.line).toBe(3);
  });

  it('refuses rather than guesses when neither encoding fits', () => {
    const eucjp = iconv.encode(sample, 'eucjp');
    expect(decodeError(() => decodeCsv(eucjp)).code).toBe('csv_encoding_unknown');
    // Bytes that happen to be valid cp932 but read as a run of half-width katakana: mojibake.
    const kanaSoup = iconv.encode('名称,説明\r\n展望台,眺望良好\r\n', 'eucjp');
    expect(decodeError(() => decodeCsv(kanaSoup)).code).toBe('csv_encoding_unknown');
  });

  it('refuses binary, spreadsheet and UTF-16 files with specific errors', () => {
    expect(decodeError(() => decodeCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).code).toBe(
      'csv_spreadsheet',
    );
    expect(decodeError(() => decodeCsv(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).code).toBe(
      'csv_spreadsheet',
    );
    expect(decodeError(() => decodeCsv(Buffer.from('\uFEFF名称', 'utf16le'))).code).toBe('csv_utf16');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const err = decodeError(() => decodeCsv(png));
    expect(err.code).toBe('csv_binary');
    expect(err.line).toBe(3); // the PNG signature holds two LF bytes before the first NUL
    expect(err.text.ja).toContain('バイナリ');
  });

  it('checks UTF-8 strictly: overlong forms, surrogates and truncation are invalid', () => {
    expect(firstInvalidUtf8(Buffer.from('あいう'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xe3, 0x81]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xf0, 0x9f, 0x98, 0x80]))).toBe(-1);
  });
});

describe('encodeCsv', () => {
  it('writes UTF-8 with or without BOM', () => {
    expect(encodeCsv('a', 'utf8').bytes).toEqual(Buffer.from('a'));
    expect(encodeCsv('a', 'utf8-bom').bytes).toEqual(Buffer.from([0xef, 0xbb, 0xbf, 0x61]));
  });

  it('writes cp932 and reports characters it cannot hold, with their lines', () => {
    const { bytes, unmappable } = encodeCsv(sample, 'cp932');
    expect(unmappable).toEqual([]);
    expect(iconv.decode(bytes, 'cp932')).toBe(sample);

    const text = '名称,説明\r\n吉野家,𠮷野家の本店\r\n札幌〜函館,"한국어\r\n다음 줄 − 끝"\r\n';
    const result = encodeCsv(text, 'cp932');
    expect(result.unmappable.map((u) => [u.line, u.char, u.codePoint])).toEqual([
      [2, '𠮷', 'U+20BB7'],
      [3, '〜', 'U+301C'],
      [3, '한', 'U+D55C'],
      [3, '국', 'U+AD6D'],
      [3, '어', 'U+C5B4'],
      [4, '다', 'U+B2E4'],
      [4, '음', 'U+C74C'],
      [4, '줄', 'U+C904'],
      [4, '−', 'U+2212'],
      [4, '끝', 'U+B05D'],
    ]);
    // The bytes are still produced; the caller decides whether to offer them.
    expect(result.bytes.length).toBeGreaterThan(0);
  });
});
