// Real PDFs and videos for the upload tests, built here rather than checked in: PDFs by hand with
// a correct cross-reference table (so qpdf reads them without repairing anything), videos by
// Debian's ffmpeg from its test pattern (installed by scripts/lib.sh).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/** A PDF of the given object bodies (object 1 is the catalog), with an exact xref table. */
export function buildPdf(objects: string[]): Buffer {
  let out = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
const PAGE = (extra = '') =>
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R ${extra}>>`;
const TEXT = 'BT /F1 24 Tf 72 720 Td (Kanko guide) Tj ET';
const CONTENTS = `<< /Length ${TEXT.length} >>\nstream\n${TEXT}\nendstream`;

/** A one-page brochure; `catalog` and `page` add entries to those dictionaries, `more` objects 5…. */
export function brochurePdf(options: { catalog?: string; page?: string; more?: string[] } = {}): Buffer {
  return buildPdf([
    `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''}>>`,
    PAGES,
    PAGE(options.page),
    CONTENTS,
    ...(options.more ?? []),
  ]);
}

/** The PDFs the upload must refuse, each with the kind of active content it carries. */
export const ACTIVE_PDFS: [string, Buffer, string][] = [
  [
    'OpenAction → JavaScript',
    brochurePdf({
      catalog: '/OpenAction 5 0 R',
      more: ['<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>'],
    }),
    'javascript',
  ],
  [
    'a JavaScript name tree',
    brochurePdf({
      catalog: '/Names << /JavaScript 5 0 R >>',
      more: ['<< /Names [(init) 6 0 R] >>', '<< /S /JavaScript /JS (this.print()) >>'],
    }),
    'javascript',
  ],
  [
    'a page /AA launching a program',
    brochurePdf({ page: '/AA << /O << /S /Launch /F (cmd.exe) >> >>' }),
    'launch',
  ],
  [
    'a link annotation that launches a program',
    brochurePdf({
      page: '/Annots [5 0 R]',
      more: ['<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (calc.exe) >> >>'],
    }),
    'launch',
  ],
  [
    'embedded files',
    brochurePdf({
      catalog: '/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>',
      more: [
        '<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>',
        '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream',
      ],
    }),
    'embedded_files',
  ],
  [
    'an XFA form',
    brochurePdf({
      catalog: '/AcroForm << /Fields [] /XFA 5 0 R >>',
      more: ['<< /Length 10 >>\nstream\n<xdp:xdp/>\nendstream'],
    }),
    'xfa',
  ],
];

/** Names hidden by # escapes: clamd's heuristics already flag it; qpdf decodes the names. */
export const ESCAPED_NAME_PDF = brochurePdf({
  page: '/AA << /O << /S /J#61vaScript /J#53 (app.alert(2)) >> >>',
});

/** What Illustrator and InDesign write: open at page 1, fit; a web link; nothing active. */
export const BROCHURE_PDF = brochurePdf({
  catalog: '/OpenAction [3 0 R /Fit] /PageMode /UseOutlines',
  page: '/Annots [5 0 R]',
  more: [
    '<< /Type /Annot /Subtype /Link /Rect [72 700 300 730] /A << /S /URI /URI (https://example.jp/) >> >>',
  ],
});

/** A clean brochure of about `bytes` bytes (a large unused stream, of spaces or of noise). */
export function largePdf(bytes: number, fill: 'spaces' | 'noise' = 'spaces'): Buffer {
  const data = fill === 'noise' ? randomBytes(bytes).toString('latin1') : ' '.repeat(bytes);
  return brochurePdf({ more: [`<< /Length ${bytes} >>\nstream\n${data}\nendstream`] });
}

/**
 * A short test-pattern video made by ffmpeg. `location` adds the ISO 6709 position phones
 * write (the ©xyz atom in MP4, a LOCATION tag in WebM); `make` a device make and model.
 */
export function makeVideo(
  format: 'mp4' | 'webm',
  options: { seconds?: number; size?: string; location?: string; make?: string } = {},
): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-video-'));
  try {
    const out = path.join(dir, `test.${format}`);
    const codec =
      format === 'mp4'
        ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac']
        : ['-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus'];
    execFileSync(
      'ffmpeg',
      [
        ...['-nostdin', '-v', 'error', '-y'],
        ...['-f', 'lavfi', '-i', `testsrc=size=${options.size ?? '160x120'}:rate=10`],
        ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
        ...['-t', String(options.seconds ?? 1), ...codec],
        ...(options.location ? ['-metadata', `location=${options.location}`] : []),
        ...(options.make
          ? ['-metadata', `make=${options.make}`, '-metadata', `model=${options.make} X`]
          : []),
        // ffmpeg's mp4 mode writes a location as a binary 'loci' box; its mov mode writes the ©xyz
        // text atom phones write. The mp42 brand keeps it an MP4 to every reader.
        ...(format === 'mp4' ? ['-f', 'mov', '-brand', 'mp42'] : []),
        out,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A 300×300 PNG of noise: it does not compress, so it is several 64 KiB segments once encrypted. */
export function noisyPng(): Promise<Buffer> {
  return sharp({
    create: {
      width: 300,
      height: 300,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .png()
    .toBuffer();
}
