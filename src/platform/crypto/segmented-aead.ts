/**
 * Files at rest (A.10.1.1): AES-256-GCM in independently authenticated segments, so a reader
 * checks each segment before it emits a byte of it, and a Range read decrypts only the segments
 * it needs. The construction follows Tink's AES-GCM-HKDF streaming AEAD.
 *
 * File layout (all integers big-endian):
 *
 *   header, 40 bytes
 *     0  4  magic "MTC1"
 *     4  1  format version (1)
 *     5  3  reserved, zero
 *     8  4  key version (uint32): which version of the organisation's data key encrypted it
 *    12  4  segment size S: plaintext bytes per segment (65536)
 *    16 16  salt, random per file
 *    32  8  nonce prefix, random per file
 *   segments 0 … n-1, each AES-256-GCM ciphertext ‖ 16-byte tag
 *     every segment but the last holds exactly S plaintext bytes; the last holds 0 … S bytes
 *     (an empty file is one empty final segment), so n = max(1, ceil(L / S)) and the file is
 *     40 + L + 16·n bytes long.
 *
 * Per file, the segment key is HKDF-SHA256(data key, salt, "mitte-c/segmented-aead/v1" ‖ blob
 * id): a fresh key per file, so nonces never repeat under one key however many files a data key
 * encrypts. The nonce of segment i is nonce prefix (8) ‖ i (uint32). The associated data of
 * segment i is the whole header ‖ length-prefixed blob id ‖ i (uint32) ‖ final flag (1 byte), so
 * the header cannot be altered, segments cannot be reordered, dropped, appended or moved to
 * another blob, and a file cannot be truncated at a segment boundary.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';

export const HEADER_SIZE = 40;
export const TAG_SIZE = 16;
export const DEFAULT_SEGMENT_SIZE = 64 * 1024;
const MAGIC = Buffer.from('MTC1', 'latin1');
const FORMAT_VERSION = 1;
// A header is only authenticated by the segments after it: bound what it may make us buffer.
const MIN_SEGMENT_SIZE = 1024;
const MAX_SEGMENT_SIZE = 1024 * 1024;
const MAX_SEGMENTS = 2 ** 32;
const KEY_INFO = 'mitte-c/segmented-aead/v1';

/** The file is not what was encrypted under this key and blob id: tampered, truncated or misplaced. */
export class IntegrityError extends Error {
  override name = 'IntegrityError';
}

export interface BlobHeader {
  formatVersion: number;
  keyVersion: number;
  segmentSize: number;
  salt: Buffer;
  noncePrefix: Buffer;
  headerSize: number;
  /** The raw header bytes (authenticated as part of every segment). */
  bytes: Buffer;
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new TypeError('segmented AEAD needs a 32-byte key');
}

function newHeader(keyVersion: number, segmentSize: number): Buffer {
  if (!Number.isInteger(keyVersion) || keyVersion < 0 || keyVersion > 0xffff_ffff) {
    throw new TypeError('key version must be a uint32');
  }
  if (!Number.isInteger(segmentSize) || segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new TypeError(`segment size must be between ${MIN_SEGMENT_SIZE} and ${MAX_SEGMENT_SIZE}`);
  }
  const header = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(header, 0);
  header.writeUInt8(FORMAT_VERSION, 4);
  header.writeUInt32BE(keyVersion, 8);
  header.writeUInt32BE(segmentSize, 12);
  randomBytes(16).copy(header, 16);
  randomBytes(8).copy(header, 32);
  return header;
}

/** Parses (not authenticates) the header at the start of an encrypted file. */
export function readHeader(buf: Buffer): BlobHeader {
  if (buf.length < HEADER_SIZE) throw new IntegrityError('encrypted file is shorter than its header');
  if (!buf.subarray(0, 4).equals(MAGIC)) throw new IntegrityError('not an encrypted file (bad magic)');
  const formatVersion = buf.readUInt8(4);
  if (formatVersion !== FORMAT_VERSION) {
    throw new IntegrityError(`unknown encrypted file format version ${formatVersion}`);
  }
  if (buf.readUIntBE(5, 3) !== 0) throw new IntegrityError('encrypted file header has reserved bits set');
  const segmentSize = buf.readUInt32BE(12);
  if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
    throw new IntegrityError(`encrypted file header has an invalid segment size ${segmentSize}`);
  }
  const bytes = Buffer.from(buf.subarray(0, HEADER_SIZE));
  return {
    formatVersion,
    keyVersion: buf.readUInt32BE(8),
    segmentSize,
    salt: bytes.subarray(16, 32),
    noncePrefix: bytes.subarray(32, 40),
    headerSize: HEADER_SIZE,
    bytes,
  };
}

