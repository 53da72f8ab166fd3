/**
 * Stamp rally check-ins under a burst (issue 16): the app's POST …/check-in (QR method: cookie,
 * HMAC token, period, rate limit, speed check, INSERT … ON CONFLICT DO NOTHING) next to a minimal
 * node:http + pg server that only does the INSERT, in the same run, each in its own process.
 * Every request is a distinct (participant, checkpoint) pair from that participant's phone (own
 * address and device cookie), so afterwards the stamps in the
 * database must equal the acknowledged (2xx) check-ins exactly: 0 lost, 0 duplicated.
 *
 *   BENCH_DB=postgres TEST_PG_ADMIN_URL=postgres://… npx tsx bench/rally-check-in.ts
 *
 * autocannon, 200 connections, BENCH_PARTICIPANTS (default 10,000) × 4 checkpoints requests.
 * Prints figures; asserts nothing. Besides check-ins/s (which a busy shared machine moves), each
 * server's CPU time per check-in: the per-request work of the app next to the baseline's, and on
 * a local PostgreSQL the database server's CPU time per check-in (its backends and postmaster).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { provisionOrganisation } from '../src/modules/organisations/index.js';
import { RallyKeys } from '../src/modules/rally/index.js';
import { runAsSystem } from '../src/platform/access/system-context.js';
import { type BurstRally, seedBurstRally } from '../test/helpers/rally.js';
import { burstClock } from './lib/measure.js';
import {
  type BenchDatabaseLocation,
  cpuMs,
  databaseCpuMs,
  kind,
  openBenchDatabase,
  openBenchLocation,
  scopedQuery,
  spawnServer,
  stopServer,
} from './lib/setup.js';

const ORG = 'bench-rally';
const SLUG = 'burst';
const CHECKPOINTS = 4;
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);

type Seed = BurstRally;

async function serve(which: string, location: BenchDatabaseLocation, masterKeyHex: string): Promise<void> {
  const db = await openBenchLocation(location);
  let port: number;
  if (which === 'minimal') {
    const server = minimalServer(db);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SCHEDULER_INTERVAL_MS: '0',
      // Each simulated phone has its own address (X-Forwarded-For from the local "proxy") and
      // its own device cookie, as phones on a campaign do; the limit stays out of the burst's way.
      TRUST_PROXY: '127.0.0.1',
      RALLY_STAMPS_PER_ADDRESS_PER_MINUTE: '1000000',
    });
    const app = await buildApp({ config, db, masterKey: Buffer.from(masterKeyHex, 'hex') });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  }
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

/** The baseline: read the JSON body, one INSERT … ON CONFLICT DO NOTHING in the tenant scope. */
function minimalServer(db: Database): http.Server {
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', async () => {
      try {
        const { participantId, checkpointId, campaignId } = JSON.parse(body) as Record<string, string>;
        const inserted = await scopedQuery(db, ORG, (client) =>
          client.query(
            `INSERT INTO tenant.rally_stamps (org, campaign_id, participant_id, checkpoint_id, method)
             VALUES ($1, $2, $3, $4, 'qr') ON CONFLICT DO NOTHING`,
            [ORG, campaignId, participantId, checkpointId],
          ),
        );
        res.writeHead(inserted.rowCount ? 201 : 200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(500).end();
      }
    });
  });
}

async function seed(db: Database, keys: RallyKeys): Promise<Seed> {
  await runAsSystem(db, { kind: 'provider' }, 'bench', ['ops:organisations'], (ctx) =>
    provisionOrganisation(ctx, { serviceCode: ORG, nameJa: 'ラリー町', nameEn: 'Rally town' }),
  );
  return seedBurstRally(db, keys, {
    org: ORG,
    slug: SLUG,
    checkpoints: CHECKPOINTS,
    participants: PARTICIPANTS,
  });
}

/** A phone's first-party device cookie (22 URL-safe characters, as the site sets it). */
const deviceCookie = (p: number) => `bench${String(p).padStart(17, '0')}`;

