import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClamdClient } from '../src/platform/scan/clamd.js';
import { SignatureUpdater, signatureAgeHours } from '../src/platform/scan/signature-updater.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { EICAR } from './helpers/zip.js';

const PATTERN = 'MITTE-NEW-TEST-PATTERN-2026';
const OTHER = 'MITTE-OTHER-TEST-PATTERN-2026';

const ndb = (name: string, text: string) => `${name}:0:*:${Buffer.from(text).toString('hex')}\n`;
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The feed: path → body (or status code). */
const routes = new Map<string, string | number>();
let server: http.Server;
let feedUrl: string;
let clamd: TestClamd;
let client: ClamdClient;
const errors: string[] = [];
const log = {
  info: () => {},
  warn: () => {},
  error: (_obj: object, msg: string) => {
    errors.push(msg);
  },
};

function publish(version: string, files: Record<string, string>, overrides: Record<string, string> = {}) {
  for (const [name, body] of Object.entries(files)) routes.set(`/feed/files/${name}`, body);
  routes.set(
    '/feed/manifest.json',
    JSON.stringify({
      version,
      files: Object.entries(files).map(([name, body]) => ({
        name,
        sha256: overrides[name] ?? sha256(body),
        url: `files/${name}`,
      })),
    }),
  );
}

async function verdict(text: string): Promise<string> {
  const result = await client.scan(Readable.from([Buffer.from(`some bytes ${text} more bytes`)]));
  return result.infected ? result.signature : 'clean';
}

const updater = (extra: { activationTimeoutMs?: number } = {}) =>
  new SignatureUpdater({
    feedUrl,
    databaseDir: clamd.databaseDir,
    clamd: client,
    intervalMinutes: 60,
    log,
    activationTimeoutMs: 10_000,
    // The test feed is on loopback, which the outbound guard refuses unless allowed.
    allowedPrivateHosts: ['127.0.0.1'],
    ...extra,
  });

const scratch = () => fs.readdirSync(clamd.databaseDir).filter((name) => name.endsWith('.part'));

