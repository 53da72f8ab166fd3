import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { APP_ROLE, OWNER_ROLE, setupDatabaseRoles } from '../../src/db/roles.js';
import type { TestApp } from '../helpers/app.js';
import { startClamd, type TestClamd } from '../helpers/clamd.js';
import { Client, cookieHeader, postFile, seedUser, signedIn } from '../helpers/client.js';
import { spotData } from '../helpers/content.js';
import type { TestDatabase } from '../helpers/database.js';
import { withDatabase } from '../helpers/env.js';
import { createOrganisation } from '../helpers/fixtures.js';
import { noisyPng } from '../helpers/media-files.js';
import { startHaproxy, type TestProxy } from '../helpers/proxy.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { type ServerProcess, startServer } from '../helpers/server-process.js';

/**
 * Scale-out as deployed: two app nodes (the built server as processes) on one PostgreSQL, one
 * Redis (127.0.0.1:6379, a key prefix of this run) and one S3 store, behind a real HAProxy
 * (Debian's, installed by scripts/lib.sh) started here. PostgreSQL only: TEST_PG_ADMIN_URL.
 */
const admin = process.env.TEST_PG_ADMIN_URL;

let s3: TestS3;
let clamd: TestClamd;
let dir: string;
let dbName: string;
let database: TestDatabase;
let env: Record<string, string>;
let a: ServerProcess;
let b: ServerProcess;
let proxy: TestProxy;
let masterKey: Buffer;
let editor: Client;

async function waitForRedis(node: ServerProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ready = (await (await fetch(`${node.url}/readyz`)).json()) as {
      checks: { redis?: { state?: string } };
    };
    if (ready.checks.redis?.state === 'connected') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Redis not connected');
}

