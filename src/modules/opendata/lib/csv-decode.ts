import iconv from 'iconv-lite';
import { AppError, type Bilingual } from '../../../platform/errors.js';
import type { CsvEncoding, CsvEncodingChoice } from './opendata-types.js';

/** A file that cannot be read as CSV text; `line` is where the trouble starts (1-based). */
export class CsvDecodeError extends AppError {
  constructor(
    code: string,
    text: Bilingual,
    readonly line: number,
  ) {
    super(400, code, text, { field: 'file' });
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Offset of the first byte that breaks UTF-8 (overlongs and surrogates included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function startsWith(bytes: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Refuse what is plainly not a text file, with a message that says what it is instead. */
function refuseNonText(bytes: Buffer): void {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new CsvDecodeError(
      'csv_spreadsheet',
      {
        ja: 'Excel などの表計算ファイルです。「CSV（コンマ区切り）」形式で保存し直してください。',
        en: 'This is a spreadsheet file (e.g. Excel). Save it as "CSV (comma delimited)" and try again.',
      },
      1,
    );
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new CsvDecodeError(
      'csv_utf16',
      {
        ja: 'UTF-16（Unicode テキスト）のファイルには対応していません。UTF-8 または Shift_JIS の CSV で保存してください。',
        en: 'UTF-16 ("Unicode text") files are not supported. Save the CSV as UTF-8 or Shift_JIS.',
      },
      1,
    );
  }
  const nul = bytes.indexOf(0);
  let controls = 0;
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x1a) controls++;
  if (nul >= 0 || controls > Math.max(2, bytes.length / 100)) {
    throw new CsvDecodeError(
      'csv_binary',
      {
        ja: 'テキストではないデータ（バイナリ）が含まれています。CSV ファイルを選んでください。',
        en: 'The file contains binary data, not text. Please choose a CSV file.',
      },
      nul >= 0 ? lineAt(bytes, nul) : 1,
    );
  }
}

const invalidUtf8 = (line: number) =>
  new CsvDecodeError(
    'csv_invalid_utf8',
    {
      ja: `${line} 行目に UTF-8 として読めない文字があります。Shift_JIS のファイルなら文字コードに Shift_JIS を選んでください。`,
      en: `Line ${line} contains bytes that are not valid UTF-8. If the file is Shift_JIS, choose Shift_JIS as the encoding.`,
    },
    line,
  );

/** Decode as cp932 or say where it fails: undefined or unassigned byte sequences and C1 controls. */
function decodeCp932Strict(bytes: Buffer): { text: string } | { badLine: number } {
  const text = iconv.decode(bytes, 'cp932');
  const bad = text.search(/[\uFFFD\u0080-\u009F]/);
  if (bad < 0) return { text };
  const line = text.slice(0, bad).split('\n').length;
  return { badLine: line };
}

/** EUC-JP and other legacy files often "decode" as cp932 into runs of half-width katakana. */
function looksMisdecoded(text: string): boolean {
  let nonAscii = 0;
  let halfKana = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    nonAscii++;
    if (c >= 0xff61 && c <= 0xff9f) halfKana++;
  }
  return halfKana >= 4 && halfKana * 2 >= nonAscii;
}

/**
 * Bytes of an uploaded CSV as text. `auto` decides by BOM, then by strict UTF-8 validity, then by
 * strict cp932 (Shift_JIS with the Microsoft extensions Excel writes). When neither fits, or the
 * cp932 reading looks like mojibake, it refuses rather than guess; the user can then choose.
 * A UTF-8 BOM always wins: no Shift_JIS text starts with those bytes.
 */
export function decodeCsv(
  bytes: Buffer,
  encoding: CsvEncodingChoice = 'auto',
): { text: string; encoding: CsvEncoding } {
  if (startsWith(bytes, [...UTF8_BOM])) {
    const body = bytes.subarray(3);
    const bad = firstInvalidUtf8(body);
    if (bad >= 0) throw invalidUtf8(lineAt(body, bad));
    return { text: body.toString('utf8'), encoding: 'utf8-bom' };
  }
  refuseNonText(bytes);
  const badUtf8 = firstInvalidUtf8(bytes);

  if (encoding === 'utf8') {
    if (badUtf8 >= 0) throw invalidUtf8(lineAt(bytes, badUtf8));
    return { text: bytes.toString('utf8'), encoding: 'utf8' };
  }

  if (encoding === 'sjis') {
    // Japanese text that is valid UTF-8 is almost never meant as cp932: say so instead of showing mojibake.
    if (badUtf8 < 0 && bytes.some((b) => b >= 0x80)) {
      throw new CsvDecodeError(
        'csv_encoding_mismatch',
        {
          ja: 'このファイルは Shift_JIS ではなく UTF-8 のようです。文字コードに UTF-8（または自動判定）を選んでください。',
          en: 'This file looks like UTF-8, not Shift_JIS. Choose UTF-8 (or automatic detection) as the encoding.',
        },
        1,
      );
    }
    const decoded = decodeCp932Strict(bytes);
    if ('badLine' in decoded) throw invalidCp932(decoded.badLine);
    return { text: decoded.text, encoding: 'cp932' };
  }

  if (badUtf8 < 0) return { text: bytes.toString('utf8'), encoding: 'utf8' };
  const decoded = decodeCp932Strict(bytes);
  if ('badLine' in decoded || looksMisdecoded(decoded.text)) {
    throw new CsvDecodeError(
      'csv_encoding_unknown',
      {
        ja: '文字コードを判定できません。UTF-8 または Shift_JIS で保存したファイルを使うか、文字コードを指定してください。',
        en: 'The encoding could not be detected. Use a file saved as UTF-8 or Shift_JIS, or choose the encoding.',
      },
      lineAt(bytes, badUtf8),
    );
  }
  return { text: decoded.text, encoding: 'cp932' };
}

const invalidCp932 = (line: number) =>
  new CsvDecodeError(
    'csv_invalid_sjis',
    {
      ja: `${line} 行目に Shift_JIS として読めない文字があります。UTF-8 のファイルなら文字コードに UTF-8 を選んでください。`,
      en: `Line ${line} contains bytes that are not valid Shift_JIS. If the file is UTF-8, choose UTF-8 as the encoding.`,
    },
    line,
  );

/** A character the chosen export encoding cannot hold, where it occurs. */
export interface UnmappableChar {
  line: number;
  char: string;
  /** e.g. 'U+301C' */
  codePoint: string;
}

const cp932Cache = new Map<string, boolean>();

/** True when the character survives cp932 unchanged (〜 U+301C, for one, would come back as ～). */
function fitsCp932(ch: string): boolean {
  let ok = cp932Cache.get(ch);
  if (ok === undefined) {
    ok = iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') === ch;
    cp932Cache.set(ch, ok);
  }
  return ok;
}

/**
 * CSV text as bytes for download. For cp932, characters it cannot represent are listed with their
 * line instead of being silently replaced; the bytes then carry '?' in their place, and the caller
 * decides whether to refuse, warn, or offer UTF-8.
 */
export function encodeCsv(
  text: string,
  encoding: CsvEncoding,
): { bytes: Buffer; unmappable: UnmappableChar[] } {
  if (encoding === 'utf8') return { bytes: Buffer.from(text, 'utf8'), unmappable: [] };
  if (encoding === 'utf8-bom')
    return { bytes: Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')]), unmappable: [] };
  const unmappable: UnmappableChar[] = [];
  let line = 1;
  for (const ch of text) {
    if (ch === '\n') line++;
    else if (ch.codePointAt(0)! >= 0x80 && !fitsCp932(ch)) {
      unmappable.push({
        line,
        char: ch,
        codePoint: `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
      });
    }
  }
  return { bytes: iconv.encode(text, 'cp932'), unmappable };
}
