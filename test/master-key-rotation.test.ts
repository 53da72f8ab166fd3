import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { masterKeyId } from '../src/platform/crypto/data-keys.js';
import { startTestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import {
  Client,
  cookieHeader,
  nextTotp,
  postFile,
  type SeededAccount,
  seedUser,
  signedIn,
} from './helpers/client.js';
import { openTestDatabase, type TestDatabase } from './helpers/database.js';
import { childEnv, testDbKind } from './helpers/env.js';
import { createOrganisation } from './helpers/fixtures.js';
import { largePdf } from './helpers/media-files.js';
import { runServer, startServer } from './helpers/server-process.js';

// `mitte rotate-master-key`: afterwards the built server starts with the new key, existing media
// still decrypt and two-factor still works; with only the old key it refuses to start.

const run = promisify(execFile);
const kind = testDbKind();
const ORG = 'keyturn';
let dir: string;
let clamd: TestClamd;
let env: Record<string, string>;
let pgDatabase: TestDatabase | undefined;
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const keyFile = (name: string, key: Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return file;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-rotate-'));
  clamd = await startClamd();
  env = { DATA_DIR: dir, CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0', DEMO: 'false' };
  if (kind === 'postgres') {
    pgDatabase = await openTestDatabase('postgres');
    env.DATABASE_URL = pgDatabase.urls!.app;
    env.DATABASE_OWNER_URL = pgDatabase.urls!.owner;
  }
}, 60_000);
afterAll(async () => {
  await pgDatabase?.close().catch(() => {});
  await clamd?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The configured database (PGlite in DATA_DIR/db, or this test's PostgreSQL database). */
async function database(): Promise<TestDatabase> {
  if (pgDatabase) return pgDatabase;
  const db = await openConfiguredDatabase(loadConfig({ ...env, MASTER_KEY_FILE: path.join(dir, 'old.key') }));
  await migrate(db);
  return { kind, db, superuser: db.pool, close: () => db.close() };
}

describe(`master key rotation on ${kind}`, () => {
  let admin: SeededAccount;
  let mediaId: string;
  const pdf = largePdf(200_000, 'noise');

  it('media stored under the old master key', async () => {
    const oldFile = keyFile('old.key', oldKey);
    const db = await database();
    const t = await startTestApp({
      env: { ...env, MASTER_KEY_FILE: oldFile },
      database: db,
      deps: { masterKey: oldKey },
    });
    try {
      await createOrganisation(db.db, ORG);
      admin = await seedUser(t, ORG, { role: 'admin', totp: true });
      const client = await signedIn(t, ORG, admin);
      const res = await postFile(client, 'guide.pdf', pdf, 'application/pdf');
      const body = (await res.json()) as { id: string };
      expect(res.status, JSON.stringify(body)).toBe(201);
      mediaId = body.id;
    } finally {
      await t.close();
      if (!pgDatabase) await db.close();
    }
  });

  it('the command re-wraps the data keys and re-seals two-factor seeds, audited on the provider chain', async () => {
    const cliEnv = childEnv({ ...env, MASTER_KEY_FILE: path.join(dir, 'old.key') });
    const newFile = keyFile('new.key', newKey);
    const { stdout } = await run('node', ['bin/mitte.js', 'rotate-master-key', '--new-key-file', newFile], {
      env: cliEnv,
    });
    expect(stdout).toContain(`master key ${masterKeyId(oldKey)} → ${masterKeyId(newKey)}`);
    expect(stdout).toContain('re-wrapped 1 data keys and re-sealed 1 two-factor seeds');
    expect(stdout).toContain('MASTER_KEY_FILE');

    // The same key twice, and a key file others can read, are refused.
    const same = await run(
      'node',
      ['bin/mitte.js', 'rotate-master-key', '--new-key-file', path.join(dir, 'old.key')],
      {
        env: cliEnv,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(same).toMatchObject({ code: 1, stderr: expect.stringContaining('is the current one') });
    const loose = keyFile('loose.key', randomBytes(32));
    fs.chmodSync(loose, 0o644);
    const refused = await run('node', ['bin/mitte.js', 'rotate-master-key', '--new-key-file', loose], {
      env: cliEnv,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('--new-key-file') });

    const db = await database();
    try {
      const events = await db.superuser.query(
        "SELECT actor_type, details FROM audit.events WHERE chain = '#provider' AND action = 'crypto.master_key_rotated'",
      );
      expect(events.rows).toHaveLength(1);
      expect(events.rows[0].actor_type).toBe('system');
      expect(events.rows[0].details).toMatchObject({
        fromId: masterKeyId(oldKey),
        toId: masterKeyId(newKey),
        dataKeysRewrapped: 1,
        authenticatorSeedsResealed: 1,
      });
      const keys = await db.superuser.query(
        'SELECT DISTINCT master_key_id FROM provider.organisation_keys WHERE wrapped_key IS NOT NULL',
      );
      expect(keys.rows).toEqual([{ master_key_id: masterKeyId(newKey) }]);
    } finally {
      if (!pgDatabase) await db.close();
    }
  });

  it('with only the old key the server refuses to start, naming the mismatch', async () => {
    const server = runServer({ ...env, MASTER_KEY_FILE: path.join(dir, 'old.key') });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`MASTER_KEY_FILE holds master key ${masterKeyId(oldKey)}`);
    expect(server.output()).toContain('rotate-master-key');
  });

  it('with the new key the server starts, two-factor sign-in works and the media decrypts', async () => {
    const server = await startServer({ ...env, MASTER_KEY_FILE: path.join(dir, 'new.key') });
    try {
      const client = new Client(server.url);
      const login = await client.post('/api/v1/auth/login', {
        serviceCode: ORG,
        email: admin.email,
        password: admin.password,
      });
      expect((login.body as { status: string }).status).toBe('totp_required');
      const second = await client.post('/api/v1/auth/totp', { code: await nextTotp(admin.totpSecret!) });
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      const res = await fetch(`${server.url}/api/v1/media/${mediaId}/content`, {
        headers: { cookie: cookieHeader(client) },
      });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);
});
