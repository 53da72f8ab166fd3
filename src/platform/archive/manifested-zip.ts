import { PassThrough, type Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
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
  private failure: Error | null = null;
  private current: PassThrough | null = null;

  constructor(out: Writable) {
    this.written = pipeline(this.zip.outputStream, out);
    // A write failure (disk full) ends whichever entry is being added, and every later one.
    this.written.catch((error: Error) => {
      this.failure = error;
      this.current?.destroy(error);
    });
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

  /** Streams one entry; resolves once all of it has been handed to the zip, with its size and hash. */
  async addStream(path: string, source: Readable, compress = true): Promise<ManifestFile> {
    const { tap, result } = hashTap();
    const entry = new PassThrough();
    // Lazily handed over, so yazl's entry (kept until the central directory is written) does
    // not hold the finished stream: with 10,000 entries those would add up to tens of MB.
    let pending: PassThrough | null = entry;
    this.zip.addReadStreamLazy(path, { compress, mtime: this.mtime }, (give) => {
      const stream = pending!;
      pending = null;
      give(null, stream);
    });
    if (this.failure) throw this.failure;
    this.current = entry;
    try {
      // Done when yazl has read the entry to its end, not when the last bytes are buffered for
      // it: otherwise small entries queue up in yazl with their buffers and streams (~14 KB
      // each, 140 MB for 10,000 items). No per-entry promise hangs on the archive's own either.
      await Promise.all([pipeline(source, tap, entry), finished(entry)]);
    } finally {
      this.current = null;
    }
    const file = { path, ...result() };
    this.files.push(file);
    return file;
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
