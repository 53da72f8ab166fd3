/**
 * How the server process runs where it is deployed, read from scripts/start (whose line the deploy
 * test holds equal to the Dockerfile's and the systemd unit's): a bench's server runs the same way,
 * so the RSS and the pauses it reports are the deployed ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** From dist/bench/lib as from bench/lib: the repository is the one holding scripts/start. */
const START = [ROOT, path.resolve(ROOT, '..')]
  .map((dir) => path.join(dir, 'scripts/start'))
  .find((file) => fs.existsSync(file));

/** The node flags scripts/start gives the server (`node <flags> dist/src/server.js`). */
export function deployedNodeArgs(): string[] {
  if (!START) throw new Error('scripts/start not found');
  const line = fs
    .readFileSync(START, 'utf8')
    .split('\n')
    .find((l) => /\bnode\b.*dist\/src\/server\.js/.test(l));
  const flags = line && /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/src\/server\.js/.exec(line)?.[1];
  if (flags === undefined) throw new Error('no server line in scripts/start');
  return flags.split(' ').filter(Boolean);
}

/** The environment scripts/start sets for the server beyond the configuration (glibc's arenas). */
export const DEPLOYED_ENV = { MALLOC_ARENA_MAX: '2' } as const;
