import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfiguredDatabase } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { APP_ROLE, OWNER_ROLE, setupDatabaseRoles } from '../../src/db/roles.js';
import { RallyKeys } from '../../src/modules/rally/index.js';
import { ensureMasterKey } from '../../src/platform/crypto/master-key.js';
import type { TestApp } from '../helpers/app.js';
import { startClamd, type TestClamd } from '../helpers/clamd.js';
import { Client, cookieHeader, type SeededAccount, seedUser } from '../helpers/client.js';
import { pgAdminUrl, withDatabase } from '../helpers/env.js';
import { createOrganisation } from '../helpers/fixtures.js';
import { largePdf, makeVideo } from '../helpers/media-files.js';
import { seedBurstRally } from '../helpers/rally.js';
import { startServer } from '../helpers/server-process.js';

// kill -9 of the built server in the middle of an upload, then a restart on the same data: no
// media row and no file of the upload may remain, and the app works. And kill -9 during a burst
// of stamp rally check-ins: no acknowledged stamp lost, none duplicated.

const ORG = 'crashtown';
// A minimal ISO BMFF 'ftyp' box: file-type reads video/mp4; the rest is noise (cut off by the
// kill long before ffprobe would refuse it).
const MP4_HEAD = Buffer.from('000000186674797069736f6d0000020069736f6d6d703431', 'hex');
const BOUNDARY = 'mitteCrashBoundary';

let clamd: TestClamd;
const dirs: string[] = [];
beforeAll(async () => {
  clamd = await startClamd();
}, 60_000);
afterAll(async () => {
  await clamd?.dispose();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** An org and an uploader without two-factor, written before the server owns the database. */
async function provision(db: Database): Promise<SeededAccount> {
  await createOrganisation(db, ORG);
  // seedUser needs only the database (and the master key for TOTP, which this user has not).
  const holder = { database: { db }, masterKey: randomBytes(32) } as unknown as TestApp;
  return seedUser(holder, ORG, { totp: false, rights: { media: 'edit' } });
}

async function signIn(url: string, account: SeededAccount): Promise<Client> {
  const client = new Client(url);
  const login = await client.post('/api/v1/auth/login', {
    serviceCode: ORG,
    email: account.email,
    password: account.password,
  });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return client;
}

/**
 * A multipart upload written by hand, so the test decides how much of it is sent and when.
 * `declared` is the Content-Length announced, whether or not all of it ever comes.
 */
function openUpload(url: string, client: Client, name: string, declared: number, type = 'video/mp4') {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const request = http.request(`${url}/api/v1/media`, {
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      'content-length': String(head.length + declared + tail.length),
      cookie: cookieHeader(client),
      'x-csrf-token': client.cookies.get('mitte_csrf')!,
    },
  });
  const answer = new Promise<{ status: number; body: string } | Error>((resolve) => {
    request.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', resolve);
    });
    request.on('error', resolve);
  });
  request.write(head);
  let sent = 0;
  return {
    answer,
    sent: () => sent,
    async write(bytes: Buffer) {
      for (let offset = 0; offset < bytes.length; offset += 65_536) {
        const chunk = bytes.subarray(offset, offset + 65_536);
        sent += chunk.length;
        if (request.destroyed) return;
        if (!request.write(chunk))
          await new Promise<void>((resolve) => {
            const done = () => {
              request.off('drain', done).off('close', done);
              resolve();
            };
            request.on('drain', done).on('close', done);
          });
      }
    },
    end: () => request.end(tail),
    abort: () => request.destroy(),
  };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function listedMedia(client: Client): Promise<unknown[]> {
  const list = await client.get('/api/v1/media');
  expect(list.status).toBe(200);
  return (list.body as { items: unknown[] }).items;
}

/** After the restart: nothing of the killed upload; then a fresh upload works. */
async function expectCleanAndWorking(url: string, account: SeededAccount, dataDir: string) {
  const blobs = path.join(dataDir, 'blobs');
  expect(filesUnder(path.join(blobs, ORG))).toEqual([]);
  expect(filesUnder(path.join(blobs, '.tmp'))).toEqual([]);
  const client = await signIn(url, account);
  expect(await listedMedia(client)).toEqual([]);
  // A real video: what is kept is its remux (the raw upload blob is gone once the row commits).
  const bytes = makeVideo('mp4');
  const upload = openUpload(url, client, 'after-restart.mp4', bytes.length);
  await upload.write(bytes);
  upload.end();
  const answer = await upload.answer;
  expect(answer).not.toBeInstanceOf(Error);
  expect((answer as { status: number }).status, (answer as { body: string }).body).toBe(201);
  expect(await listedMedia(client)).toHaveLength(1);
  expect(filesUnder(path.join(blobs, ORG))).toHaveLength(1);
}

