/**
 * The console's JavaScript per screen: for each route, the bytes a browser loads to show it (the
 * entry chunk, the route's own chunk, and every chunk they import statically), raw and gzip,
 * read from the build's manifest. Run after `npm run build:console`:
 *
 *   npx tsx bench/console-bundle.ts
 *
 * Prints figures; asserts nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const dist = path.resolve(import.meta.dirname, '../dist/console');
const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<
  string,
  ManifestChunk
>;

/** A screen and the module that renders it (under web/console/); /ops/ screens load the ops router. */
const SCREENS: [string, string][] = [
  ['/console/signin (sign-in)', 'src/pages/sign-in.tsx'],
  ['/console/ (dashboard)', 'src/pages/dashboard.tsx'],
  ['/console/spots (list)', 'src/pages/content/content-list.tsx'],
  ['/console/spots/new (spot editor)', 'src/pages/content/content-edit.tsx'],
  ['/console/spots/import', 'src/pages/content/content-import.tsx'],
  ['/console/media', 'src/pages/media.tsx'],
  ['/console/analytics', 'src/pages/analytics.tsx'],
  ['/console/site', 'src/pages/site-settings.tsx'],
  ['/console/users', 'src/pages/users.tsx'],
  ['/console/audit', 'src/pages/audit-log.tsx'],
  ['/console/account', 'src/pages/account.tsx'],
  ['/ops/ (organisations)', 'src/ops/organisations.tsx'],
];

const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
if (!entry) throw new Error('no entry chunk in the manifest');

/** The chunk of a source module: its own, or (when bundled into another) the entry's. */
function chunkOf(src: string): string {
  return manifest[src] ? src : entry![0];
}

/** The chunk keys loaded with `key`: itself and what it imports statically, transitively. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) closure(next, seen);
  return seen;
}

const sizeCache = new Map<string, { raw: number; gzip: number }>();
function size(file: string) {
  let s = sizeCache.get(file);
  if (!s) {
    const bytes = fs.readFileSync(path.join(dist, file));
    s = { raw: bytes.length, gzip: gzipSync(bytes).length };
    sizeCache.set(file, s);
  }
  return s;
}

const kb = (n: number) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
const jsFiles = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js'));
const total = jsFiles.reduce((sum, f) => sum + size(f).raw, 0);
console.log(
  `console JavaScript: ${jsFiles.length} files, ${kb(total).trim()} in all; entry ${manifest[entry[0]]!.file} ${kb(size(manifest[entry[0]]!.file).raw).trim()}`,
);
console.log(`${'screen'.padEnd(36)} ${'JS loaded'.padStart(10)} ${'gzip'.padStart(10)}  files`);
for (const [screen, src] of SCREENS) {
  // The entry loads the router of its app (console or ops) when that is its own chunk.
  const router = screen.startsWith('/ops/') ? 'src/ops/router.tsx' : 'src/router.tsx';
  const keys = new Set([...closure(entry[0]), ...closure(chunkOf(router)), ...closure(chunkOf(src))]);
  const files = [...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
  const raw = files.reduce((sum, f) => sum + size(f).raw, 0);
  const gzip = files.reduce((sum, f) => sum + size(f).gzip, 0);
  console.log(`${screen.padEnd(36)} ${kb(raw)} ${kb(gzip)}  ${files.length}`);
}
