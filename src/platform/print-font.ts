import fs from 'node:fs/promises';
import type { Font } from 'fontkit';

/** The font documents are printed in: its file and, for a collection (.ttc), the face's PostScript name. */
export interface PrintFontFile {
  file: string;
  name: string | undefined;
}

/** How long the parsed font stays after the last document that asked for it. */
export const PRINT_FONT_KEEP_MS = 60_000;

let held: { file: string; name: string | undefined; font: Promise<Font>; timer?: NodeJS.Timeout } | undefined;

/**
 * The print font, read and parsed once for the documents printed together. The Japanese font is a
 * ~20 MB collection, and pdfkit given its path read and parsed it for every document: ~100 ms of
 * a ~300 ms poster, seconds of a campaign's ZIP of posters. Released a minute after the last
 * document, so a node that printed once does not hold the file's bytes for good. Each document
 * still subsets the font on its own, so a document's bytes do not depend on what was printed
 * before it (the deletion certificate's digest is recomputed from them).
 */
export function printFont(spec: PrintFontFile): Promise<Font> {
  if (held?.file !== spec.file || held.name !== spec.name) {
    if (held) clearTimeout(held.timer);
    const font = openFont(spec);
    const entry = { file: spec.file, name: spec.name, font };
    held = entry;
    // A font that failed to open is not kept: the next document tries again (and says why).
    font.catch(() => {
      if (held === entry) held = undefined;
    });
  }
  const entry = held;
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    if (held === entry) held = undefined;
  }, PRINT_FONT_KEEP_MS).unref();
  return entry.font;
}

async function openFont(spec: PrintFontFile): Promise<Font> {
  // Loaded with the first document: fontkit is part of what makes pdfkit slow to import.
  const [{ create }, bytes] = await Promise.all([import('fontkit'), fs.readFile(spec.file)]);
  const font = create(bytes, spec.name);
  if (!('layout' in font))
    throw new Error(
      `${spec.file} is a font collection: CERTIFICATE_FONT_NAME must name one of its faces (${font.fonts.map((f) => f.postscriptName).join(', ')})`,
    );
  return font;
}

/** The font as pdfkit's `doc.font` takes it: it opens a fontkit font as it is, though its types list only paths and bytes. */
export function pdfFont(font: Font): PDFKit.Mixins.PDFFontSource {
  return font as unknown as PDFKit.Mixins.PDFFontSource;
}