describe('kill -9 in the middle of an upload (embedded database)', () => {
  it('leaves no row and no file after a restart, and the app works', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-crash-'));
    dirs.push(dataDir);
    const db = await openConfiguredDatabase(loadConfig({ DATA_DIR: dataDir }));
    const account = await migrate(db)
      .then(() => provision(db))
      .finally(() => db.close());

    const env = { DATA_DIR: dataDir, DEMO: 'false' };
    const first = await startServer({ CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0', ...env });
    const client = await signIn(first.url, account);
    const total = 200 * 1024 * 1024;
    const upload = openUpload(first.url, client, 'long-film.mp4', total);
    await upload.write(MP4_HEAD);
    // Some megabytes in: the server is writing the encrypted temporary file when it dies.
    const tmp = path.join(dataDir, 'blobs', '.tmp');
    let sending = true;
    const sender = (async () => {
      while (sending && upload.sent() < total - 1_000_000) await upload.write(randomBytes(1024 * 1024));
    })().catch(() => {});
    await until('encrypted bytes on disk', () =>
      filesUnder(tmp).some((file) => fs.statSync(file).size > 4 * 1024 * 1024),
    );
    await first.kill();
    sending = false;
    upload.abort();
    await sender;
    expect(upload.sent()).toBeLessThan(total);
    expect(filesUnder(tmp).length).toBeGreaterThan(0);

    const second = await startServer({ CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0', ...env });
    try {
      await expectCleanAndWorking(second.url, account, dataDir);
    } finally {
      await second.stop();
    }
  }, 240_000);
});

describe('kill -9 on PostgreSQL', () => {
  const name = `mitte_crash_${randomBytes(4).toString('hex')}`;
  const admin = () => pgAdminUrl();
  let urls: { DATABASE_URL: string; DATABASE_OWNER_URL: string };
  let account: SeededAccount;
  // One master key for both servers on this database (the data keys are wrapped under it).
  let masterKey: { file: string; key: Buffer };
  beforeAll(async () => {
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-crash-key-'));
    dirs.push(keyDir);
    const file = path.join(keyDir, 'master.key');
    masterKey = { file, key: ensureMasterKey({ masterKeyFile: file, mayGenerateMasterKey: true }).key };
    // A trust-auth test cluster: the backup role keeps logging in without a password for other tests.
    await setupDatabaseRoles(admin(), { database: name, backupLoginWithoutPassword: true });
    urls = {
      DATABASE_URL: withDatabase(admin(), name, APP_ROLE),
      DATABASE_OWNER_URL: withDatabase(admin(), name, OWNER_ROLE),
    };
    const db = await openUrls();
    account = await migrate(db)
      .then(() => provision(db))
      .finally(() => db.close());
  }, 240_000);
  afterAll(async () => {
    const c = new pg.Client({ connectionString: admin() });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
  });
  const openUrls = () =>
    openDatabase({ databaseUrl: urls.DATABASE_URL, databaseOwnerUrl: urls.DATABASE_OWNER_URL });

  it('after the file is complete, before its row commits: the staged blob is removed at start; no row; the app works', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-crash-'));
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir, MASTER_KEY_FILE: masterKey.file, ...urls };

    const superuser = new pg.Client({ connectionString: withDatabase(admin(), name) });
    await superuser.connect();
    try {
      const first = await startServer({ CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0', ...env });
      const client = await signIn(first.url, account);
      // Holding SHARE on the table lets the upload read (quota) but makes its INSERT wait: the
      // server is then exactly between "blob complete" and "row committed".
      await superuser.query('BEGIN');
      await superuser.query('LOCK TABLE tenant.media IN SHARE MODE');
      // A PDF is kept byte for byte once qpdf has passed it: the staged blob is the upload itself.
      const bytes = largePdf(3 * 1024 * 1024, 'noise');
      const upload = openUpload(first.url, client, 'complete.pdf', bytes.length, 'application/pdf');
      await upload.write(bytes);
      upload.end();
      const pending = path.join(dataDir, 'blobs', ORG, 'pending');
      await until('the staged blob and the waiting INSERT', async () => {
        if (filesUnder(pending).length !== 1) return false;
        const waiting = await superuser.query(
          "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'media' AND NOT l.granted",
        );
        return waiting.rows[0].n > 0;
      });
      const [staged] = filesUnder(pending);
      // The whole file is there, encrypted (the stored form is longer than the plain bytes).
      expect(fs.statSync(staged!).size).toBeGreaterThan(bytes.length);
      await first.kill();
      upload.abort();
      await superuser.query('ROLLBACK');
      expect(filesUnder(pending)).toHaveLength(1);

      const second = await startServer({ CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0', ...env });
      try {
        const rows = await superuser.query('SELECT count(*)::int AS n FROM tenant.media');
        expect(rows.rows[0].n).toBe(0);
        await expectCleanAndWorking(second.url, account, dataDir);
      } finally {
        await second.stop();
      }
    } finally {
      await superuser.end();
    }
  }, 240_000);

  // Issue 16: a crash during a burst of stamp rally check-ins loses no acknowledged stamp and
  // duplicates none; a check-in that was stored but never answered is answered on retry.
  it('during a burst of stamp rally check-ins: every acknowledged stamp is kept, none twice', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-crash-'));
    dirs.push(dataDir);
    const db = await openUrls();
    const rally = await seedBurstRally(db, new RallyKeys(masterKey.key), {
      org: ORG,
      slug: RALLY,
      checkpoints: 4,
      participants: 30,
    }).finally(() => db.close());
    const env = {
      DATA_DIR: dataDir,
      MASTER_KEY_FILE: masterKey.file,
      ...urls,
      SCHEDULER_INTERVAL_MS: '0',
      RALLY_STAMPS_PER_ADDRESS_PER_MINUTE: '1000000',
    };
    const checkIns = rally.cookies.flatMap((cookie) =>
      rally.checkpoints.map((c, i) => ({ cookie, c, t: rally.tokens[i]! })),
    );
    const send = (url: string, x: (typeof checkIns)[number]) =>
      fetch(`${url}/api/v1/public/${ORG}/rally/${RALLY}/check-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `mitte_rally_${ORG}_${RALLY}=${x.cookie}` },
        body: JSON.stringify({ checkpointId: x.c, token: x.t }),
      }).then(
        (res) => res.status,
        () => 0,
      );

    const first = await startServer(env);
    const acknowledged = new Set<number>();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (!killed && next < checkIns.length) {
        const i = next++;
        if ((await send(first.url, checkIns[i]!)) === 201) acknowledged.add(i);
        if (acknowledged.size >= checkIns.length / 3 && !killed) {
          killed = true;
          await first.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(killed).toBe(true);
    const stored = async () => {
      const c = new pg.Client({ connectionString: withDatabase(admin(), name) });
      await c.connect();
      const { rows } = await c
        .query<{ participant_id: string; checkpoint_id: string }>(
          'SELECT participant_id, checkpoint_id FROM tenant.rally_stamps WHERE org = $1',
          [ORG],
        )
        .finally(() => c.end());
      return new Set(rows.map((r) => `${r.participant_id} ${r.checkpoint_id}`));
    };
    const pair = (i: number) => `${checkIns[i]!.cookie.split('.')[0]} ${checkIns[i]!.c}`;
    const afterCrash = await stored();
    for (const i of acknowledged) expect(afterCrash.has(pair(i))).toBe(true);

    // Every phone retries what it got no answer for: stored ones answer 200 (the same stamp).
    const second = await startServer(env);
    try {
      for (let i = 0; i < checkIns.length; i += 1) {
        if (acknowledged.has(i)) continue;
        expect(await send(second.url, checkIns[i]!)).toBe(afterCrash.has(pair(i)) ? 200 : 201);
      }
    } finally {
      await second.stop();
    }
    // The primary key allows one stamp per participant and checkpoint; all are there now.
    expect((await stored()).size).toBe(checkIns.length);
  }, 300_000);
});

const RALLY = 'burst';
