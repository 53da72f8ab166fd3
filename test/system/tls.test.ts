import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../helpers/env.js';

// TLS_CERT/TLS_KEY set → HTTPS only, TLS 1.2 or newer, HSTS, __Host- cookies.
let dir: string;
let child: ChildProcess;
let port: number;
let out = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  child = spawn('node', ['dist/src/server.js'], {
    env: childEnv({
      PORT: '0',
      DATA_DIR: path.join(dir, 'data'),
      TLS_CERT: path.join(dir, 'cert.pem'),
      TLS_KEY: path.join(dir, 'key.pem'),
    }),
  });
  child.stdout!.on('data', (c) => {
    out += c;
  });
  port = await new Promise<number>((resolve, reject) => {
    // A hang guard, not a speed target: the first start migrates and seeds the demo.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 90 s:\n${out}`));
    }, 90_000);
    const poll = setInterval(() => {
      const match = /Server listening at https:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match && out.includes('"msg":"ready"')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    }, 50);
  });
});
afterAll(async () => {
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });
});

function get(pathname: string, options: https.RequestOptions = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port,
          path: pathname,
          method: options.method ?? 'GET',
          rejectUnauthorized: false,
          ...options,
        },
        (res) => {
          let body = '';
          res.on('data', (c) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('TLS', () => {
  it('serves HTTPS with HSTS', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(String(res.headers['strict-transport-security'])).toContain('max-age=31536000');
  });

  it('refuses TLS 1.1 and plain HTTP on the same port', async () => {
    await expect(
      new Promise((resolve, reject) => {
        const socket = tls.connect(
          { host: '127.0.0.1', port, maxVersion: 'TLSv1.1', minVersion: 'TLSv1', rejectUnauthorized: false },
          () => resolve(socket.getProtocol()),
        );
        socket.on('error', reject);
      }),
    ).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('sets __Host- prefixed, Secure, HttpOnly session cookies at sign-in', async () => {
    // The demo admin's password is printed once at the first start.
    const password = /e-mail admin@demo\.example\.jp, password (\S+)/.exec(out)?.[1];
    expect(password).toBeDefined();
    const login = (body: object) =>
      new Promise<{ status: number; cookies: string[] }>((resolve, reject) => {
        const req = https.request(
          {
            host: '127.0.0.1',
            port,
            path: '/api/v1/auth/login',
            method: 'POST',
            rejectUnauthorized: false,
            headers: { 'content-type': 'application/json' },
          },
          (r) => {
            r.resume();
            r.on('end', () =>
              resolve({ status: r.statusCode!, cookies: (r.headers['set-cookie'] as string[]) ?? [] }),
            );
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    const wrong = await login({
      serviceCode: 'demo',
      email: 'admin@demo.example.jp',
      password: 'definitely wrong 1',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.cookies).toEqual([]);
    const right = await login({ serviceCode: 'demo', email: 'admin@demo.example.jp', password });
    expect(right.status).toBe(200);
    const session = right.cookies.find((c) => c.startsWith('__Host-mitte_session='));
    expect(session).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    const csrf = right.cookies.find((c) => c.startsWith('__Host-mitte_csrf='));
    expect(csrf).toContain('Secure');
    expect(csrf).not.toContain('HttpOnly');
  });
});
