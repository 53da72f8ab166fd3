import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.js';
import type { DemoItems } from './modules/organisations/index.js';
import { requireFipsIfConfigured } from './platform/crypto/fips.js';
import { ensureMasterKey } from './platform/crypto/master-key.js';
import { BlobStoreConfigError, cleanTemporaryFiles } from './platform/storage/blob-store.js';
import { localBlobRoot, openBlobStore } from './platform/storage/open-blob-store.js';

// The configuration, the object store and the database (its lock, migrations, master key) are
// checked before the app is loaded: a refused start then ends without the 2-3 s of CPU spent
// loading every module it would never run.
const loadApp = () =>
  Promise.all([
    import('./app.js'),
    import('./modules/media/index.js'),
    import('./modules/organisations/index.js'),
    import('./modules/rally/index.js'),
  ]);

/**
 * The demo's photos, added while the server already answers; a failure leaves the demo without
 * (some) photos, which the site shows with its placeholders, and is logged.
 */
async function seedDemoPhotos(app: FastifyInstance, items: DemoItems): Promise<void> {
  const started = performance.now();
  try {
    const { addDemoPhotos, DEMO_SERVICE_CODE } = await import('./modules/organisations/index.js');
    const added = await addDemoPhotos(app.services.media, DEMO_SERVICE_CODE, items);
    await app.services.invalidate(DEMO_SERVICE_CODE);
    app.log.info({ added, ms: Math.round(performance.now() - started) }, 'demo photos added');
  } catch (error) {
    app.log.warn({ err: error }, 'demo photos could not be added; the demo site shows placeholders');
  }
}

// Log lines are written asynchronously (no write(2) on the request path); what is still queued is
// flushed on every way out but a kill -9.
const logStream = pino.destination({ dest: 1, sync: false });
function flushLogs(): void {
  try {
    logStream.flushSync();
  } catch {
    // Not open yet, or stdout closed: nothing more can be written.
  }
}
process.on('exit', flushLogs);

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  requireFipsIfConfigured(config.cryptoFips);
  const masterKey = ensureMasterKey(config);
  const https = config.tls
    ? { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) }
    : undefined;

  // Leftovers of an upload cut short by a crash are removed before serving.
  await cleanTemporaryFiles(localBlobRoot(config.dataDir)).catch(() => 0);
  const blobs = await openBlobStore(config);
  // Wrong credentials or bucket refuse the start, naming the variable, rather than every upload later.
  await blobs.verify();
  // A second process on the embedded database is refused here, before the app is loaded.
  const { openConfiguredDatabase, prepareDatabase } = await import('./bootstrap.js');
  const db = await openConfiguredDatabase(config);
  // Migrated and checked against the master key before the app is loaded: a failed migration, an
  // unsafe database role or a wrong master key refuses the start without loading every module.
  // Warnings wait for the app's logger.
  const warnings: string[] = [];
  const { applied } = await prepareDatabase(db, config, (message) => warnings.push(message));
  const { assertMasterKeyFits } = await import('./platform/crypto/data-keys.js');
  await assertMasterKeyFits(db, masterKey.key);
  const [{ buildApp }, { settlePendingBlobs }, { DEMO_SERVICE_CODE, ensureDemoOrganisation }, { RallyKeys }] =
    await loadApp();
  const app = await buildApp({
    config,
    db,
    blobs,
    masterKey: masterKey.key,
    logStream,
    ...(https ? { https } : {}),
  });
  if (masterKey.generated)
    app.log.warn({ file: config.masterKeyFile }, 'generated a new master key (embedded mode)');
  for (const message of warnings) app.log.warn(message);
  if (applied.length > 0) app.log.info({ applied }, 'migrations applied');
  const demo = config.demo ? await ensureDemoOrganisation(db, new RallyKeys(masterKey.key)) : null;
  // Uploads a crash cut between "blob written" and "row committed": kept with their row, or removed.
  const settled = await settlePendingBlobs(db, blobs);
  if (settled.kept + settled.removed > 0) app.log.warn(settled, 'settled uploads interrupted by a crash');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    let phase = 'closing the server';
    // Below an orchestrator's usual grace period (Kubernetes: 30 s), so that this line is written
    // before it kills the process: a forced exit loses nothing the next start does not complete.
    const force = setTimeout(() => {
      process.stderr.write(
        `mitte-C: shutdown did not finish within ${SHUTDOWN_GRACE_MS / 1000} s (${phase}); exiting\n`,
      );
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // Requests in flight finish; their keep-alive connections, idle only once they have, are closed
    // then (close() closes the connections idle at the moment it is called, and Fastify keeps an
    // idle one open for 72 s: a client that had a response under way held the shutdown that long).
    const sweep = setInterval(() => app.server.closeIdleConnections(), 200);
    sweep.unref();
    await app.close();
    clearInterval(sweep);
    phase = 'closing the database';
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.baseUrl.replace(/:\d+$/, `:${port}`);
  app.log.info({ ms: Math.round(performance.now() - started), database: db.kind }, 'ready');
  if (demo) {
    // Printed once, on the start that created the demo organisation: the passwords are not stored anywhere else.
    process.stdout.write(
      [
        '',
        '  mitte-C is running with a demo organisation.',
        `  Console:      ${base}/console/`,
        `    service code ${DEMO_SERVICE_CODE}, e-mail ${demo.admin.email}, password ${demo.admin.password}`,
        '    (an admin: set up two-factor authentication with an authenticator app at the first sign-in)',
        `  Operators:    ${base}/ops/`,
        `    e-mail ${demo.operator.email}, password ${demo.operator.password}`,
        `  Public site:  ${base}/s/${DEMO_SERVICE_CODE}/`,
        `  API docs:     ${base}/api/docs`,
        '  (the demo photos are being painted and added; they appear on the site within a minute or two)',
        '',
      ].join('\n'),
    );
    void seedDemoPhotos(app, demo.items);
  }
}

/** How long a SIGTERM/SIGINT shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 25_000;

/** Refusals the operator can act on, printed as one line; other failures with their stack. */
async function isStartRefusal(error: unknown): Promise<boolean> {
  const [{ DatabaseInUseError, UnsafeDatabaseRoleError }, { MigrationError }, { MasterKeyMismatchError }] =
    await Promise.all([
      import('./bootstrap.js'),
      import('./db/migrate.js'),
      import('./platform/crypto/data-keys.js'),
    ]);
  return (
    error instanceof DatabaseInUseError ||
    error instanceof MasterKeyMismatchError ||
    error instanceof UnsafeDatabaseRoleError ||
    error instanceof MigrationError
  );
}

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError || error instanceof BlobStoreConfigError) {
    process.stderr.write(`mitte-C: configuration error: ${error.message}\n`);
  } else if (await isStartRefusal(error)) {
    process.stderr.write(`mitte-C: ${(error as Error).message}\n`);
  } else {
    process.stderr.write(`mitte-C: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
