import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import type { TestApp } from '../helpers/app.js';
import { seedUser, signedIn } from '../helpers/client.js';
import { spotData } from '../helpers/content.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { createOrganisation } from '../helpers/fixtures.js';

// Two app nodes on one PostgreSQL, both running the scheduler.
let database: TestDatabase;
const masterKey = randomBytes(32);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-sched-'));

async function node(): Promise<{ app: FastifyInstance; url: string; close(): Promise<void> }> {
  const db = await openDatabase({ databaseUrl: database.urls!.app, poolMax: 5 });
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', SCHEDULER_INTERVAL_MS: '200' });
  const app = await buildApp({ config, db, masterKey });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

beforeAll(async () => {
  database = await openTestDatabase('postgres');
  await createOrganisation(database.db, 'yoyaku');
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('scheduled publishing', () => {
  it('fires after a restart, exactly once, with two app instances on one PostgreSQL', async () => {
    let a = await node();
    let b = await node();
    const asApp = { url: a.url, masterKey, database } as unknown as TestApp;
    const publisher = await signedIn(
      asApp,
      'yoyaku',
      await seedUser(asApp, 'yoyaku', { totp: false, rights: { spots: 'publish' } }),
    );
    const created = (await publisher.post('/api/v1/spots', spotData('予約公開の寺'))).body as {
      id: string;
      version: number;
    };
    const publishAt = new Date(Date.now() + 2500).toISOString();
    const scheduled = await publisher.put(`/api/v1/spots/${created.id}/schedule`, {
      version: created.version,
      publishAt,
      unpublishAt: null,
    });
    expect(scheduled.status).toBe(200);

    // Both nodes go down before the time comes; two new ones start after it has passed.
    await a.close();
    await b.close();
    await new Promise((r) => setTimeout(r, 3000));
    a = await node();
    b = await node();
    try {
      const publicUrl = `/api/v1/public/yoyaku/spots/${created.id}`;
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i += 1) {
        await new Promise((r) => setTimeout(r, 200));
        status = (await fetch(`${b.url}${publicUrl}`)).status;
      }
      expect(status).toBe(200);
      // Let several more passes of both schedulers run: still exactly one publication.
      await new Promise((r) => setTimeout(r, 1000));
      const { rows } = await database.superuser.query(
        "SELECT count(*)::int AS n FROM audit.events WHERE org = 'yoyaku' AND action = 'content.spot.published' AND target_id = $1",
        [created.id],
      );
      expect(rows[0].n).toBe(1);
      const item = await database.superuser.query(
        'SELECT publish_at, status FROM tenant.content_items WHERE id = $1',
        [created.id],
      );
      expect(item.rows[0]).toEqual({ publish_at: null, status: 'published' });
      const actor = await database.superuser.query(
        "SELECT actor_type, actor_id FROM audit.events WHERE action = 'content.spot.published' AND target_id = $1",
        [created.id],
      );
      expect(actor.rows[0]).toEqual({ actor_type: 'system', actor_id: 'scheduler' });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
