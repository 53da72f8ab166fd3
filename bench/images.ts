/**
 * The image stage of the upload pipeline alone (after the scan): a scanned upload, stored
 * encrypted, is decrypted, re-encoded and turned into its WebP derivatives, each encrypted into
 * its own blob. Prints time per image and the process's peak RSS; asserts nothing.
 *
 *   npx tsx bench/images.ts            # a 24-megapixel photo-like JPEG (about 15–20 MB)
 *   BENCH_MP=12 npx tsx bench/images.ts
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { MediaDeps } from '../src/modules/media/media.service.js';
import { storeImage } from '../src/modules/media/media-images.js';
import type { KeyRing } from '../src/platform/crypto/data-keys.js';
import { encryptStream } from '../src/platform/crypto/segmented-aead.js';
import { FileBlobStore, newBlobKey } from '../src/platform/storage/blob-store.js';

const megapixels = Number(process.env.BENCH_MP ?? 24);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const width = Math.round(Math.sqrt((megapixels * 1e6 * 3) / 2));
const height = Math.round((width * 2) / 3);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-images-'));
const blobs = new FileBlobStore(dir);
const key = { key: randomBytes(32), version: 1 };
const keys = { keyByVersion: async () => key.key } as unknown as KeyRing;
const deps = { db: null, scanner: null, keys, blobs } as unknown as MediaDeps;

// Noise does not compress, so the file is as large as a detailed photo.
const photo = await sharp({
  create: {
    width,
    height,
    channels: 3,
    background: '#777',
    noise: { type: 'gaussian', mean: 128, sigma: 40 },
  },
})
  .jpeg({ quality: 92 })
  .toBuffer();
const rssBefore = process.memoryUsage().rss;
console.log(
  `input: ${width}×${height} JPEG, ${(photo.length / 1024 / 1024).toFixed(1)} MB; RSS before ${(rssBefore / 1024 / 1024).toFixed(0)} MB`,
);

for (let run = 1; run <= runs; run++) {
  const stem = newBlobKey('bench-town');
  const upload = `${stem}.upload`;
  await blobs.put(upload, Readable.from([photo]).pipe(encryptStream(key.key, key.version, upload)));
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const stored = await storeImage(deps, {
    org: 'bench-town',
    key,
    upload: { blobKey: upload, size: photo.length, mime: 'image/jpeg' },
    stem,
    extension: 'jpg',
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const kept = stored.sizeBytes + stored.derivatives.reduce((sum, d) => sum + d.sizeBytes, 0);
  console.log(
    `run ${run}: ${seconds.toFixed(2)} s (${(photo.length / 1024 / 1024 / seconds).toFixed(1)} MB/s), kept ${(kept / 1024 / 1024).toFixed(1)} MB in ${1 + stored.derivatives.length} blobs, RSS peak while re-encoding ${(peak / 1024 / 1024).toFixed(0)} MB`,
  );
  await blobs.delete(upload);
}
// maxRSS is in KiB; it includes making the test photo.
console.log(
  `process peak RSS (with making the input): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
fs.rmSync(dir, { recursive: true, force: true });
