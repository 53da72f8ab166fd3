import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SEGMENT_SIZE,
  decryptStream,
  encryptedSize,
  encryptStream,
  HEADER_SIZE,
  IntegrityError,
  openEncryptedRange,
  plaintextSize,
  readHeader,
  TAG_SIZE,
} from './segmented-aead.js';

const S = DEFAULT_SEGMENT_SIZE;
const STRIDE = S + TAG_SIZE;
const key = randomBytes(32);
const BLOB = 'demo-town/2026/05/3f0e8c52-7a3e-4a1e-9a57-0b1c2d3e4f50';

/** Feeds data in uneven chunks, like a network upload. */
function unevenChunks(data: Buffer): Readable {
  const chunks: Buffer[] = [];
  let offset = 0;
  let size = 1;
  while (offset < data.length) {
    chunks.push(data.subarray(offset, offset + size));
    offset += size;
    size = (size * 7 + 13) % 90_001;
  }
  return Readable.from(chunks);
}

async function encrypt(data: Buffer, keyVersion = 3, blobId = BLOB): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    unevenChunks(data),
    encryptStream(key, keyVersion, blobId),
    new Writable({
      write(chunk: Buffer, _e, cb) {
        out.push(chunk);
        cb();
      },
    }),
  );
  return Buffer.concat(out);
}

/** Whatever the stream emitted before it ended or failed, and the error. */
async function drain(stream: Readable): Promise<{ data: Buffer; error: unknown }> {
  const out: Buffer[] = [];
  try {
    for await (const chunk of stream) out.push(chunk as Buffer);
    return { data: Buffer.concat(out), error: undefined };
  } catch (error) {
    return { data: Buffer.concat(out), error };
  }
}

async function decrypt(file: Buffer, blobId = BLOB, withKey = key) {
  return drain(unevenChunks(file).pipe(decryptStream(withKey, blobId)));
}

const SIZES = {
  empty: 0,
  'one byte': 1,
  'one segment minus one': S - 1,
  'exactly one segment': S,
  'one segment plus one': S + 1,
  'exactly two segments': 2 * S,
  'many segments and a tail': 5 * S + 1234,
};

