import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { Errors } from '../platform/errors.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Leaflet is served from its package, so the version in package-lock.json is the one visitors get.
const LEAFLET_DIST = path.join(
  path.dirname(createRequire(import.meta.url).resolve('leaflet/package.json')),
  'dist',
);

/** The site's static files, by public name: an allow-list, nothing else is read from disk. */
const FILES: Record<string, { file: string; type: string }> = {
  'site.css': { file: path.join(HERE, 'assets', 'site.css'), type: 'text/css; charset=utf-8' },
  'site.js': { file: path.join(HERE, 'assets', 'site.js'), type: 'text/javascript; charset=utf-8' },
  'rally-sw.js': {
    file: path.join(HERE, 'assets', 'rally-sw.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'rally.js': { file: path.join(HERE, 'assets', 'rally.js'), type: 'text/javascript; charset=utf-8' },
  'rally-icon.svg': { file: path.join(HERE, 'assets', 'rally-icon.svg'), type: 'image/svg+xml' },
  // Rendered from the SVG by scripts/render-rally-icons.mjs (installing needs PNG icons).
  ...Object.fromEntries(
    ['rally-icon-192.png', 'rally-icon-512.png', 'rally-icon-maskable-512.png'].map((name) => [
      name,
      { file: path.join(HERE, 'assets', name), type: 'image/png' },
    ]),
  ),
  'leaflet/leaflet.js': {
    file: path.join(LEAFLET_DIST, 'leaflet.js'),
    type: 'text/javascript; charset=utf-8',
  },
  'leaflet/leaflet.css': { file: path.join(LEAFLET_DIST, 'leaflet.css'), type: 'text/css; charset=utf-8' },
  ...Object.fromEntries(
    ['marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png', 'layers.png', 'layers-2x.png'].map(
      (name) => [
        `leaflet/images/${name}`,
        { file: path.join(LEAFLET_DIST, 'images', name), type: 'image/png' },
      ],
    ),
  ),
};

interface Asset {
  body: Buffer;
  type: string;
  version: string;
}
let loaded: Map<string, Asset> | undefined;

function assets(): Map<string, Asset> {
  loaded ??= new Map(
    Object.entries(FILES).map(([name, { file, type }]) => {
      const body = fs.readFileSync(file);
      return [name, { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 12) }];
    }),
  );
  return loaded;
}

/** An asset's bytes (the stamp rally's service worker is served under the campaign's path). */
export function assetBody(name: string): Buffer {
  const asset = assets().get(name);
  if (!asset) throw new Error(`no site asset ${name}`);
  return asset.body;
}

/** An asset's URL with its content hash, so it can be cached for a year and still change on deploy. */
export function assetUrl(name: string): string {
  const asset = assets().get(name);
  return `/site-assets/${name}${asset ? `?v=${asset.version}` : ''}`;
}

export function serveSiteAssets(app: FastifyInstance): void {
  app.get<{ Params: { '*': string } }>(
    '/site-assets/*',
    { schema: { hide: true }, config: { mitte: { access: { public: true }, scope: 'none' } } },
    async (request, reply) => {
      const name = request.params['*'];
      const asset = assets().get(name);
      if (!asset) throw Errors.notFound();
      return reply
        .type(asset.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(asset.body);
    },
  );
}
