import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { PurgeStep } from '../db/schema.js';
import type { LifecycleDeps } from '../modules/lifecycle/index.js';
import { ensureMasterKey } from '../platform/crypto/master-key.js';
import { createSigningKeyFile, loadSigningKey } from '../platform/crypto/signing-key.js';

// The lifecycle module is imported when a command runs, not when the CLI starts (see cli.ts).
const lifecycleModule = () => import('../modules/lifecycle/index.js');
const systemContext = () => import('../platform/access/system-context.js');

export interface CliHelpers {
  loadConfig(): Config;
  withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  tellNodes(org: string): Promise<void>;
  print(line: string): void;
}

function days(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 365) throw new InvalidArgumentError('expected 0–365 days');
  return Number(value);
}

async function lifecycleDeps(config: Config, db: Database, helpers: CliHelpers): Promise<LifecycleDeps> {
  // Embedded mode creates the key on first use, as the server does; production never does.
  const masterKey = ensureMasterKey(config).key;
  const { KeyRing } = await import('../platform/crypto/data-keys.js');
  const { createMailer } = await import('../platform/mail/mailer.js');
  const { openBlobStore } = await import('../platform/storage/open-blob-store.js');
  const log = {
    info: () => {},
    warn: (obj: object, msg: string) => helpers.print(`warning: ${msg} ${JSON.stringify(obj)}`),
  };
  return {
    db,
    keys: new KeyRing(db, masterKey),
    blobs: await openBlobStore(config),
    mailer: createMailer({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      outboxDir: path.join(config.dataDir, 'outbox'),
      log,
    }),
    config,
    invalidate: (org) => helpers.tellNodes(org),
    log,
  };
}

/** Crash simulation for the purge's kill -9 tests; honoured only under NODE_ENV=test. */
function testKillAfter(config: Config): ((step: PurgeStep) => void) | undefined {
  const step = process.env.MITTE_TEST_PURGE_KILL_AFTER;
  if (config.nodeEnv !== 'test' || !step) return undefined;
  return (done) => {
    if (done === step) process.kill(process.pid, 'SIGKILL');
  };
}