describe('segmented AES-256-GCM', () => {
  for (const [label, size] of Object.entries(SIZES)) {
    it(`round-trips ${label} (${size} bytes)`, async () => {
      const plain = randomBytes(size);
      const file = await encrypt(plain);
      expect(file.length).toBe(encryptedSize(size));
      expect(file.length).toBe(HEADER_SIZE + size + Math.max(1, Math.ceil(size / S)) * TAG_SIZE);
      expect(plaintextSize(file.length, S)).toBe(size);
      const { data, error } = await decrypt(file);
      expect(error).toBeUndefined();
      expect(data.equals(plain)).toBe(true);
    });
  }

  it('writes a header that says how to read the file', async () => {
    const file = await encrypt(Buffer.from('x'), 42);
    const header = readHeader(file);
    expect(header).toMatchObject({
      formatVersion: 1,
      keyVersion: 42,
      segmentSize: S,
      headerSize: HEADER_SIZE,
    });
    expect(file.subarray(0, 4).toString()).toBe('MTC1');
    // Random salt and nonce prefix per file: the same plaintext never encrypts the same way.
    const again = await encrypt(Buffer.from('x'), 42);
    expect(again.subarray(16, 40).equals(file.subarray(16, 40))).toBe(false);
    expect(() => readHeader(Buffer.from('PK\x03\x04 not ours at all, not ours at all....'))).toThrow(
      IntegrityError,
    );
  });

  it('refuses sizes no valid file can have', () => {
    expect(() => plaintextSize(HEADER_SIZE + 5, S)).toThrow(IntegrityError);
    expect(() => plaintextSize(HEADER_SIZE + STRIDE + 3, S)).toThrow(IntegrityError);
    expect(plaintextSize(HEADER_SIZE + STRIDE + TAG_SIZE, S)).toBe(S);
  });

  describe('tampering', () => {
    const plain = randomBytes(4 * S + 999);
    let file: Buffer;
    beforeAll(async () => {
      file = await encrypt(plain);
    });

    const flipped = (at: number) => {
      const copy = Buffer.from(file);
      copy[at]! ^= 0x01;
      return copy;
    };

    it.each([
      ['magic', 0],
      ['format version', 4],
      ['reserved byte', 6],
      ['key version', 11],
      ['segment size', 13],
      ['salt', 20],
      ['nonce prefix', 35],
    ])('detects a flipped byte in the header (%s)', async (_name, at) => {
      const { data, error } = await decrypt(flipped(at));
      expect(error).toBeInstanceOf(IntegrityError);
      expect(data.length).toBe(0);
    });

    it('detects a flipped byte in a middle segment before emitting any of it', async () => {
      const { data, error } = await decrypt(flipped(HEADER_SIZE + 2 * STRIDE + 100));
      expect(error).toBeInstanceOf(IntegrityError);
      // Segments 0 and 1 were good and may be out; nothing of segment 2.
      expect(data.length).toBeLessThanOrEqual(2 * S);
      expect(data.equals(plain.subarray(0, data.length))).toBe(true);
    });

    it('detects a flipped byte in the tag of the final segment', async () => {
      const { data, error } = await decrypt(flipped(file.length - 1));
      expect(error).toBeInstanceOf(IntegrityError);
      expect(data.length).toBeLessThanOrEqual(4 * S);
    });

    it('detects truncation: inside the last segment, and of the whole last segment', async () => {
      expect((await decrypt(file.subarray(0, file.length - 1))).error).toBeInstanceOf(IntegrityError);
      expect((await decrypt(file.subarray(0, file.length - 999 - TAG_SIZE))).error).toBeInstanceOf(
        IntegrityError,
      );
      expect((await decrypt(file.subarray(0, HEADER_SIZE + 2 * STRIDE))).error).toBeInstanceOf(
        IntegrityError,
      );
      expect((await decrypt(file.subarray(0, 20))).error).toBeInstanceOf(IntegrityError);
    });

    it('detects appended bytes', async () => {
      const { error } = await decrypt(Buffer.concat([file, randomBytes(TAG_SIZE + 10)]));
      expect(error).toBeInstanceOf(IntegrityError);
    });

    it('detects two swapped segments', async () => {
      const swapped = Buffer.from(file);
      file.copy(swapped, HEADER_SIZE + STRIDE, HEADER_SIZE + 2 * STRIDE, HEADER_SIZE + 3 * STRIDE);
      file.copy(swapped, HEADER_SIZE + 2 * STRIDE, HEADER_SIZE + STRIDE, HEADER_SIZE + 2 * STRIDE);
      const { data, error } = await decrypt(swapped);
      expect(error).toBeInstanceOf(IntegrityError);
      expect(data.length).toBeLessThanOrEqual(S);
    });

    it('refuses another blob id, another key and a segment moved in from another file', async () => {
      expect((await decrypt(file, `${BLOB}x`)).error).toBeInstanceOf(IntegrityError);
      expect((await decrypt(file, BLOB, randomBytes(32))).error).toBeInstanceOf(IntegrityError);
      const other = await encrypt(plain);
      const spliced = Buffer.from(file);
      other.copy(spliced, HEADER_SIZE + STRIDE, HEADER_SIZE + STRIDE, HEADER_SIZE + 2 * STRIDE);
      expect((await decrypt(spliced)).error).toBeInstanceOf(IntegrityError);
    });
  });

  describe('Range reads from a file', () => {
    let dir: string;
    const plain = randomBytes(5 * S + 1234);
    const L = plain.length;
    const versions: number[] = [];
    const keyFor = async (version: number) => {
      versions.push(version);
      return key;
    };
    let filePath: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-aead-'));
      filePath = path.join(dir, 'blob');
      fs.writeFileSync(filePath, await encrypt(plain, 7));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const read = async (start: number, end: number, file = filePath, blobId = BLOB) =>
      drain(await openEncryptedRange(file, keyFor, blobId, start, end));

    const ranges: Array<[string, number, number]> = [
      ['first byte', 0, 0],
      ['last byte', L - 1, L - 1],
      ['whole file', 0, L - 1],
      ['across a boundary', S - 1, S],
      ['across several boundaries', S - 10, 3 * S + 10],
      ['exactly one middle segment', 2 * S, 3 * S - 1],
      ['inside the tail', 5 * S + 3, 5 * S + 900],
      ['from the last boundary to the end', 5 * S, L - 1],
    ];
    it.each(ranges)('reads %s', async (_name, start, end) => {
      const { data, error } = await read(start, end);
      expect(error).toBeUndefined();
      expect(data.equals(plain.subarray(start, end + 1))).toBe(true);
      expect(versions.at(-1)).toBe(7);
    });

    it('reads random ranges', async () => {
      for (let i = 0; i < 30; i++) {
        const a = Math.floor(Math.random() * L);
        const b = Math.floor(Math.random() * L);
        const [start, end] = a <= b ? [a, b] : [b, a];
        const { data } = await read(start, end);
        expect(data.equals(plain.subarray(start, end + 1)), `${start}-${end}`).toBe(true);
      }
    });

    it('refuses ranges outside the file', async () => {
      await expect(openEncryptedRange(filePath, keyFor, BLOB, 0, L)).rejects.toBeInstanceOf(RangeError);
      await expect(openEncryptedRange(filePath, keyFor, BLOB, 10, 9)).rejects.toBeInstanceOf(RangeError);
      await expect(openEncryptedRange(filePath, keyFor, BLOB, -1, 9)).rejects.toBeInstanceOf(RangeError);
    });

    it('reads an empty file as (0, -1) after verifying it', async () => {
      const empty = path.join(dir, 'empty');
      fs.writeFileSync(empty, await encrypt(Buffer.alloc(0)));
      const { data, error } = await read(0, -1, empty);
      expect(error).toBeUndefined();
      expect(data.length).toBe(0);
      await expect(openEncryptedRange(empty, keyFor, BLOB, 0, 0)).rejects.toBeInstanceOf(RangeError);
      expect((await read(0, -1, empty, 'another')).error).toBeInstanceOf(IntegrityError);
    });

    it('verifies the segments it reads: a tampered segment fails the ranges that touch it', async () => {
      const tampered = path.join(dir, 'tampered');
      const bytes = fs.readFileSync(filePath);
      bytes[HEADER_SIZE + 2 * STRIDE + 5]! ^= 0x80;
      fs.writeFileSync(tampered, bytes);
      const hit = await read(S + 10, 2 * S + 10, tampered);
      expect(hit.error).toBeInstanceOf(IntegrityError);
      // Only the good segment 1 part may have been emitted.
      expect(hit.data.length).toBeLessThanOrEqual(S - 10);
      expect((await read(0, 2 * S - 1, tampered)).error).toBeUndefined();
      expect((await read(3 * S, L - 1, tampered)).error).toBeUndefined();
    });

    it('detects a truncated file and a wrong blob id', async () => {
      const short = path.join(dir, 'short');
      const bytes = fs.readFileSync(filePath);
      fs.writeFileSync(short, bytes.subarray(0, HEADER_SIZE + 5 * STRIDE));
      // Cut at a segment boundary, segment 4 now looks final but was not sealed as final.
      expect((await read(4 * S, 5 * S - 1, short)).error).toBeInstanceOf(IntegrityError);
      expect((await read(0, 0, filePath, 'demo-town/2026/05/other')).error).toBeInstanceOf(IntegrityError);
    });
  });

  it('keeps memory flat for a 200 MB stream', async () => {
    const chunk = randomBytes(1024 * 1024);
    const megabytes = (count: number) =>
      Readable.from(
        (function* () {
          for (let i = 0; i < count; i++) yield chunk;
        })(),
      );
    // Warm up first: V8 lets some tens of MB of spent buffers pile up before its first collection.
    await pipeline(
      megabytes(32),
      encryptStream(key, 1, BLOB),
      decryptStream(key, BLOB),
      new Writable({
        write: (_d, _e, cb) => cb(),
      }),
    );
    const source = megabytes(200);
    const expected = createHash('sha256');
    for (let i = 0; i < 200; i++) expected.update(chunk);
    const actual = createHash('sha256');
    let bytes = 0;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const started = Date.now();
    await pipeline(
      source,
      encryptStream(key, 1, BLOB),
      decryptStream(key, BLOB),
      new Writable({
        write(data: Buffer, _e, cb) {
          actual.update(data);
          bytes += data.length;
          if ((bytes & 0xfffff) === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
          cb();
        },
      }),
    );
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    console.log(
      `200 MB encrypted and decrypted in ${Date.now() - started} ms, RSS growth ${Math.round((rssPeak - rssBefore) / 1e6)} MB`,
    );
    expect(bytes).toBe(200 * 1024 * 1024);
    expect(actual.digest('hex')).toBe(expected.digest('hex'));
    expect(rssPeak - rssBefore).toBeLessThan(50 * 1024 * 1024);
  });
});
