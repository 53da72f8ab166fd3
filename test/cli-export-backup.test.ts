import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, testDbKind } from './helpers/env.js';

// The CLI on the embedded database of its own DATA_DIR (PostgreSQL's backup path needs a
// superuser URL and an empty target database: covered by the operations runbook, not here).
const run = promisify(execFile);
const kind = testDbKind();
let root: string;
let env: Record<string, string>;

function mitte(extra: Record<string, string>, ...args: string[]) {
  return run('node', ['bin/mitte.js', ...args], { env: childEnv({ ...env, ...extra }) });
}

async function failing(extra: Record<string, string>, ...args: string[]) {
  try {
    await mitte(extra, ...args);
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
  throw new Error(`mitte ${args.join(' ')} was expected to fail`);
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-cli-export-'));
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir);
  fs.writeFileSync(path.join(dataDir, 'master.key'), randomBytes(32).toString('base64'), { mode: 0o600 });
  fs.writeFileSync(path.join(root, 'backup.key'), randomBytes(32).toString('base64'), { mode: 0o600 });
  env = { NODE_ENV: 'test', DATA_DIR: dataDir, BACKUP_KEY_FILE: path.join(root, 'backup.key') };
  if (kind === 'pglite') {
    await mitte({}, 'migrate');
    await mitte({}, 'create-org', '--code', 'cli-export', '--name-ja', '書出町', '--name-en', 'Export Town');
  }
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.runIf(kind === 'pglite')('mitte export-org, verify-audit --export, backup and restore', () => {
  it('export-org writes a zip that verify-audit --export accepts; a damaged zip or an existing file is refused', async () => {
    const zip = path.join(root, 'cli-export.zip');
    const { stdout } = await mitte({}, 'export-org', '--org', 'cli-export', '--out', zip);
    expect(stdout).toMatch(/wrote \d+ files, \d+ bytes/);
    expect(fs.existsSync(`${zip}.part`)).toBe(false);
    const verified = await mitte({}, 'verify-audit', '--export', zip);
    expect(verified.stdout).toMatch(
      /^OK: \d+ files of cli-export match the manifest; \d+ audit events verified/,
    );

    const again = await failing({}, 'export-org', '--org', 'cli-export', '--out', zip);
    expect(again.stderr).toContain('exists already');
    const cut = path.join(root, 'cut.zip');
    fs.writeFileSync(cut, fs.readFileSync(zip).subarray(0, 200));
    expect((await failing({}, 'verify-audit', '--export', cut)).code).toBe(1);
  });

  it('backup, then restore --verify; a wrong key and a non-empty target are refused', async () => {
    const out = path.join(root, 'backups');
    const taken = await mitte({}, 'backup', '--out', out);
    const file = /^backup (.+\.mbk)$/m.exec(taken.stdout)?.[1];
    expect(file).toBeDefined();
    const verified = await mitte({}, 'restore', '--verify', file!);
    expect(verified.stdout).toContain('restore verified');
    expect(verified.stdout).toMatch(/OK +\d+ audit events in \d+ chains verify/);

    fs.writeFileSync(path.join(root, 'other.key'), randomBytes(32).toString('base64'));
    const wrong = await failing(
      { BACKUP_KEY_FILE: path.join(root, 'other.key') },
      'restore',
      '--verify',
      file!,
    );
    expect(wrong.stderr).toContain('encrypted with another key');

    const occupied = path.join(root, 'occupied');
    fs.mkdirSync(occupied);
    fs.writeFileSync(path.join(occupied, 'x'), 'x');
    const refused = await failing(
      {},
      'restore',
      file!,
      '--target-dir',
      occupied,
      '--blob-dir',
      path.join(root, 'nb'),
    );
    expect(refused.stderr).toContain('not empty');
    expect(fs.readdirSync(occupied)).toEqual(['x']);
  });
});
