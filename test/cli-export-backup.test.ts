import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from './helpers/cli.js';
import { adminQuery } from './helpers/database.js';
import { pgAdminUrl, testDbKind, withDatabase } from './helpers/env.js';

// The CLI on the database selected by TEST_DB: PGlite in its DATA_DIR, or a fresh PostgreSQL
// database backed up through the mitte_backup role that db-setup creates.
const kind = testDbKind();
const cli = cliSandbox('mitte-cli-export-');
let root: string;
let env: Record<string, string>;
const restoreTarget = `mitte_cli_restore_${randomBytes(4).toString('hex')}`;
const emptyTarget = `${restoreTarget}_empty`;

function mitte(extra: Record<string, string>, ...args: string[]) {
  return cli.mitte(args, { ...env, ...extra });
}

function failing(extra: Record<string, string>, ...args: string[]) {
  return cli.failing(args, { ...env, ...extra });
}

beforeAll(async () => {
  root = cli.dataDir;
  fs.writeFileSync(path.join(root, 'master.key'), randomBytes(32).toString('base64'), { mode: 0o600 });
  fs.writeFileSync(path.join(root, 'backup.key'), randomBytes(32).toString('base64'), { mode: 0o600 });
  env = { BACKUP_KEY_FILE: path.join(root, 'backup.key') };
  if (kind === 'postgres') {
    env.BACKUP_DATABASE_URL = cli.pgDatabase!.urls!.backup;
    await adminQuery(`CREATE DATABASE ${restoreTarget}`);
    await adminQuery(`CREATE DATABASE ${emptyTarget}`);
  }
  await mitte({}, 'migrate');
  await mitte({}, 'create-org', '--code', 'cli-export', '--name-ja', '書出町', '--name-en', 'Export Town');
}, 120_000);
afterAll(async () => {
  if (kind !== 'postgres') return;
  await adminQuery(`DROP DATABASE IF EXISTS ${restoreTarget} WITH (FORCE)`);
  await adminQuery(`DROP DATABASE IF EXISTS ${emptyTarget} WITH (FORCE)`);
});

describe(`mitte export-org, verify-audit --export, backup and restore on ${kind}`, () => {
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
    // Four CLI starts: tens of seconds each on a busy 2-core runner.
  }, 180_000);

  it('backup, then restore --verify; a wrong key and a non-empty target are refused', async () => {
    const out = path.join(root, 'backups');
    const taken = await mitte({}, 'backup', '--out', out);
    const file = /^backup (.+\.mbk)$/m.exec(taken.stdout)?.[1];
    expect(file).toBeDefined();
    // PostgreSQL restores into an empty database the operator names (and drops afterwards).
    const target = kind === 'postgres' ? ['--target-url', withDatabase(pgAdminUrl(), restoreTarget)] : [];
    const verified = await mitte({}, 'restore', '--verify', file!, ...target);
    expect(verified.stdout).toContain('restore verified');
    expect(verified.stdout).toMatch(/OK +\d+ audit events in \d+ chains verify/);

    fs.writeFileSync(path.join(root, 'other.key'), randomBytes(32).toString('base64'));
    const wrong = await failing(
      { BACKUP_KEY_FILE: path.join(root, 'other.key') },
      'restore',
      '--verify',
      file!,
      ...(kind === 'postgres' ? ['--target-url', withDatabase(pgAdminUrl(), emptyTarget)] : []),
    );
    expect(wrong.stderr).toContain('encrypted with another key');

    if (kind === 'postgres') {
      // The restore target now holds the schemas: restoring into it again is refused.
      const refused = await failing({}, 'restore', file!, ...target, '--blob-dir', path.join(root, 'nb'));
      expect(refused.stderr).toContain('not empty');
      return;
    }
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
  }, 180_000);
});