/** Number of segments of a file of this size; IntegrityError when no valid file has that size. */
function segmentCount(fileSize: number, segmentSize: number): number {
  const body = fileSize - HEADER_SIZE;
  const stride = segmentSize + TAG_SIZE;
  const count = Math.max(1, Math.ceil(body / stride));
  const last = body - (count - 1) * stride;
  if (body < TAG_SIZE || last < TAG_SIZE) {
    throw new IntegrityError('encrypted file is truncated (its size cannot hold whole segments)');
  }
  return count;
}

/** Plaintext length of an encrypted file of fileSize bytes. */
export function plaintextSize(fileSize: number, segmentSize: number): number {
  return fileSize - HEADER_SIZE - segmentCount(fileSize, segmentSize) * TAG_SIZE;
}

/** Encrypted size of a plaintext of this length (for quotas and Content-Length checks). */
export function encryptedSize(plaintextLength: number, segmentSize = DEFAULT_SEGMENT_SIZE): number {
  return HEADER_SIZE + plaintextLength + Math.max(1, Math.ceil(plaintextLength / segmentSize)) * TAG_SIZE;
}

/** Seals and opens the segments of one file. */
class SegmentCipher {
  private readonly key: Buffer;
  private readonly aadPrefix: Buffer;
  private readonly noncePrefix: Buffer;

  constructor(dataKey: Buffer, blobId: string, header: BlobHeader) {
    checkKey(dataKey);
    const id = Buffer.from(blobId, 'utf8');
    this.key = Buffer.from(
      hkdfSync('sha256', dataKey, header.salt, Buffer.from(`${KEY_INFO}\0${blobId}`), 32),
    );
    const idLength = Buffer.alloc(4);
    idLength.writeUInt32BE(id.length);
    this.aadPrefix = Buffer.concat([header.bytes, idLength, id]);
    this.noncePrefix = header.noncePrefix;
  }

  private nonceAndAad(index: number, final: boolean): { nonce: Buffer; aad: Buffer } {
    if (index >= MAX_SEGMENTS) throw new RangeError('too many segments for one file');
    const nonce = Buffer.alloc(12);
    this.noncePrefix.copy(nonce, 0);
    nonce.writeUInt32BE(index, 8);
    const tail = Buffer.alloc(5);
    tail.writeUInt32BE(index, 0);
    tail.writeUInt8(final ? 1 : 0, 4);
    return { nonce, aad: Buffer.concat([this.aadPrefix, tail]) };
  }

  /** Ciphertext and tag of one segment, pushed as two chunks to spare a copy. */
  seal(index: number, final: boolean, plaintext: Buffer): [Buffer, Buffer] {
    const { nonce, aad } = this.nonceAndAad(index, final);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(aad);
    const body = cipher.update(plaintext);
    cipher.final();
    return [body, cipher.getAuthTag()];
  }

  open(index: number, final: boolean, segment: Buffer): Buffer {
    if (segment.length < TAG_SIZE) throw new IntegrityError(`segment ${index} is truncated`);
    const { nonce, aad } = this.nonceAndAad(index, final);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(segment.subarray(segment.length - TAG_SIZE));
    const body = decipher.update(segment.subarray(0, segment.length - TAG_SIZE));
    try {
      decipher.final();
    } catch {
      throw new IntegrityError(`segment ${index} failed authentication`);
    }
    return body;
  }
}

/** Bytes waiting to fill a segment, kept as the chunks they arrived in (no repeated copying). */
class ChunkQueue {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Removes and returns the first n bytes (n ≤ length). */
  take(n: number): Buffer {
    this.length -= n;
    const first = this.chunks[0];
    if (first && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const used = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, used);
      filled += used;
      if (used === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(used);
    }
    return out;
  }
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('expected Buffer chunks');
}

