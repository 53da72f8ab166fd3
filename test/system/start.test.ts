import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../helpers/env.js';
import { startS3, type TestS3 } from '../helpers/s3.js';

// The built server as a user starts it: `node dist/src/server.js` on the embedded default.
interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-start-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const READY_LIMIT_MS = 180_000;
/** A start test waits for the ready line, then checks the running server. */
const START_TEST_LIMIT_MS = READY_LIMIT_MS + 60_000;

function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn('node', ['dist/src/server.js'], { env: childEnv({ PORT: '0', ...env }) });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  return new Promise((resolve, reject) => {
    // A hang guard, not a speed target (the first start migrates and seeds the demo, beside the
    // other test lane on 2 cores); a server that never got ready must not outlive the test.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${READY_LIMIT_MS / 1000} s:\n${out}\n${err}`));
    }, READY_LIMIT_MS);
    const poll = setInterval(() => {
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (listening && out.includes('"msg":"ready"')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, url: listening[1]!, stdout: () => out, stderr: () => err });
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}\n${err}`));
    });
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('node', ['dist/src/server.js'], { env: childEnv({ PORT: '0', ...env }) });
  let err = '';
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  return exitOf(child).then((code) => ({ code, stderr: err }));
}

describe('command 1: the server on the embedded default', () => {
  const dataDir = tempDir();

  it(
    'first start: migrates, provisions the demo organisation once, answers health, metrics, console and site',
    async () => {
      const server = await startServer({ DATA_DIR: dataDir });
      try {
        expect(server.stdout()).toContain('mitte-C is running with a demo organisation.');
        const password = /service code demo, e-mail admin@demo\.example\.jp, password (\S+)/.exec(
          server.stdout(),
        )?.[1];
        expect(password).toBeDefined();
        // The printed credentials work: the demo admin must set up two-factor first.
        const login = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ serviceCode: 'demo', email: 'admin@demo.example.jp', password }),
        });
        expect(await login.json()).toEqual({ status: 'totp_enrolment_required' });
        expect(fs.statSync(path.join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);

        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
        expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
        expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
        const consolePage = await fetch(`${server.url}/console/`);
        expect(consolePage.status).toBe(200);
        const html = await consolePage.text();
        expect(html).toContain('<html lang="ja"');
        const deepLink = await fetch(`${server.url}/console/spots`);
        expect(await deepLink.text()).toBe(html);
        const site = await fetch(`${server.url}/s/demo/`);
        expect(site.status).toBe(200);
        expect(await site.text()).toContain('みってし町（デモ）');

        // Only one process may open the embedded database.
        const second = await runToExit({ DATA_DIR: dataDir });
        expect(second.code).toBe(1);
        expect(second.stderr).toContain('is in use by process');
      } finally {
        server.child.kill('SIGTERM');
        // The server's own output says why, when it does not stop cleanly.
        expect(
          await exitOf(server.child),
          `${server.stdout().slice(-4000)}\n${server.stderr().slice(-4000)}`,
        ).toBe(0);
      }
      expect(fs.existsSync(path.join(dataDir, 'db.lock'))).toBe(false);
    },
    START_TEST_LIMIT_MS,
  );

  it(
    'second start on the same data: no new demo, the same data',
    async () => {
      const server = await startServer({ DATA_DIR: dataDir });
      try {
        expect(server.stdout()).not.toContain('mitte-C is running with a demo organisation.');
        expect((await fetch(`${server.url}/s/demo/`)).status).toBe(200);
      } finally {
        server.child.kill('SIGINT');
        // The server's own output says why, when it does not stop cleanly.
        expect(
          await exitOf(server.child),
          `${server.stdout().slice(-4000)}\n${server.stderr().slice(-4000)}`,
        ).toBe(0);
      }
    },
    START_TEST_LIMIT_MS,
  );
});

describe('configuration errors stop start-up, naming the variable', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL'],
    [{ TLS_CERT: '/nonexistent.pem' }, 'TLS_KEY'],
  ])('%o', async (env, variable) => {
    const result = await runToExit({ DATA_DIR: tempDir(), ...env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`configuration error: ${variable}:`);
  });

  it('production refuses to generate a master key', async () => {
    const dataDir = tempDir();
    const missing = path.join(dataDir, 'master.key');
    const result = await runToExit({
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      TRUST_PROXY: '127.0.0.1',
      BASE_URL: 'https://kanko.example.jp',
      MASTER_KEY_FILE: missing,
      CLAMD_URL: 'unix:///run/clamav/clamd.ctl',
      // Every other production requirement is met, so the refusal is the master key's.
      METRICS_TOKEN: 'a-metrics-token-of-32-characters',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MASTER_KEY_FILE');
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('CRYPTO_FIPS=required refuses to start without a FIPS provider', async () => {
    const result = await runToExit({ DATA_DIR: tempDir(), CRYPTO_FIPS: 'required' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('configuration error: CRYPTO_FIPS:');
  });

  it('production refuses plain HTTP', async () => {
    const result = await runToExit({ DATA_DIR: tempDir(), NODE_ENV: 'production', MASTER_KEY_FILE: '/x' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('production refuses plain HTTP');
  });
});

describe('start-up with BLOB_STORE=s3', () => {
  let s3: TestS3;
  let bucket: string;
  beforeAll(async () => {
    s3 = await startS3();
    bucket = await s3.newBucket();
  });
  afterAll(async () => {
    await s3?.dispose();
  });

  it.each([
    [{ AWS_ACCESS_KEY_ID: 'NOBODY' }, 'AWS_ACCESS_KEY_ID'],
    [{ S3_BUCKET: 'mitte-no-such-bucket' }, 'S3_BUCKET'],
    [{ S3_ENDPOINT: 'http://127.0.0.1:9' }, 'S3_ENDPOINT'],
  ])('refuses %o, naming %s', async (wrong, variable) => {
    const result = await runToExit({ DATA_DIR: tempDir(), ...s3.env(bucket), ...wrong });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`configuration error: ${variable}:`);
  });
});
