import fs from 'node:fs';
import path from 'node:path';

/** mitte-C's version from package.json, found from here both in src/ and in dist/src/. */
export function toolVersion(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mitte-c') return pkg.version ?? '0';
    }
    dir = path.dirname(dir);
  }
  return '0';
}
