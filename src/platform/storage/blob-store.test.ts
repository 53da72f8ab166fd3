import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BlobNotFoundError,
  cleanTemporaryFiles,
  FileBlobStore,
  InvalidBlobKeyError,
  isAbandoned,
  isValidBlobKey,
  newBlobKey,
} from './blob-store.js';

const UUID = '3f0e8c52-7a3e-4a1e-9a57-0b1c2d3e4f50';
const HOST =
  os
    .hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-') || 'host';

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('blob keys', () => {
  it.each([`demo-town/2026/05/${UUID}`, `demo-town/2026/12/${UUID}.enc`, `abc/1999/01/${UUID}.w640.webp`])(
    'accepts %s',
    (key) => {
      expect(isValidBlobKey(key)).toBe(true);
    },
  );

  it.each([
    '',
    `../demo-town/2026/05/${UUID}`,
    `/demo-town/2026/05/${UUID}`,
    `demo-town/2026/05/../05/${UUID}`,
    `demo-town/2026/05/${UUID}/..`,
    `demo-town/2026/05/${UUID}..enc`,
    `demo-town/2026/05/${UUID}.`,
    `demo-town/2026/05/${UUID}\0.enc`,
    `demo-town\\2026\\05\\${UUID}`,
    `Demo-Town/2026/05/${UUID}`,
    `demo-town/2026/13/${UUID}`,
    `demo-town/2026/5/${UUID}`,
    `demo-town/2026/05/${UUID.toUpperCase()}`,
    `demo-town/2026/05/not-a-uuid`,
    `demo-town/2026/05/x/${UUID}`,
    `.tmp/2026/05/${UUID}`,
    `demo-town/2026/05/${UUID}.enc\n`,
  ])('refuses %j', (key) => {
    expect(isValidBlobKey(key)).toBe(false);
    expect(() => new FileBlobStore('/tmp/x').path(key)).toThrow(InvalidBlobKeyError);
  });

  it('makes keys under the current UTC month', () => {
    const key = newBlobKey('demo-town', 'enc', new Date('2026-01-31T23:30:00Z'));
    expect(key).toMatch(/^demo-town\/2026\/01\/[0-9a-f-]{36}\.enc$/);
    expect(isValidBlobKey(newBlobKey('demo-town'))).toBe(true);
    expect(() => newBlobKey('../etc')).toThrow(InvalidBlobKeyError);
  });
});

