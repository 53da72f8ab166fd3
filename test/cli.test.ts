import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/database.js';
import { cliSandbox } from './helpers/cli.js';
import { testDbKind } from './helpers/env.js';

const kind = testDbKind();
const cli = cliSandbox('mitte-cli-');

const mitte = (...args: string[]) => cli.mitte(args);
const failing = (...args: string[]) => cli.failing(args);
/** `create-org` with the organisation's service code and names; options go after it. */
const createOrg = (code: string, nameJa: string, nameEn: string) => [
  'create-org',
  '--code',
  code,
  '--name-ja',
  nameJa,
  '--name-en',
  nameEn,
];

/** Superuser access to the CLI's database, with triggers off, to tamper with it. */
async function tamper(sql: string): Promise<void> {
  if (kind === 'postgres') {
    const client = new pg.Client({ connectionString: cli.pgDatabase!.urls!.admin });
    await client.connect();
    try {
      await client.query(`BEGIN; SET LOCAL session_replication_role = replica; ${sql}; COMMIT;`);
    } finally {
      await client.end();
    }
    return;
  }
  const db: Database = await openDatabase({ pgliteDir: path.join(cli.dataDir, 'db') });
  try {
    await db.pool.query(`BEGIN; SET LOCAL session_replication_role = replica; ${sql}; COMMIT;`);
  } finally {
    await db.close();
  }
}

describe(`mitte CLI on ${kind}`, () => {
  it('--help lists the commands', async () => {
    const { stdout } = await mitte('--help');
    for (const command of [
      'migrate',
      'create-org',
      'create-operator',
      'import',
      'export',
      'verify-audit',
      'db-setup',
      'rotate-master-key',
    ])
      expect(stdout).toContain(command);
  });

  it('migrate, then create-org, then verify-audit says OK with the count', async () => {
    const migrated = await mitte('migrate');
    expect(migrated.stdout).toMatch(/applied: 1_foundation|database is up to date/);
    const created = await mitte(...createOrg('kita-town', '北町', 'Kita Town'), '--lg-code', '131016');
    expect(created.stdout).toContain('organisation kita-town created (北町 / Kita Town)');
    const verified = await mitte('verify-audit');
    // Provisioning writes one event to the provider chain and one to the organisation's.
    expect(verified.stdout.trim()).toBe('OK: 2 events in 2 chains verified');
  });

  it('create-org refuses a wrong check digit and a taken service code, in Japanese and English', async () => {
    const bad = await failing(...createOrg('minami', '南町', 'Minami'), '--lg-code', '131017');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('検査数字');
    expect(bad.stderr).toContain('check digit');
    const taken = await failing(...createOrg('kita-town', '北町', 'Kita'));
    expect(taken.stderr).toContain('This service code is already in use.');
  });

  it('import (dry run, then for real with progress) and export of open data, as an organisation user', async () => {
    await tamper(`SELECT set_config('app.org', 'kita-town', true);
      INSERT INTO tenant.users (org, email, name, role, status) VALUES ('kita-town', 'staff@kita.example.jp', '職員', 'admin', 'active')`);
    const fixture = (name: string) => new URL(`./fixtures/opendata/${name}`, import.meta.url).pathname;
    const common = ['--org', 'kita-town', '--as', 'staff@kita.example.jp', '--dataset', 'tourism'];
    const dry = await failing('import', ...common, '--file', fixture('tourism-bad.csv'), '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/^line \d+/m);
    const real = await mitte('import', ...common, '--file', fixture('tourism-utf8.csv'));
    expect(real.stdout).toMatch(/utf8: 12 created, 0 updated, 0 unchanged/);
    const out = path.join(cli.dataDir, 'export.csv');
    const exported = await mitte('export', ...common, '--out', out, '--encoding', 'utf8');
    expect(exported.stdout).toContain(`to ${out}`);
    expect(fs.readFileSync(out, 'utf8').split('\r\n')[0]).toContain('都道府県コード又は市区町村コード');
    const unknownUser = await failing(
      'import',
      '--org',
      'kita-town',
      '--as',
      'nobody@kita.example.jp',
      '--dataset',
      'tourism',
      '--file',
      fixture('tourism-utf8.csv'),
    );
    expect(unknownUser.stderr).toContain('No active user');
  });

  it('create-org --admin-email --admin-name provisions and mails the first admin the invitation, as the operator console does', async () => {
    const outbox = path.join(cli.dataDir, 'outbox');
    const before = fs.existsSync(outbox) ? fs.readdirSync(outbox).length : 0;
    const created = await mitte(
      ...createOrg('higashi', '東町', 'Higashi'),
      '--admin-email',
      'kanri@higashi.example.jp',
      '--admin-name',
      '東 花子',
    );
    expect(created.stdout).toContain('organisation higashi created (東町 / Higashi)');
    expect(created.stdout).toContain('invitation mailed to kanri@higashi.example.jp');
    const mails = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(mails.length).toBe(before + 1);
    // The body is quoted-printable: undo soft line breaks and the encoded '='.
    const mail = fs
      .readFileSync(path.join(outbox, mails.sort().at(-1)!), 'utf8')
      .replace(/=\r?\n/g, '')
      .replace(/=3D/g, '=');
    expect(mail).toContain('kanri@higashi.example.jp');
    expect(mail).toContain('X-Mitte-Service-Code: higashi');
    expect(mail).toMatch(/console\/invitation\?token=higashi\./);

    const half = await failing(...createOrg('nishi', '西町', 'Nishi'), '--admin-email', 'a@nishi.example.jp');
    expect(half.code).toBe(1);
    expect(half.stderr).toContain('--admin-email and --admin-name together');
    const bad = await failing(
      ...createOrg('nishi', '西町', 'Nishi'),
      '--admin-email',
      'not-an-address',
      '--admin-name',
      'x',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('expected an e-mail address');
  });

  it('import --publish needs the publish right (refused before anything is written) and publishes what it imports', async () => {
    await tamper(`SELECT set_config('app.org', 'kita-town', true);
      INSERT INTO tenant.users (org, email, name, role, status, rights) VALUES ('kita-town', 'editor@kita.example.jp', '編集者', 'general', 'active', '{"events": "edit"}')`);
    const fixture = (name: string) => new URL(`./fixtures/opendata/${name}`, import.meta.url).pathname;
    const args = (as: string) => [
      'import',
      '--org',
      'kita-town',
      '--as',
      as,
      '--dataset',
      'events',
      '--file',
      fixture('events-utf8.csv'),
      '--publish',
    ];
    const refused = await failing(...args('editor@kita.example.jp'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('公開の権限');
    expect(refused.stderr).toContain('Nothing was imported');
    const done = await mitte(...args('staff@kita.example.jp'));
    expect(done.stdout).toMatch(/utf8: (\d+) created, 0 updated, 0 unchanged, \1 published/);
  });

  it('verify-audit names the first broken link and exits 1', async () => {
    await tamper(
      "UPDATE audit.events SET action = 'organisation.deleted' WHERE chain = 'kita-town' AND seq = 1",
    );
    const broken = await failing('verify-audit');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      'BROKEN: chain kita-town at event 1: stored content does not match its hash',
    );
  });
});