beforeAll(async () => {
  clamd = await startClamd();
  client = new ClamdClient(clamd.url);
  server = http.createServer((req, res) => {
    const body = routes.get(req.url ?? '');
    if (body === undefined || typeof body === 'number') {
      res.writeHead(typeof body === 'number' ? body : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/manifest.json`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await clamd?.dispose();
});

describe('supplemental signature updates', () => {
  it('installs a new signature into the running clamd', async () => {
    const pid = clamd.pid();
    expect(await verdict(PATTERN)).toBe('clean');
    publish('2026.05.1', { 'mitte-extra.ndb': ndb('Mitte.Feed.NewPattern', PATTERN) });
    const u = updater();
    expect(u.status()).toEqual({ version: null, updatedAt: null, checkedAt: null, lastError: null });
    const started = Date.now();
    expect(await u.updateNow()).toEqual({ changed: true, version: '2026.05.1' });
    console.log(`signature update applied and active in ${Date.now() - started} ms`);
    expect(await verdict(PATTERN)).toMatch(/^Mitte\.Feed\.NewPattern/);
    // The signatures that were there stay; clamd was reloaded, not restarted.
    expect(await verdict(EICAR)).toMatch(/^Mitte\.Test\.EICAR/);
    expect(clamd.pid()).toBe(pid);
    expect(u.status()).toMatchObject({ version: '2026.05.1', lastError: null });
    expect(signatureAgeHours(u.status().updatedAt)).toBeLessThan(0.01);
    expect(scratch()).toEqual([]);
  });

  it('does nothing when the feed has not changed, and remembers its version across restarts', async () => {
    expect(await updater().updateNow()).toEqual({ changed: false, version: '2026.05.1' });
    expect(updater().status().version).toBe('2026.05.1');
  });

  it('keeps the old signatures when a file does not match its sha256', async () => {
    const before = fs.readFileSync(path.join(clamd.databaseDir, 'mitte-extra.ndb'), 'utf8');
    publish(
      '2026.05.2',
      { 'mitte-extra.ndb': ndb('Mitte.Feed.Other', OTHER) },
      { 'mitte-extra.ndb': sha256('something else') },
    );
    const u = updater();
    await expect(u.updateNow()).rejects.toThrow(/sha256/);
    expect(u.status()).toMatchObject({ version: '2026.05.1', lastError: expect.stringMatching(/sha256/) });
    expect(fs.readFileSync(path.join(clamd.databaseDir, 'mitte-extra.ndb'), 'utf8')).toBe(before);
    expect(await verdict(OTHER)).toBe('clean');
    expect(await verdict(PATTERN)).toMatch(/^Mitte\.Feed\.NewPattern/);
    expect(scratch()).toEqual([]);
  });

  it('keeps the old signatures when a download fails', async () => {
    publish('2026.05.3', { 'mitte-extra.ndb': ndb('Mitte.Feed.Other', OTHER) });
    routes.set('/feed/files/mitte-extra.ndb', 404);
    const u = updater();
    await expect(u.updateNow()).rejects.toThrow(/HTTP 404/);
    expect(u.status().lastError).toMatch(/HTTP 404/);
    routes.set('/feed/manifest.json', 503);
    await expect(u.updateNow()).rejects.toThrow(/HTTP 503/);
    expect(await verdict(PATTERN)).toMatch(/^Mitte\.Feed\.NewPattern/);
    expect(scratch()).toEqual([]);
  });

  it('refuses file names that are not plain signature files', async () => {
    for (const name of ['../escape.ndb', 'virus.exe', 'Upper.ndb', 'mitte-canary.hdb', '.hidden.ndb']) {
      publish('2026.05.4', { [name]: ndb('Mitte.Feed.Other', OTHER) });
      await expect(updater().updateNow(), name).rejects.toThrow(/not allowed/);
    }
    expect(fs.existsSync(path.join(path.dirname(clamd.databaseDir), 'escape.ndb'))).toBe(false);
  });

  it('puts everything back when clamd cannot load a new file', async () => {
    const before = fs.readFileSync(path.join(clamd.databaseDir, 'mitte-extra.ndb'), 'utf8');
    publish('2026.05.5', { 'mitte-extra.ndb': 'this is not a signature line\n' });
    const u = updater({ activationTimeoutMs: 2000 });
    await expect(u.updateNow()).rejects.toThrow(/did not activate/);
    expect(u.status()).toMatchObject({
      version: '2026.05.1',
      lastError: expect.stringMatching(/did not activate/),
    });
    expect(fs.readFileSync(path.join(clamd.databaseDir, 'mitte-extra.ndb'), 'utf8')).toBe(before);
    expect(await verdict(PATTERN)).toMatch(/^Mitte\.Feed\.NewPattern/);
    // And clamd still starts from the directory as it is now.
    await clamd.stop();
    await clamd.start();
    expect(await verdict(PATTERN)).toMatch(/^Mitte\.Feed\.NewPattern/);
    expect(scratch()).toEqual([]);
  });

  it('removes a file the feed no longer lists, and only files it installed itself', async () => {
    publish('2026.06.1', { 'mitte-other.ndb': ndb('Mitte.Feed.Other', OTHER) });
    routes.delete('/feed/files/mitte-extra.ndb');
    expect(await updater().updateNow()).toEqual({ changed: true, version: '2026.06.1' });
    expect(await verdict(OTHER)).toMatch(/^Mitte\.Feed\.Other/);
    expect(await verdict(PATTERN)).toBe('clean');
    expect(fs.existsSync(path.join(clamd.databaseDir, 'mitte-extra.ndb'))).toBe(false);
    expect(fs.existsSync(path.join(clamd.databaseDir, 'mitte-test.ndb'))).toBe(true);
    expect(await verdict(EICAR)).toMatch(/^Mitte\.Test\.EICAR/);
  });

  it('checks on start() and then on its interval', async () => {
    const u = updater();
    u.start();
    try {
      await expect.poll(() => u.status().checkedAt, { timeout: 5000 }).toBeInstanceOf(Date);
      expect(u.status()).toMatchObject({ version: '2026.06.1', lastError: null });
    } finally {
      u.stop();
    }
  });

  it('fetches the feed over HTTPS only (plain HTTP on loopback for tests)', () => {
    expect(
      () =>
        new SignatureUpdater({
          feedUrl: 'http://signatures.example.com/manifest.json',
          databaseDir: clamd.databaseDir,
          clamd: client,
          intervalMinutes: 60,
          log,
        }),
    ).toThrow(/must use https/);
  });
});

describe('signatureAgeHours', () => {
  it('gives the age in hours, or null without a date', () => {
    const now = new Date('2026-05-02T12:00:00Z');
    expect(signatureAgeHours(new Date('2026-05-01T12:00:00Z'), now)).toBe(24);
    expect(signatureAgeHours(null, now)).toBeNull();
  });
});