describe('FileBlobStore', () => {
  let root: string;
  let store: FileBlobStore;
  const key = (suffix = '') => `demo-town/2026/05/${randomUUID()}${suffix}`;

  beforeEach(() => {
    root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-blobs-')), 'store');
    store = new FileBlobStore(root);
  });
  afterEach(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('stores, reads, measures and deletes a blob, private to the service user', async () => {
    const data = randomBytes(300_000);
    const k = key('.enc');
    expect(await store.exists(k)).toBe(false);
    expect(await store.put(k, Readable.from([data.subarray(0, 1000), data.subarray(1000)]))).toEqual({
      bytes: data.length,
    });
    expect(await store.exists(k)).toBe(true);
    expect(await store.size(k)).toBe(data.length);
    expect((await read(await store.open(k))).equals(data)).toBe(true);
    expect((await read(await store.open(k, { start: 10, end: 19 }))).equals(data.subarray(10, 20))).toBe(
      true,
    );
    expect(store.path(k)).toBe(path.join(root, ...k.split('/')));
    expect(mode(store.path(k))).toBe(0o600);
    for (const dir of [
      root,
      path.join(root, 'demo-town'),
      path.join(root, 'demo-town/2026/05'),
      path.join(root, '.tmp'),
    ]) {
      expect(mode(dir), dir).toBe(0o700);
    }
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
    await store.delete(k);
    expect(await store.exists(k)).toBe(false);
    await store.delete(k);
  });

  it('stores an empty blob', async () => {
    const k = key();
    expect(await store.put(k, Readable.from([]))).toEqual({ bytes: 0 });
    expect(await store.size(k)).toBe(0);
  });

  it('reports a missing blob as not found', async () => {
    const k = key();
    await expect(store.open(k)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.size(k)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.open(k, { start: 5, end: 1 })).rejects.toBeInstanceOf(RangeError);
  });

  it('leaves nothing behind when the source fails halfway', async () => {
    const k = key();
    async function* failing() {
      yield randomBytes(100_000);
      throw new Error('upload aborted');
    }
    await expect(store.put(k, Readable.from(failing()))).rejects.toThrow('upload aborted');
    expect(await store.exists(k)).toBe(false);
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
  });

  it('replaces a blob atomically: a reader of the old bytes keeps reading them', async () => {
    const k = key();
    const before = randomBytes(200_000);
    const after = randomBytes(50_000);
    await store.put(k, Readable.from([before]));
    const reader = await store.open(k);
    await store.put(k, Readable.from([after]));
    expect((await read(reader)).equals(before)).toBe(true);
    expect((await read(await store.open(k))).equals(after)).toBe(true);
  });

  it('refuses invalid keys in every operation', async () => {
    const bad = '../../etc/passwd';
    await expect(store.put(bad, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
      InvalidBlobKeyError,
    );
    await expect(store.open(bad)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    await expect(store.size(bad)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    await expect(store.delete(bad)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    await expect(store.exists(bad)).rejects.toBeInstanceOf(InvalidBlobKeyError);
  });

  it('cleans up what crashed puts left, and nothing a running put still needs', async () => {
    expect(await cleanTemporaryFiles(root)).toBe(0);
    const tmp = path.join(root, '.tmp');
    fs.mkdirSync(tmp, { recursive: true });
    // pid_max is at most 2^22: this process cannot exist.
    const dead = path.join(tmp, `${HOST}.${2 ** 22 + 17}.aaaa`);
    const ours = path.join(tmp, `${HOST}.${process.pid}.bbbb`);
    const otherNode = path.join(tmp, 'other-node.123.cccc');
    const oldOtherNode = path.join(tmp, 'other-node.123.dddd');
    for (const file of [dead, ours, otherNode, oldOtherNode]) fs.writeFileSync(file, 'partial');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    fs.utimesSync(oldOtherNode, twoDaysAgo, twoDaysAgo);
    expect(await cleanTemporaryFiles(root)).toBe(2);
    expect(fs.readdirSync(tmp).sort()).toEqual([path.basename(ours), path.basename(otherNode)].sort());
  });

  it("scratch directories are private and a dead process's one is removed at start", async () => {
    const scratch = await store.scratchDir();
    expect(mode(scratch)).toBe(0o700);
    expect(path.basename(scratch).startsWith(`${HOST}.${process.pid}.`)).toBe(true);
    fs.writeFileSync(path.join(scratch, 'upload.pdf'), 'plaintext');
    const dead = path.join(root, '.tmp', `${HOST}.${2 ** 22 + 17}.work-abc`);
    fs.mkdirSync(dead, { mode: 0o700 });
    fs.writeFileSync(path.join(dead, 'upload.mp4'), 'plaintext');
    expect(await cleanTemporaryFiles(root)).toBe(1);
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(scratch)).toBe(true);
  });

  it('stages a blob out of sight until commit; delete removes a staged one too', async () => {
    const k = key('.pdf');
    const data = randomBytes(70_000);
    await store.stage(k, Readable.from([data]));
    expect(await store.exists(k)).toBe(false);
    const [staged] = await store.listStaged();
    expect(staged).toMatchObject({ key: k, org: 'demo-town', host: HOST, pid: process.pid });
    await store.commit(k);
    expect((await read(await store.open(k))).equals(data)).toBe(true);
    expect(await store.listStaged()).toEqual([]);

    const dropped = key();
    await store.stage(dropped, Readable.from([data]));
    await store.delete(dropped);
    expect(await store.listStaged()).toEqual([]);
    expect(fs.readdirSync(path.join(root, 'demo-town', 'pending'))).toEqual([]);
  });

  it('judges staged blobs abandoned only when no live process can still commit them', async () => {
    const k = key();
    await store.stage(k, Readable.from([randomBytes(10)]));
    const [mine] = await store.listStaged();
    // Our own pid at start-up cannot be a running upload (a container restarts with the same pid).
    expect(isAbandoned(mine!, true)).toBe(true);
    expect(isAbandoned(mine!, false)).toBe(false);
    expect(isAbandoned({ ...mine!, pid: 2 ** 22 + 17 }, false)).toBe(true);
    const otherNode = { ...mine!, host: 'other-node', pid: 123 };
    expect(isAbandoned(otherNode, true)).toBe(false);
    expect(isAbandoned({ ...otherNode, ageMs: 16 * 60 * 1000 }, true)).toBe(true);
    await store.settleStaged(mine!, true);
    expect(await store.exists(k)).toBe(true);
  });
});