/** Plaintext in, encrypted file bytes out. */
export function encryptStream(
  key: Buffer,
  keyVersion: number,
  blobId: string,
  options: { segmentSize?: number } = {},
): Transform {
  checkKey(key);
  const segmentSize = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
  const headerBytes = newHeader(keyVersion, segmentSize);
  const cipher = new SegmentCipher(key, blobId, readHeader(headerBytes));
  const queue = new ChunkQueue();
  let index = 0;
  let headerSent = false;
  const sendHeader = (stream: Transform) => {
    if (!headerSent) stream.push(headerBytes);
    headerSent = true;
  };
  const sendSegment = (stream: Transform, final: boolean, plaintext: Buffer) => {
    const [body, tag] = cipher.seal(index++, final, plaintext);
    stream.push(body);
    stream.push(tag);
  };
  return new Transform({
    transform(chunk: unknown, _encoding, callback: TransformCallback) {
      try {
        sendHeader(this);
        queue.push(asBuffer(chunk));
        // Keep back at least one byte beyond a full segment: only the end says which one is final.
        while (queue.length > segmentSize) sendSegment(this, false, queue.take(segmentSize));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        sendHeader(this);
        sendSegment(this, true, queue.take(queue.length));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/** Encrypted file bytes in, verified plaintext out; errors with IntegrityError before bad bytes. */
export function decryptStream(key: Buffer, blobId: string): Transform {
  checkKey(key);
  const queue = new ChunkQueue();
  let cipher: SegmentCipher | undefined;
  let stride = 0;
  let index = 0;
  return new Transform({
    transform(chunk: unknown, _encoding, callback: TransformCallback) {
      try {
        queue.push(asBuffer(chunk));
        if (!cipher) {
          if (queue.length < HEADER_SIZE) return callback();
          const header = readHeader(queue.take(HEADER_SIZE));
          cipher = new SegmentCipher(key, blobId, header);
          stride = header.segmentSize + TAG_SIZE;
        }
        while (queue.length > stride) this.push(cipher.open(index++, false, queue.take(stride)));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        if (!cipher) throw new IntegrityError('encrypted file is shorter than its header');
        if (queue.length < TAG_SIZE) throw new IntegrityError('encrypted file is truncated');
        this.push(cipher.open(index, true, queue.take(queue.length)));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/**
 * Ciphertext that can be read by byte range: a local file or an object in a store. `head(n)`
 * gives the first n bytes and the whole length in one call (one request to an object store).
 */
export interface CiphertextSource {
  head(bytes: number): Promise<{ bytes: Buffer; size: number }>;
  /** Bytes start … endInclusive. */
  read(start: number, endInclusive: number): Promise<Readable>;
}

/** A local encrypted file as a CiphertextSource. */
export function fileSource(filePath: string): CiphertextSource {
  return {
    async head(n) {
      const file = await fs.open(filePath, 'r');
      try {
        const { size } = await file.stat();
        const buf = Buffer.alloc(n);
        const { bytesRead } = await file.read(buf, 0, n, 0);
        return { bytes: buf.subarray(0, bytesRead), size };
      } finally {
        await file.close();
      }
    },
    async read(start, end) {
      const file = await fs.open(filePath, 'r');
      return file.createReadStream({ start, end, highWaterMark: 256 * 1024 });
    },
  };
}

/**
 * Verified plaintext bytes start … endInclusive of an encrypted file, reading and decrypting only
 * the segments that hold them. An empty file is read as (0, -1).
 */
export async function openEncryptedRange(
  from: string | CiphertextSource,
  keyFor: (keyVersion: number) => Promise<Buffer>,
  blobId: string,
  start: number,
  endInclusive: number,
): Promise<Readable> {
  const source = typeof from === 'string' ? fileSource(from) : from;
  const { bytes: headerBuf, size } = await source.head(HEADER_SIZE);
  const header = readHeader(headerBuf);
  const segmentSize = header.segmentSize;
  const count = segmentCount(size, segmentSize);
  const length = size - HEADER_SIZE - count * TAG_SIZE;
  const wholeEmpty = length === 0 && start === 0 && endInclusive === -1;
  if (
    !wholeEmpty &&
    !(Number.isInteger(start) && Number.isInteger(endInclusive) && start >= 0 && start <= endInclusive)
  ) {
    throw new RangeError(`invalid range ${start}-${endInclusive}`);
  }
  if (endInclusive >= length) {
    throw new RangeError(`range ${start}-${endInclusive} is beyond the end (${length} bytes)`);
  }
  const cipher = new SegmentCipher(await keyFor(header.keyVersion), blobId, header);
  const stride = segmentSize + TAG_SIZE;
  const first = Math.floor(start / segmentSize);
  const last = wholeEmpty ? 0 : Math.floor(endInclusive / segmentSize);
  const lastLength = size - HEADER_SIZE - (count - 1) * stride;
  const readFrom = HEADER_SIZE + first * stride;
  const readTo = Math.min(HEADER_SIZE + (last + 1) * stride, size) - 1;

  const queue = new ChunkQueue();
  let index = first;
  const emit = (stream: Transform, segment: Buffer) => {
    const plain = cipher.open(index, index === count - 1, segment);
    const from = index === first ? start - first * segmentSize : 0;
    const to = index === last ? endInclusive - last * segmentSize + 1 : plain.length;
    stream.push(plain.subarray(from, to));
    index++;
  };
  const decrypt = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        queue.push(chunk);
        while (index <= last) {
          const need = index === count - 1 ? lastLength : stride;
          if (queue.length < need) break;
          emit(this, queue.take(need));
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback: TransformCallback) {
      // The file shrank between stat and read.
      callback(index <= last ? new IntegrityError('encrypted file ended early') : undefined);
    },
  });
  pipeline(await source.read(readFrom, readTo), decrypt, () => {});
  return decrypt;
}