describe.skipIf(!admin)('two nodes behind HAProxy on PostgreSQL, Redis and S3', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-nodes-'));
    s3 = await startS3();
    clamd = await startClamd();
    dbName = `mitte_nodes_${randomBytes(5).toString('hex')}`;
    await setupDatabaseRoles(admin!, { database: dbName });
    const urls = {
      app: withDatabase(admin!, dbName, APP_ROLE),
      owner: withDatabase(admin!, dbName, OWNER_ROLE),
    };
    const db = await openDatabase({ databaseUrl: urls.app, databaseOwnerUrl: urls.owner });
    await migrate(db);
    const superuser = new pg.Pool({ connectionString: withDatabase(admin!, dbName), max: 2 });
    database = {
      kind: 'postgres',
      db,
      superuser,
      async close() {
        await db.close();
        await superuser.end();
      },
    };
    masterKey = randomBytes(32);
    const keyFile = path.join(dir, 'master.key');
    fs.writeFileSync(keyFile, `${masterKey.toString('base64')}\n`, { mode: 0o600 });
    env = {
      ...s3.env(await s3.newBucket()),
      DATABASE_URL: urls.app,
      DATABASE_OWNER_URL: urls.owner,
      MASTER_KEY_FILE: keyFile,
      SIGNING_KEY_FILE: path.join(dir, 'signing-key.pem'),
      CLAMD_URL: clamd.url,
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      REDIS_PREFIX: `mitte-nodes-${randomUUID()}:`,
      TRUST_PROXY: '127.0.0.1',
      DEMO: 'false',
      LOG_LEVEL: 'info',
      LOGIN_LOCK_THRESHOLD: '3',
      // Stored from the first answer: the test follows stored answers across nodes.
      PUBLIC_CACHE_ADMIT_AFTER: '1',
      LOGIN_DELAY_BASE_MS: '0',
    };
    // Generous: a start on a busy 2-core runner can take long; speed is measured in bench/.
    a = await startServer({ ...env, DATA_DIR: path.join(dir, 'a') }, { readyWithinMs: 120_000 });
    b = await startServer({ ...env, DATA_DIR: path.join(dir, 'b') }, { readyWithinMs: 120_000 });
    await waitForRedis(a);
    await waitForRedis(b);
    proxy = await startHaproxy(dir, [a.url, b.url]);
    await createOrganisation(db, 'nodeville');
    const rights = { spots: 'publish', media: 'edit' };
    editor = await signedIn(
      { url: proxy.url, masterKey, database } as unknown as TestApp,
      'nodeville',
      await seedUser({ masterKey, database } as unknown as TestApp, 'nodeville', { totp: false, rights }),
    );
  }, 180_000);

  afterAll(async () => {
    proxy?.child.kill('SIGKILL');
    await a?.kill();
    await b?.kill();
    await database?.close();
    if (dbName && admin) {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
      await client.end();
    }
    await clamd?.dispose();
    await s3?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const fake = () => ({ masterKey, database }) as unknown as TestApp;

  it('a session started on node A works on node B', async () => {
    const account = await seedUser(fake(), 'nodeville', { totp: false });
    const onA = await signedIn({ url: a.url } as TestApp, 'nodeville', account);
    const me = await fetch(`${b.url}/api/v1/me`, { headers: { cookie: cookieHeader(onA) } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(account.email);
  });

  it('sign-in failures count across nodes: two on A and one on B lock the account everywhere', async () => {
    const account = await seedUser(fake(), 'nodeville', { totp: false });
    const attempt = (node: ServerProcess, password: string) =>
      new Client(node.url).post('/api/v1/auth/login', {
        serviceCode: 'nodeville',
        email: account.email,
        password,
      });
    for (const node of [a, a, b]) expect((await attempt(node, 'wrong password 123')).status).toBe(401);
    const locked = await attempt(a, account.password);
    expect(locked.status, JSON.stringify(locked.body)).not.toBe(200);
    expect((await attempt(b, account.password)).status).not.toBe(200);
  });

  it('a publish through one node drops the cached answer on both', async () => {
    const created = (await editor.post('/api/v1/spots', spotData('旧い名前'))).body as {
      id: string;
      version: number;
    };
    const published = (await editor.post(`/api/v1/spots/${created.id}/publish`, { version: created.version }))
      .body as { version: number };
    const url = `/api/v1/public/nodeville/spots/${created.id}`;
    for (const node of [a, b]) {
      await fetch(`${node.url}${url}`);
      expect((await fetch(`${node.url}${url}`)).headers.get('x-cache')).toBe('hit');
    }
    const edited = await editor.put(`/api/v1/spots/${created.id}`, {
      version: published.version,
      data: spotData('新しい名前'),
    });
    expect(edited.status).toBe(200);
    const live = await editor.post(`/api/v1/spots/${created.id}/publish`, {
      version: (edited.body as { version: number }).version,
    });
    expect(live.status).toBe(200);
    for (const node of [a, b]) {
      await expect
        .poll(async () => (await (await fetch(`${node.url}${url}`)).text()).includes('新しい名前'), {
          timeout: 5000,
          interval: 50,
        })
        .toBe(true);
    }
  });

  it('an upload through node A is served by node B (one object store)', async () => {
    const onA = new Client(a.url);
    for (const [name, value] of editor.cookies) onA.cookies.set(name, value);
    const image = await noisyPng();
    const res = await postFile(onA, 'node.png', image, 'image/png');
    expect(res.status).toBe(201);
    const { id, sizeBytes } = (await res.json()) as { id: string; sizeBytes: number };
    const served = await fetch(`${b.url}/api/v1/media/${id}/content`, {
      headers: { cookie: cookieHeader(editor) },
    });
    expect(served.status).toBe(200);
    expect((await served.arrayBuffer()).byteLength).toBe(sizeBytes);
  });

  it('kill -9 of a node under load: the proxy fails over and no acknowledged write is lost', async () => {
    const acknowledged: string[] = [];
    const failures: number[] = [];
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const res = await editor.post('/api/v1/spots', spotData(`負荷 ${n}-${i}`)).catch(() => null);
        if (res?.status === 201) acknowledged.push((res.body as { id: string }).id);
        else failures.push(res?.status ?? 0);
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((r) => setTimeout(r, 1500));
    const before = acknowledged.length;
    await b.kill();
    await new Promise((r) => setTimeout(r, 2500));
    const afterKill = acknowledged.length;
    await new Promise((r) => setTimeout(r, 1000));
    stop = true;
    await Promise.all(writers);
    // Writes went on after the kill, through the node that is left.
    expect(before).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(afterKill);
    // Every write that was answered 201 is in the database.
    const { rows } = await database.superuser.query<{ id: string }>(
      'SELECT id::text FROM tenant.content_items WHERE org = $1 AND id = ANY($2::uuid[])',
      ['nodeville', acknowledged],
    );
    expect(rows.length).toBe(acknowledged.length);
    // At most the requests in flight on the killed node failed.
    expect(failures.length).toBeLessThanOrEqual(4);
    expect((await fetch(`${proxy.url}/readyz`)).status).toBe(200);
  });
});
