import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { loadPgliteDataDir } from '../../src/db/database.js';
import { openTestDatabase, type TestDatabase } from './database.js';
import { childEnv, testDbKind } from './env.js';
import { pgliteTemplate } from './pglite-template.js';

const run = promisify(execFile);

export interface CliFailure {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI against a data directory of its own (and, on PostgreSQL, a fresh database) for one
 * test file: set up before its tests, removed after them.
 */
export function cliSandbox(prefix: string) {
  const sandbox = {
    dataDir: '',
    env: {} as Record<string, string>,
    pgDatabase: undefined as TestDatabase | undefined,
    mitte(args: string[], extra: Record<string, string> = {}) {
      return run('node', ['bin/mitte.js', ...args], { env: childEnv({ ...sandbox.env, ...extra }) });
    },
    /** The failed command's exit and output; throws when the command succeeds. */
    async failing(args: string[], extra: Record<string, string> = {}): Promise<CliFailure> {
      try {
        await sandbox.mitte(args, extra);
      } catch (error) {
        return error as CliFailure;
      }
      throw new Error(`mitte ${args.join(' ')} was expected to fail`);
    },
  };
  beforeAll(async () => {
    sandbox.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    sandbox.env = { NODE_ENV: 'test', DATA_DIR: sandbox.dataDir };
    const template = testDbKind() === 'pglite' ? pgliteTemplate() : undefined;
    // Start from the migrated template rather than having the first command run initdb and
    // every migration on the data directory (seconds of CPU per sandbox).
    if (template) await loadPgliteDataDir(path.join(sandbox.dataDir, 'db'), template);
    if (testDbKind() === 'postgres') {
      sandbox.pgDatabase = await openTestDatabase('postgres');
      await sandbox.pgDatabase.db.close();
      sandbox.env.DATABASE_URL = sandbox.pgDatabase.urls!.app;
      sandbox.env.DATABASE_OWNER_URL = sandbox.pgDatabase.urls!.owner;
    }
  });
  afterAll(async () => {
    await sandbox.pgDatabase?.close().catch(() => {});
    fs.rmSync(sandbox.dataDir, { recursive: true, force: true });
  });
  return sandbox;
}
