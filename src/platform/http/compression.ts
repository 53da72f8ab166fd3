import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Text formats worth compressing: pages, styles, scripts, JSON, XML (sitemaps, feeds), CSV, SVG. */
const COMPRESSIBLE =
  /^(?:text\/(?:html|css|javascript|plain|csv|xml|calendar)|application\/(?:json|javascript|xml|[\w.+-]+\+(?:json|xml))|image\/svg\+xml)(?:;|$)/;

/**
 * Brotli (quality 4: cheap enough per request) or gzip for text answers, by Accept-Encoding; on a
 * phone over 4G the pages and Leaflet shrink to a fraction. Must be registered before the routes
 * (it attaches itself to each route as it is defined) and after the public cache, whose onSend
 * then keeps the uncompressed body. Sign-in answers, which can carry one-time secrets next to
 * what a client sent, stay uncompressed (BREACH). Request bodies are never decompressed.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (/^\/api\/v1\/(?:ops\/)?auth\//.test(route.url)) route.compress = false;
  });
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    globalDecompression: false,
  });
}
