import { pipeline, type Readable } from 'node:stream';
import type { Metadata, Sharp } from 'sharp';
import type { MediaDerivative } from '../../db/schema-content.js';
import { hashTap } from '../../platform/crypto/hash-tap.js';
import { encryptStream, openEncryptedRange } from '../../platform/crypto/segmented-aead.js';
import type { AppError } from '../../platform/errors.js';
import { fileRefused } from './file-refusal.js';
import type { MediaDeps } from './media.service.js';

/** WebP derivatives by nominal width; the URL names (`w320.webp`) are a public contract. */
export const VARIANT_WIDTHS = { w320: 320, w800: 800, w1600: 1600 } as const;
export type Variant = keyof typeof VARIANT_WIDTHS;
export const VARIANTS = Object.keys(VARIANT_WIDTHS) as Variant[];

let imageThreads: number | undefined;
let library: Promise<typeof import('sharp')['default']> | undefined;

/**
 * sharp (libvips), loaded with the first image: a process that handles none (most CLI commands)
 * does not pay its load. Each image is decoded once per output and never again: libvips'
 * operation cache would only keep decoded pixels alive between uploads, so memory stays bound
 * by the processing queue.
 */
export function imageLibrary(): Promise<typeof import('sharp')['default']> {
  library ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    if (imageThreads !== undefined) sharp.concurrency(imageThreads);
    return sharp;
  });
  return library;
}

/**
 * Set once at start (MEDIA_IMAGE_THREADS): libvips' worker threads per image operation. Its
 * default is one per core, each with its own tile buffers; the processing queue already runs
 * uploads side by side, so one thread each keeps memory at queue slots × one pipeline.
 */
export function configureImageLibrary(threads: number): void {
  imageThreads = threads;
  if (library) void library.then((sharp) => sharp.concurrency(threads));
}

/** A pixel flood ("image bomb") declares a huge size in a small file: refused before decoding. */
export const MAX_IMAGE_PIXELS = 100_000_000;

// Every decode is bounded; animated GIF/WebP keep all their frames. 'error' rather than the
// default 'warning' so that ordinary camera files with a harmless quirk still re-encode.
const INPUT = { limitInputPixels: MAX_IMAGE_PIXELS, animated: true, failOn: 'error' } as const;

const FORMAT_OF_MIME: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'heif',
};

export interface StoredImage {
  blobKey: string;
  sizeBytes: number;
  sha256: string;
  width: number;
  height: number;
  derivatives: MediaDerivative[];
}

function tooManyPixels() {
  return fileRefused(
    413,
    'image_too_many_pixels',
    `画像の画素数が多すぎます（上限 ${MAX_IMAGE_PIXELS / 1_000_000} メガピクセル）。縮小してからアップロードしてください。`,
    `The image has too many pixels (limit ${MAX_IMAGE_PIXELS / 1_000_000} megapixels). Make it smaller before uploading.`,
  );
}

function unreadable(cause: unknown) {
  return fileRefused(
    422,
    'image_unreadable',
    '画像を読み込めませんでした（壊れているか、画像以外のデータが含まれています）。',
    'The image could not be read (it is damaged or contains something other than an image).',
    { cause },
  );
}

/** What libvips said, as the answer the uploader gets. */
function imageFailure(error: unknown): AppError {
  if (error instanceof Error && /pixel limit/i.test(error.message)) return tooManyPixels();
  return unreadable(error);
}

/** Encrypts a plaintext stream into a new staged blob, counting and hashing what goes in. */
export async function storeEncrypted(
  deps: MediaDeps,
  key: { key: Buffer; version: number },
  blobKey: string,
  source: Readable,
): Promise<{ sizeBytes: number; sha256: string }> {
  const { tap, result } = hashTap();
  const encrypted = encryptStream(key.key, key.version, blobKey);
  pipeline(source, tap, encrypted, () => {});
  // Staged like the upload itself: committed with the row, so a crash leaves nothing live.
  await deps.blobs.stage(blobKey, encrypted);
  const { size, sha256 } = result();
  return { sizeBytes: size, sha256 };
}

/** The scanned upload, decrypted. Bounded by the image size limit (20 MB); libvips needs it whole to decode (sharp buffers a stream input too). */
async function readBlob(deps: MediaDeps, org: string, blobKey: string, size: number): Promise<Buffer> {
  if (size === 0) throw unreadable(new Error('empty file'));
  const stream = await openEncryptedRange(
    deps.blobs.source(blobKey, { staged: true }),
    (version) => deps.keys.keyByVersion(org, version),
    blobKey,
    0,
    size - 1,
  );
  // Copied into one buffer of the known size as it arrives: never the chunks and their
  // concatenation at once (twice the file).
  const whole = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const chunk of stream) {
    const piece = chunk as Buffer;
    if (filled + piece.length > size) throw unreadable(new Error('stored upload is longer than recorded'));
    piece.copy(whole, filled);
    filled += piece.length;
  }
  if (filled !== size) throw unreadable(new Error('stored upload is shorter than recorded'));
  return whole;
}