async function burst(db: Database, port: number, s: Seed, app: boolean, serverPid: number | undefined) {
  let next = 0;
  const clock = burstClock();
  const cpuBefore = cpuMs(serverPid);
  const databaseBefore = await databaseCpuMs(db);
  const total = s.participants.length * s.checkpoints.length;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount: total,
    // A slow answer is still an answer: no client-side timeout may turn a stored stamp into an error.
    timeout: 120,
    requests: [
      {
        method: 'POST',
        onResponse: clock.answered,
        setupRequest: (req) => {
          clock.sent();
          // Participant varies fastest: each one gets its stamps far apart (under the rate limit).
          const i = next++;
          const p = i % s.participants.length;
          const c = Math.floor(i / s.participants.length) % s.checkpoints.length;
          const cookieName = `mitte_rally_${ORG}_${SLUG}`;
          return {
            ...req,
            path: app ? `/api/v1/public/${ORG}/rally/${SLUG}/check-in` : '/stamp',
            headers: {
              'content-type': 'application/json',
              cookie: `${cookieName}=${s.cookies[p]}; mitte_rally_device=${deviceCookie(p)}`,
              'x-forwarded-for': `10.${(p >> 16) & 255}.${(p >> 8) & 255}.${p & 255}`,
            },
            body: JSON.stringify(
              app
                ? { checkpointId: s.checkpoints[c], token: s.tokens[c] }
                : {
                    participantId: s.participants[p],
                    checkpointId: s.checkpoints[c],
                    campaignId: s.campaignId,
                  },
            ),
          };
        },
      },
    ],
  });
  const cpuAfter = cpuMs(serverPid);
  const databaseAfter = await databaseCpuMs(db);
  const perCheckIn = (ms: number) => ms / Math.max(1, result.requests.total);
  return {
    cpu:
      cpuBefore && cpuAfter
        ? {
            user: perCheckIn(cpuAfter.user - cpuBefore.user),
            system: perCheckIn(cpuAfter.system - cpuBefore.system),
          }
        : null,
    databaseCpu:
      databaseBefore !== null && databaseAfter !== null ? perCheckIn(databaseAfter - databaseBefore) : null,
    rps: result.requests.total / clock.seconds(),
    seconds: clock.seconds(),
    p99: result.latency.p99,
    ok: result['2xx'],
    other: result.non2xx + result.errors,
  };
}

async function stampsInDatabase(db: Database): Promise<number> {
  const { rows } = await scopedQuery(db, ORG, (client) =>
    client.query<{ n: string }>('SELECT count(*) AS n FROM tenant.rally_stamps WHERE org = $1', [ORG]),
  );
  return Number(rows[0]!.n);
}

/**
 * Statistics as a live system has them: autovacuum analyses these tables long before a campaign's
 * burst. A database seeded a moment ago (or whose stamps were just deleted) has statistics of
 * near-empty tables, and the planner then cannot tell a primary-key look-up from a scan of the
 * campaign (the first runs differed by 0.2-0.6 ms of database time per check-in from that alone).
 */
async function analyseRallyTables(location: BenchDatabaseLocation, db: Database): Promise<void> {
  const statement =
    'ANALYZE tenant.rally_campaigns, tenant.rally_checkpoints, tenant.rally_participants, tenant.rally_stamps';
  if (!('ownerUrl' in location)) {
    await db.pool.query(statement);
    return;
  }
  const owner = new pg.Client({ connectionString: location.ownerUrl });
  await owner.connect();
  try {
    await owner.query(statement);
  } finally {
    await owner.end();
  }
}

async function clearStamps(db: Database): Promise<void> {
  await scopedQuery(db, ORG, (client) =>
    client.query('DELETE FROM tenant.rally_stamps WHERE org = $1', [ORG]),
  );
}

if (process.argv[2] === 'serve') {
  await serve(process.argv[3]!, JSON.parse(process.argv[4]!) as BenchDatabaseLocation, process.argv[5]!);
} else {
  const masterKey = randomBytes(32);
  const { db, location, cleanup } = await openBenchDatabase(
    kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-bench-pglite-')) : undefined,
  );
  const started = Date.now();
  const s = await seed(db, new RallyKeys(masterKey));
  await analyseRallyTables(location, db);
  console.log(
    `rally check-ins, ${kind}, ${os.cpus().length} cores, ${CONNECTIONS} connections, ${s.participants.length} participants × ${CHECKPOINTS} checkpoints = ${s.participants.length * CHECKPOINTS} distinct check-ins per run (seeded in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  if (kind === 'pglite') await db.close();
  const script = fileURLToPath(import.meta.url);
  const results: Record<string, Awaited<ReturnType<typeof burst>> & { stored: number }> = {};
  for (const which of ['minimal', 'app'] as const) {
    const { child, info } = await spawnServer<{ port: number }>(script, [
      which,
      JSON.stringify(location),
      masterKey.toString('hex'),
    ]);
    const r = await burst(db, info.port, s, which === 'app', child.pid);
    await stopServer(child);
    const check = kind === 'pglite' ? await openBenchLocation(location) : db;
    const stored = await stampsInDatabase(check);
    if (which === 'minimal') {
      await clearStamps(check);
      await analyseRallyTables(location, check);
    }
    if (kind === 'pglite') await check.close();
    results[which] = { ...r, stored };
    console.log(
      `  ${which.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} check-ins/s (${r.seconds.toFixed(1)} s)  p99 ${String(r.p99).padStart(5)} ms  acknowledged ${r.ok}  other ${r.other}  server CPU ${r.cpu ? `${(r.cpu.user + r.cpu.system).toFixed(2)} ms/check-in (user ${r.cpu.user.toFixed(2)}, system ${r.cpu.system.toFixed(2)})` : '?'}${r.databaseCpu === null ? '' : `  database CPU ${r.databaseCpu.toFixed(2)} ms/check-in`}  stamps stored ${stored}  lost ${Math.max(0, r.ok - stored)}  unacknowledged-but-stored ${Math.max(0, stored - r.ok)}`,
    );
  }
  console.log(`  ratio app / minimal: ${(results.app!.rps / results.minimal!.rps).toFixed(2)}`);
  if (kind === 'postgres') await cleanup();
  process.exit(0);
}
