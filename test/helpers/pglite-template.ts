import fs from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a migrated PGlite data-directory dump made once per run by global-setup.ts. */
    pgliteTemplate: string;
  }
}

let template: Blob | undefined;

/**
 * The migrated template, read once per test file. Loading it takes about a second where initdb
 * plus every migration takes three; undefined outside a vitest project with the global set-up.
 */
export function pgliteTemplate(): Blob | undefined {
  if (template) return template;
  let file: string | undefined;
  try {
    file = inject('pgliteTemplate');
  } catch {
    return undefined;
  }
  if (!file || !fs.existsSync(file)) return undefined;
  template = new Blob([fs.readFileSync(file)]);
  return template;
}