function reencoded(image: Sharp, format: string): Sharp {
  // Encoders write no metadata unless asked: EXIF (with GPS), XMP and IPTC are gone, and the
  // pixels are converted to sRGB without keeping the ICC profile.
  switch (format) {
    case 'jpeg':
      // Without mozjpeg's optimised Huffman tables the encoder streams row by row; with them it
      // holds every coefficient of the photo for a second pass: a 24 MP photo took 160 MB instead
      // of 30 MB, and 4x the time, for a file about 5 % smaller (the site shows the WebP copies).
      return image.jpeg({ quality: 85, optimiseCoding: false });
    case 'png':
      return image.png();
    case 'webp':
      return image.webp({ quality: 85 });
    case 'gif':
      return image.gif();
    default:
      return image.avif({ quality: 60 });
  }
}

/** A scanned upload on its way to being kept (an image or a video): where it is, and under what key and name. */
export interface UploadToKeep {
  org: string;
  /** The organisation's data key the kept files are encrypted with. */
  key: { key: Buffer; version: number };
  /** The encrypted temporary blob. */
  upload: { blobKey: string; size: number; mime: string };
  /** The kept files' key stem and extension. */
  stem: string;
  extension: string;
}

/**
 * Turns a scanned upload (an encrypted temporary blob) into what is kept: the image re-encoded
 * in its own format, auto-oriented and stripped of all metadata, and WebP derivatives at the
 * widths of VARIANT_WIDTHS that do not upscale (the smallest always). The raw bytes are never
 * kept; the caller removes the temporary blob. On failure every blob made here is removed.
 */
export async function storeImage(deps: MediaDeps, file: UploadToKeep): Promise<StoredImage> {
  const { org, key, upload, stem, extension } = file;
  const sharp = await imageLibrary();
  const input = await readBlob(deps, org, upload.blobKey, upload.size);
  const made: string[] = [];
  try {
    let meta: Metadata;
    try {
      meta = await sharp(input, INPUT).metadata();
    } catch (error) {
      throw imageFailure(error);
    }
    const frames = meta.pages ?? 1;
    const frameWidth = meta.autoOrient?.width ?? meta.width;
    const frameHeight = frames > 1 ? meta.pageHeight : (meta.autoOrient?.height ?? meta.height);
    if (!frameWidth || !frameHeight || meta.format !== FORMAT_OF_MIME[upload.mime]) {
      throw unreadable(new Error(`libvips read ${meta.format}, expected ${upload.mime}`));
    }
    if (frameWidth * frameHeight * frames > MAX_IMAGE_PIXELS) throw tooManyPixels();

    // Each output is its own sharp pipeline streamed into encryption, one at a time, so at most
    // one decoded image is in memory. A libvips error is told apart from a storage one.
    const encode = async (blobKey: string, image: Sharp) => {
      let libvipsError: unknown;
      image.once('error', (error) => {
        libvipsError = error;
      });
      made.push(blobKey);
      try {
        return await storeEncrypted(deps, key, blobKey, image);
      } catch (error) {
        throw libvipsError ? imageFailure(libvipsError) : error;
      }
    };
    const blobKey = `${stem}.${extension}`;
    const original = await encode(blobKey, reencoded(sharp(input, INPUT).autoOrient(), meta.format));

    const derivatives: MediaDerivative[] = [];
    for (const variant of VARIANTS) {
      const nominal = VARIANT_WIDTHS[variant];
      if (nominal > frameWidth && derivatives.length > 0) break;
      const width = Math.min(nominal, frameWidth);
      const derivativeKey = `${stem}.${variant}.webp`;
      const image = sharp(input, INPUT)
        .autoOrient()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 80 });
      const stored = await encode(derivativeKey, image);
      derivatives.push({
        variant,
        width,
        height: Math.max(1, Math.round((frameHeight * width) / frameWidth)),
        blobKey: derivativeKey,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        keyVersion: key.version,
      });
    }
    return { blobKey, ...original, width: frameWidth, height: frameHeight, derivatives };
  } catch (error) {
    await Promise.all(made.map((k) => deps.blobs.delete(k).catch(() => {})));
    throw error;
  }
}
