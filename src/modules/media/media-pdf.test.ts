import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVE_PDFS, BROCHURE_PDF, ESCAPED_NAME_PDF } from '../../../test/helpers/media-files.js';
import { activeContentOf } from './media-pdf.js';

/** What the upload runs: qpdf's JSON of every object (Debian's qpdf, scripts/lib.sh). */
function qpdfJson(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-pdf-'));
  try {
    const file = path.join(dir, 'x.pdf');
    fs.writeFileSync(file, pdf);
    const run = spawnSync('qpdf', ['--json=2', '--json-key=qpdf', '--json-stream-data=none', file]);
    expect(run.status, run.stderr.toString()).toBe(0);
    return run.stdout.toString();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('activeContentOf', () => {
  it.each(ACTIVE_PDFS)('finds %s', (_label, pdf, kind) => {
    expect(activeContentOf(qpdfJson(pdf))).toEqual([kind]);
  });

  it('reads names hidden by # escapes as what they are', () => {
    expect(activeContentOf(qpdfJson(ESCAPED_NAME_PDF))).toEqual(['javascript']);
  });

  it('finds nothing in a brochure with an initial-view OpenAction and a web link', () => {
    expect(activeContentOf(qpdfJson(BROCHURE_PDF))).toEqual([]);
  });
});
