#!/usr/bin/env node
// The mitte CLI runs the built code; `npm run build:server` (or ./scripts/start) builds it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('mitte: not built yet; run "npm run build:server" first\n');
  process.exit(1);
}
const { runCli } = await import(entry.href);
await runCli(process.argv);
