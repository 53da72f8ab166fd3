import zlib from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Text formats worth compressing: pages, styles, scripts, JSON, XML (sitemaps, feeds), CSV, SVG. */
const COMPRESSIBLE =
  /^(?:text\/(?:html|css|javascript|plain|csv|xml|calendar)|application\/(?:json|javascript|xml|[\w.+-]+\+(?:json|xml))|image\/svg\+xml)(?:;|$)/;

const ENCODINGS = ['br', 'gzip'] as const;
type Encoding = (typeof ENCODINGS)[number];
/** Below this a body is sent as it is (headers would eat the saving); @fastify/compress's default. */
export const THRESHOLD_BYTES = 1024;
/** The settings @fastify/compress uses per request, so a body reads the same either way. */
const COMPRESS: Record<Encoding, (body: Buffer) => Buffer> = {
  br: (body) =>
    zlib.brotliCompressSync(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  gzip: (body) => zlib.gzipSync(body),
};

/**
 * Bodies sent again and again (the public response cache's), each with what to tell of the bytes
 * its compressed copies take, and the copies.
 */
const reusable = new WeakMap<Buffer, (bytes: number) => void>();
const copies = new WeakMap<Buffer, Partial<Record<Encoding, Buffer>>>();

/**
 * Marks a body that will be sent again as it is (a response cache entry): it is then compressed
 * once per encoding and the copy kept as long as the body is, instead of once per request. Every
 * browser asks for br or gzip, so without this a cache hit still costs a compression (a 47 KB
 * list at brotli 4: most of the hit's time). `onCopy` hears each copy's size, so the cache
 * counts it in its budget.
 */
export function sentAgain(body: Buffer, onCopy: (bytes: number) => void): Buffer {
  reusable.set(body, onCopy);
  return body;
}

/** How many compressed copies have been made (the tests read it). */
export const compressedCopies = { made: 0 };

function compressedCopy(body: Buffer, encoding: Encoding): Buffer {
  let kept = copies.get(body);
  if (!kept) {
    kept = {};
    copies.set(body, kept);
  }
  let copy = kept[encoding];
  if (!copy) {
    copy = COMPRESS[encoding](body);
    kept[encoding] = copy;
    compressedCopies.made += 1;
    reusable.get(body)?.(copy.length);
  }
  return copy;
}

/** The encoding to answer a reusable body in, or undefined to leave it to the per-request path. */
function onceEncoding(request: FastifyRequest, reply: FastifyReply, payload: Buffer): Encoding | undefined {
  if (!reusable.has(payload) || payload.length < THRESHOLD_BYTES || reply.statusCode !== 200)
    return undefined;
  if (reply.hasHeader('content-encoding')) return undefined;
  if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return undefined;
  return acceptedEncoding(request, ENCODINGS);
}

/** The one of `offered` the client asks for, read as @fastify/compress reads Accept-Encoding. */
function acceptedEncoding<E extends Encoding>(request: FastifyRequest, offered: readonly E[]): E | undefined {
  const accepted = request.headers['accept-encoding'];
  if (typeof accepted !== 'string' || request.headers['x-no-compression'] !== undefined) return undefined;
  // `*` and x-gzip stand for gzip.
  const encoding = negotiate(accepted.toLowerCase().replace(/\*|x-gzip/g, 'gzip'), [...offered]);
  return offered.find((e) => e === encoding);
}

/**
 * A body kept gzipped (a page rendered ahead, an API detail serialised ahead): sent as it is,
 * with its Content-Encoding, to a client that takes gzip (every browser); for one that does not,
 * its uncompressed bytes when they are kept too, else inflated (~15 µs for a spot page).
 */
export function gzippedOrPlain<P extends Buffer | string>(
  request: FastifyRequest,
  reply: FastifyReply,
  gzipped: Buffer,
  plain?: P,
): Buffer | P {
  if (!acceptedEncoding(request, ['gzip'] as const)) return plain ?? zlib.gunzipSync(gzipped);
  addVary(reply, 'accept-encoding');
  reply.header('content-encoding', 'gzip');
  return gzipped;
}

function addVary(reply: FastifyReply, name: string): void {
  const vary = String(reply.getHeader('vary') ?? '');
  if (vary.split(',').some((v) => v.trim().toLowerCase() === name.toLowerCase() || v.trim() === '*')) return;
  reply.header('vary', vary ? `${vary}, ${name}` : name);
}

/**
 * Brotli (quality 4: cheap enough per request) or gzip for text answers, by Accept-Encoding; on a
 * phone over 4G the pages and Leaflet shrink to a fraction. Must be registered before the routes
 * (it attaches itself to each route as it is defined) and after the public cache, whose onSend
 * then keeps the uncompressed body; a body the cache marked `sentAgain` is compressed once and
 * the copy reused (the onSend hook below runs before the per-route one, which then sees the
 * Content-Encoding and passes). Sign-in answers, which can carry one-time secrets next to what a
 * client sent, stay uncompressed (BREACH). Request bodies are never decompressed.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (/^\/api\/v1\/(?:ops\/)?auth\//.test(route.url)) route.compress = false;
  });
  // Callback-style: it awaits nothing, and an async hook costs every request a promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!Buffer.isBuffer(payload)) return done(null, payload);
    const encoding = onceEncoding(request, reply, payload);
    if (!encoding) return done(null, payload);
    addVary(reply, 'accept-encoding'); // as @fastify/compress writes it, so every path sends the same header
    reply.header('content-encoding', encoding);
    done(null, compressedCopy(payload, encoding));
  });
  await app.register(compress, {
    encodings: [...ENCODINGS],
    customTypes: COMPRESSIBLE,
    globalDecompression: false,
  });
}