/** `mitte suspend-org | resume-org | terminate-org | purge-org | verify-certificate | …` */
export function addLifecycleCommands(program: Command, helpers: CliHelpers): void {
  const { print } = helpers;
  const change = async (
    code: string,
    operation: 'suspendOrganisation' | 'resumeOrganisation' | 'terminateOrganisation',
    input: { reason?: string; exportWindowDays?: number },
  ) => {
    const config = helpers.loadConfig();
    const op = (await lifecycleModule())[operation];
    const { runAsSystem } = await systemContext();
    const result = await helpers.withDatabase(async (db) => {
      const deps = await lifecycleDeps(config, db, helpers);
      const lifecycle = await runAsSystem(db, { kind: 'provider' }, 'cli', ['ops:organisations'], (ctx) =>
        op(ctx, deps, code, input),
      );
      await deps.mailer.close();
      return lifecycle;
    });
    await helpers.tellNodes(code);
    print(`organisation ${code} is now ${result.status}`);
    if (result.purgeAfter) print(`purge date: ${result.purgeAfter}`);
  };

  /** A status change's command: the organisation, and the reason the audit log and the mails carry. */
  const statusCommand = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .requiredOption('--org <serviceCode>', 'service code')
      .option('--reason <text>', 'why (audit log and mail)');

  statusCommand(
    'suspend-org',
    'suspend an organisation: no sign-in, public site 503, nothing deleted (mails its admins)',
  ).action((o: { org: string; reason?: string }) =>
    change(o.org, 'suspendOrganisation', { reason: o.reason }),
  );

  statusCommand('resume-org', 'end a suspension (mails its admins)').action(
    (o: { org: string; reason?: string }) => change(o.org, 'resumeOrganisation', { reason: o.reason }),
  );

  statusCommand(
    'terminate-org',
    'end the contract: admins read-only for the export window, then purge (mails its admins)',
  )
    .option('--export-days <days>', 'export window in days (default EXPORT_WINDOW_DAYS, 30)', days)
    .action((o: { org: string; reason?: string; exportDays?: number }) =>
      change(o.org, 'terminateOrganisation', {
        reason: o.reason,
        ...(o.exportDays === undefined ? {} : { exportWindowDays: o.exportDays }),
      }),
    );

  program
    .command('purge-org')
    .description(
      'purge a terminated organisation now: rows, files, audit chain; destroys its data keys; issues the deletion certificate',
    )
    .requiredOption('--org <serviceCode>', 'service code')
    .requiredOption('--confirm <serviceCode>', 'the service code typed again, to confirm')
    .action(async (o: { org: string; confirm: string }) => {
      const config = helpers.loadConfig();
      const { lifecycleSystemContext, runPurge, startPurge } = await lifecycleModule();
      const { runAsSystem } = await systemContext();
      const result = await helpers.withDatabase(async (db) => {
        const deps = await lifecycleDeps(config, db, helpers);
        await runAsSystem(db, { kind: 'provider' }, 'cli', ['ops:organisations'], (ctx) =>
          startPurge(ctx, o.org, { confirmation: o.confirm }),
        );
        const afterStep = testKillAfter(config);
        const ran = await runPurge(
          lifecycleSystemContext('cli'),
          deps,
          o.org,
          afterStep ? { afterStep } : {},
        );
        await deps.mailer.close();
        return ran;
      });
      if (result === 'busy') print(`the purge of ${o.org} is running on another node`);
      else
        print(
          `organisation ${o.org} purged; its deletion certificate is in the ops console (/ops/) and mailed to its admins`,
        );
    });

  program
    .command('deletion-certificate')
    .description("write a purged organisation's signed deletion certificate (JSON, and the PDF with --pdf)")
    .requiredOption('--org <serviceCode>', 'service code')
    .requiredOption('--out <file>', 'where to write the JSON')
    .option('--pdf <file>', 'where to write the PDF')
    .action(async (o: { org: string; out: string; pdf?: string }) => {
      const { getDeletionCertificate } = await lifecycleModule();
      const { runAsSystem } = await systemContext();
      const [json, pdf] = await helpers.withDatabase((db) =>
        runAsSystem(db, { kind: 'provider' }, 'cli', ['ops:organisations'], async (ctx) => [
          await getDeletionCertificate(ctx, o.org, 'json'),
          o.pdf ? await getDeletionCertificate(ctx, o.org, 'pdf') : undefined,
        ]),
      );
      fs.writeFileSync(o.out, json as Buffer);
      if (o.pdf && pdf) fs.writeFileSync(o.pdf, pdf);
      print(`written: ${o.out}${o.pdf ? `, ${o.pdf}` : ''}`);
    });

  program
    .command('verify-certificate')
    .description("check a deletion certificate's signature against the provider's public key")
    .argument('<file>', 'the certificate JSON')
    .option('--pdf <file>', 'also check that this PDF is the one the certificate signs')
    .option('--public-key <file>', "the provider's public key (PEM); default: from SIGNING_KEY_FILE")
    .action(async (file: string, o: { pdf?: string; publicKey?: string }) => {
      const { verifyCertificate } = await lifecycleModule();
      const publicKey = o.publicKey
        ? fs.readFileSync(o.publicKey, 'utf8')
        : loadSigningKey({ ...helpers.loadConfig(), mayGenerateSigningKey: false }).publicKeyPem;
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`${file} is not JSON: ${(error as Error).message}`);
      }
      const check = verifyCertificate(json, publicKey, o.pdf ? fs.readFileSync(o.pdf) : undefined);
      if (!check.ok) {
        print(`INVALID: ${check.reason}`);
        process.exitCode = 1;
        return;
      }
      print(
        `OK: certificate of ${check.serviceCode} signed with key ${check.keyId}${o.pdf ? ', PDF matches' : ''}`,
      );
    });

  program
    .command('certificate-public-key')
    .description("print the provider's public key (PEM) that verifies deletion certificates")
    .action(() => {
      const key = loadSigningKey({ ...helpers.loadConfig(), mayGenerateSigningKey: false });
      print(`key id ${key.keyId}`);
      process.stdout.write(key.publicKeyPem);
    });

  program
    .command('create-signing-key')
    .description('create the Ed25519 signing key at SIGNING_KEY_FILE (mode 0600); refuses to overwrite')
    .action(() => {
      const config = helpers.loadConfig();
      createSigningKeyFile(config.signingKeyFile);
      print(
        `signing key ${loadSigningKey({ ...config, mayGenerateSigningKey: false }).keyId} written to ${config.signingKeyFile}`,
      );
    });
}
