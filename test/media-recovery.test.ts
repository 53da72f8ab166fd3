import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settlePendingBlobs } from '../src/modules/media/index.js';
import { FileBlobStore } from '../src/platform/storage/blob-store.js';
import type { TestApp } from './helpers/app.js';
import type { TestClamd } from './helpers/clamd.js';
import { type Client, cookieHeader, postFile } from './helpers/client.js';
import { startMediaApp } from './helpers/media-app.js';
import { BROCHURE_PDF } from './helpers/media-files.js';

// Start-up settlement of staged blobs: one whose row committed (the crash came before the move)
// is put in place; one without a row is removed; another node's fresh one is left alone.

const ORG = 'recovery';
const HOST =
  os
    .hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-') || 'host';
// pid_max is at most 2^22: this process cannot exist.
const DEAD_PID = 2 ** 22 + 17;

let clamd: TestClamd;
let t: TestApp;
let editor: Client;

beforeAll(async () => {
  ({ clamd, t, editor } = await startMediaApp(ORG));
}, 60_000);
afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
});

const pdf = BROCHURE_PDF;

function stagedName(key: string, host = HOST, pid = DEAD_PID): string {
  const [, year, month, name] = key.split('/');
  return `${host}.${pid}.${year}.${month}.${name}`;
}

describe('settling staged blobs at start', () => {
  it('moves a committed upload into place, removes an orphan, leaves a live node’s upload', async () => {
    const res = await postFile(editor, 'kept.pdf', pdf);
    const { id } = (await res.json()) as { id: string };
    expect(res.status).toBe(201);
    const { rows } = await t.database.superuser.query('SELECT blob_key FROM tenant.media WHERE id = $1', [
      id,
    ]);
    const key = rows[0].blob_key as string;
    const store = new FileBlobStore(path.join(t.dataDir, 'blobs'));
    const pending = path.join(t.dataDir, 'blobs', ORG, 'pending');
    fs.mkdirSync(pending, { recursive: true });
    // As if the process died after the commit and before the move.
    fs.renameSync(store.path(key), path.join(pending, stagedName(key)));
    const orphan = stagedName(`${ORG}/2026/05/3f0e8c52-7a3e-4a1e-9a57-0b1c2d3e4f50.pdf`);
    fs.writeFileSync(path.join(pending, orphan), 'encrypted bytes of an upload whose row never came');
    const otherNode = stagedName(
      `${ORG}/2026/05/11111111-2222-4333-8444-555555555555.pdf`,
      'other-node',
      123,
    );
    fs.writeFileSync(path.join(pending, otherNode), 'still being committed elsewhere');

    expect(await settlePendingBlobs(t.database.db, store)).toEqual({ kept: 1, removed: 1 });
    expect(fs.readdirSync(pending)).toEqual([otherNode]);
    const served = await fetch(`${t.url}/api/v1/media/${id}/content`, {
      headers: { cookie: cookieHeader(editor) },
    });
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf)).toBe(true);

    // Once old enough, another node's staged blob without a row is removed too.
    expect(await settlePendingBlobs(t.database.db, store, { staleMs: -1 })).toEqual({ kept: 0, removed: 1 });
    expect(fs.readdirSync(pending)).toEqual([]);
  });
});
