import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { hashTap } from '../crypto/hash-tap.js';

/** One file of an archive as its manifest lists it. */
export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export const MANIFEST_PATH = 'manifest.json';

/**
 * A zip written front to back with constant memory: each entry is streamed through a hash into
 * yazl and awaited before the next one starts, so at most one entry's buffers are in flight
 * however large the organisation is. The manifest (sizes and SHA-256 of every other file) is
 * the last entry, since only then are they known. Used by organisation exports and backups. Zip64 as needed, so > 4 GB works.
 */
export class ManifestedZip {
  private readonly zip = new yazl.ZipFile();
  private readonly files: ManifestFile[] = [];
  private readonly written: Promise<void>;
  private readonly mtime = new Date();

  constructor(out: Writable) {
    this.written = pipeline(this.zip.outputStream, out);
    // Surface a write failure (disk full) to whichever entry is being added.
    this.written.catch(() => {});
  }

  get fileCount(): number {
    return this.files.length;
  }

  async addJson(path: string, value: unknown): Promise<void> {
    await this.addBuffer(path, Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'));
  }

  async addBuffer(path: string, data: Buffer, compress = true): Promise<void> {
    await this.addStream(path, PassThroughOf(data), compress);
  }

  /** Streams one entry; resolves once all of it has been handed to the zip. */
  async addStream(path: string, source: Readable, compress = true): Promise<void> {
    const { tap, result } = hashTap();
    const entry = new PassThrough();
    this.zip.addReadStream(entry, path, { compress, mtime: this.mtime });
    await Promise.race([
      pipeline(source, tap, entry),
      this.written.then(() => Promise.reject(new Error('archive closed'))),
    ]);
    this.files.push({ path, ...result() });
  }

  /**
   * Writes manifest.json (the given fields and `files`: every other entry's path, size and
   * SHA-256) and the zip's central directory; resolves when all bytes are out.
   */
  async finish<M extends object>(fields: M): Promise<M & { files: ManifestFile[] }> {
    const manifest = { ...fields, files: [...this.files] };
    this.zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_PATH, {
      mtime: this.mtime,
    });
    this.zip.end();
    await this.written;
    return manifest;
  }

  /** Stops writing after a failure; the caller removes what was written. */
  abort(error: Error): void {
    (this.zip.outputStream as Readable).destroy(error);
  }
}

function PassThroughOf(data: Buffer): Readable {
  const stream = new PassThrough();
  stream.end(data);
  return stream;
}
