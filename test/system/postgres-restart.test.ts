/**
 * PostgreSQL restarting under load (issue 17, faults): a node keeps running, answers requests that
 * meet the outage quickly with 503 (never a hang, never a 500), and serves again once the server
 * is back, without being restarted itself. A throwaway cluster of this test's own (scripts/lib.sh),
 * so the shared server on 5432 is never restarted.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { APP_ROLE, OWNER_ROLE, setupDatabaseRoles } from '../../src/db/roles.js';
import { writeSpot } from '../helpers/content.js';
import { withDatabase } from '../helpers/env.js';
import { createOrganisation } from '../helpers/fixtures.js';
import { type ServerProcess, startServer } from '../helpers/server-process.js';

const lib = (command: string) =>
  execFileSync('bash', ['-c', `source scripts/lib.sh; ${command}`], { encoding: 'utf8' }).trim();
const postgresBin = (() => {
  try {
    return lib('postgres_bin');
  } catch {
    return '';
  }
})();

let dir: string;
let server: ServerProcess;
let spotUrl: string;
let port: string;

function pgCtl(args: string[]): void {
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const [command, ...rest] = [...asPostgres, `${postgresBin}/pg_ctl`, '-D', path.join(dir, 'data'), ...args];
  execFileSync(command!, rest, { stdio: 'ignore' });
}

describe.skipIf(!postgresBin)('PostgreSQL restarting under load', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-pg-restart-'));
    const admin = lib(`start_throwaway_postgres ${dir}`);
    port = new URL(admin).port;
    await setupDatabaseRoles(admin, { database: 'mitte' });
    const urls = {
      app: withDatabase(admin, 'mitte', APP_ROLE),
      owner: withDatabase(admin, 'mitte', OWNER_ROLE),
    };
    const db = await openDatabase({ databaseUrl: urls.app, databaseOwnerUrl: urls.owner });
    await migrate(db);
    await createOrganisation(db, 'tsuzuku');
    const id = await writeSpot(db, 'tsuzuku', '続く湯', true, 35, 135);
    await db.close();
    server = await startServer(
      {
        DATABASE_URL: urls.app,
        DATABASE_OWNER_URL: urls.owner,
        DATA_DIR: path.join(dir, 'app'),
        DEMO: 'false',
        SCHEDULER_INTERVAL_MS: '0',
        // Every answer from the database: the cache would hide the outage.
        PUBLIC_CACHE_MB: '0',
        PUBLISHED_CACHE_MB: '0',
      },
      { readyWithinMs: 120_000 },
    );
    spotUrl = `${server.url}/api/v1/public/tsuzuku/spots/${id}`;
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) {
      lib(`stop_throwaway_postgres ${dir}`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 quickly while the database is down and 200 again after, as the same process', async () => {
    expect((await fetch(spotUrl)).status).toBe(200);
    const pid = server.pid;
    // Requests keep coming while the server stops; each must end within its own limit.
    let running = true;
    const statuses: number[] = [];
    const slowest = { ms: 0 };
    const load = (async () => {
      while (running) {
        const started = performance.now();
        const res = await fetch(spotUrl, { signal: AbortSignal.timeout(15_000) }).catch(() => null);
        slowest.ms = Math.max(slowest.ms, performance.now() - started);
        statuses.push(res?.status ?? 0);
        await res?.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    pgCtl(['-m', 'fast', '-w', 'stop']);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const down = await fetch(spotUrl);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBeTruthy();
    // Started again as scripts/lib.sh started it (same port and socket directory).
    pgCtl([
      ...['-l', path.join(dir, 'postgres.log'), '-w', '-o'],
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`,
      'start',
    ]);
    let back = 0;
    for (let i = 0; i < 150 && back !== 200; i++) {
      back = (await fetch(spotUrl)).status;
      if (back !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    running = false;
    await load;
    expect(back).toBe(200);
    expect(server.pid).toBe(pid);
    expect(server.child.exitCode).toBeNull();
    // During the outage: only 200 and 503, never a 500 or a dropped connection, none waiting long.
    expect([...new Set(statuses)].sort()).toEqual(expect.arrayContaining([200]));
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(slowest.ms).toBeLessThan(10_000);
  });
});
