import { fileRefused } from './file-refusal.js';

/** The longest display name kept, in UTF-8 bytes (what most file systems allow for one name). */
export const MAX_NAME_BYTES = 255;
const MAX_EXTENSION_LENGTH = 16;

// Invisible characters that change how a name reads without being part of it: bidi embeddings,
// overrides, isolates and marks (`photo\u202Egnp.jpg` shows as "photojpg.png"), zero-width
// spaces and joiners, the BOM, soft hyphen and every C0/C1 control. Tabs and line breaks (a
// pasted name) become one space rather than joining two words.
const INVISIBLE_RANGES: [number, number][] = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0xad, 0xad],
  [0x61c, 0x61c],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0xfeff, 0xfeff],
];
const LINE_SPACES = new Set([0x09, 0x0a, 0x0d, 0x85, 0x2028, 0x2029]);

function withoutInvisible(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (LINE_SPACES.has(code)) out += ' ';
    else if (!INVISIBLE_RANGES.some(([from, to]) => code >= from && code <= to)) out += char;
  }
  return out;
}
// Names Windows refuses to create, whatever follows the first dot (CON.jpg, lpt1.tar.gz).
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

function truncateToBytes(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  // By code point, so a surrogate pair or a multi-byte character is never cut in half.
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out;
}

/**
 * The display name of an upload: NFC, without invisible or control characters, never a Windows
 * device name, at most 255 UTF-8 bytes with its extension kept. It is shown and offered as a
 * download name, never used as a storage path; a name with a path in it is refused (400) rather
 * than silently shortened, because it means the client sent something other than a file name.
 */
export function safeOriginalName(name: string): string {
  const cleaned = withoutInvisible(name.normalize('NFC')).replace(/\s+/g, ' ');
  if (/[\\/]/.test(cleaned) || cleaned === '.' || cleaned === '..') {
    throw fileRefused(
      400,
      'bad_file_name',
      'ファイル名にパス記号（/ や \\）が含まれています。ファイル名だけを送ってください。',
      'The file name contains a path (/ or \\). Send the file name only.',
    );
  }
  // Windows drops trailing dots and spaces; leading spaces are never meant.
  const trimmed = cleaned.trim().replace(/[. ]+$/, '');
  const dot = trimmed.lastIndexOf('.');
  const extension = dot > 0 ? trimmed.slice(dot + 1) : '';
  if (!extension || extension.length > MAX_EXTENSION_LENGTH || /\s/.test(extension)) {
    throw fileRefused(
      400,
      'bad_file_name',
      'ファイル名に拡張子（.jpg、.pdf など）がありません。',
      'The file name has no extension (such as .jpg or .pdf).',
    );
  }
  let base = trimmed.slice(0, dot).trim();
  if (WINDOWS_RESERVED.test(base.split('.')[0]!.trim())) base = `_${base}`;
  base = truncateToBytes(base, MAX_NAME_BYTES - Buffer.byteLength(extension) - 1).trim();
  return `${base}.${extension}`;
}
