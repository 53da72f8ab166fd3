import fs from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { addLifecycleCommands } from './cli/lifecycle-commands.js';
import { ConfigError, loadConfig } from './config.js';
import type { Database } from './db/database.js';
import type { RestoreReport } from './modules/backup/index.js';
import type { Dataset } from './modules/opendata/index.js';
import type { AccountMail } from './modules/users/index.js';
import { ensureMasterKey } from './platform/crypto/master-key.js';
import { loadSigningKey } from './platform/crypto/signing-key.js';
import { AppError } from './platform/errors.js';
import { BlobStoreConfigError, FileBlobStore } from './platform/storage/blob-store.js';

// Each command imports the modules it uses when it runs: loading every module costs a CLI
// process about 2 s of CPU before it does anything (and `mitte --help` needs none of them).
const load = {
  auth: () => import('./modules/auth/index.js'),
  backup: () => import('./modules/backup/index.js'),
  export: () => import('./modules/export/index.js'),
  media: () => import('./modules/media/index.js'),
  opendata: () => import('./modules/opendata/index.js'),
  operators: () => import('./modules/operators/index.js'),
  organisations: () => import('./modules/organisations/index.js'),
  systemContext: () => import('./platform/access/system-context.js'),
  keyRing: async () => (await import('./platform/crypto/data-keys.js')).KeyRing,
  blobStores: () => import('./platform/storage/open-blob-store.js'),
};

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { openConfiguredDatabase } = await import('./bootstrap.js');
  const db = await openConfiguredDatabase(config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * The running nodes cache public pages; a change made here reaches them through Redis when
 * REDIS_URL is set (otherwise their cache TTL bounds how long the old pages show).
 */
async function tellNodes(org: string): Promise<void> {
  const config = loadConfig();
  if (!config.redisUrl) return;
  try {
    const { publishInvalidation } = await import('./platform/cache/invalidation-bus.js');
    await publishInvalidation(config.redisUrl, config.redisPrefix, { org });
  } catch (error) {
    print(
      `warning: running nodes not told of the change (Redis: ${(error as Error).message}); their cache expires within ${config.publicCache.ttlSeconds} s`,
    );
  }
}

/**
 * The server's mail set-up (SMTP_URL, or the outbox under DATA_DIR), so a mail the CLI sends is
 * the one the operator console would send, with links to BASE_URL.
 */
async function withMail<T>(fn: (mail: AccountMail) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { createMailer } = await import('./platform/mail/mailer.js');
  const mailer = createMailer({
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
    from: config.mailFrom,
    outboxDir: path.join(config.dataDir, 'outbox'),
    log: { info() {}, warn: (_obj, msg) => print(`warning: ${msg}`) },
  });
  try {
    return await fn({ mailer, baseUrl: config.baseUrl });
  } finally {
    await mailer.close();
  }
}

function email(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
    throw new InvalidArgumentError('expected an e-mail address');
  }
  return trimmed;
}

function datasetOf(value: string): Dataset {
  if (value !== 'tourism' && value !== 'events')
    throw new InvalidArgumentError('dataset must be tourism or events');
  return value;
}

function date(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('expected YYYY-MM-DD');
  return value;
}

export function buildCli(): Command {
  const program = new Command('mitte')
    .description(
      'mitte-C operations. Reads the same environment as the server (DATABASE_URL, DATA_DIR, ...).',
    )
    .showHelpAfterError();

  program
    .command('migrate')
    .description('apply pending database migrations (PostgreSQL: needs DATABASE_OWNER_URL)')
    .action(async () => {
      const { migrate } = await import('./db/migrate.js');
      const { applied } = await withDatabase((db) => migrate(db));
      print(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    });

  program
    .command('create-org')
    .description('provision an organisation (tenant)')
    .requiredOption('--code <serviceCode>', 'service code: a-z, 0-9, -, 3–32 characters, immutable')
    .requiredOption('--name-ja <name>', 'name in Japanese')
    .requiredOption('--name-en <name>', 'name in English')
    .option('--lg-code <code>', '全国地方公共団体コード (6 digits with check digit)')
    .option('--region <region>', 'data region', 'jp')
    .option('--contract-start <date>', 'contract start (YYYY-MM-DD)', date)
    .option('--contract-end <date>', 'contract end (YYYY-MM-DD)', date)
    .option(
      '--admin-email <email>',
      "the first admin's e-mail address: the invitation is mailed (with --admin-name)",
      email,
    )
    .option('--admin-name <name>', "the first admin's name (with --admin-email)")
    .action(async (options: Record<string, string | undefined>) => {
      if (Boolean(options.adminEmail) !== Boolean(options.adminName)) {
        throw new InvalidArgumentError('give --admin-email and --admin-name together');
      }
      const input = {
        serviceCode: options.code!,
        nameJa: options.nameJa!,
        nameEn: options.nameEn!,
        ...(options.lgCode ? { lgCode: options.lgCode } : {}),
        ...(options.region ? { dataRegion: options.region } : {}),
        ...(options.contractStart ? { contractStart: options.contractStart } : {}),
        ...(options.contractEnd ? { contractEnd: options.contractEnd } : {}),
      };
      const admin = options.adminEmail ? { email: options.adminEmail, name: options.adminName! } : null;
      const { runAsSystem } = await load.systemContext();
      const { provisionOrganisation, provisionOrganisationWithAdmin } = await load.organisations();
      const org = await withDatabase((db) =>
        runAsSystem(db, { kind: 'provider' }, 'cli', ['ops:organisations'], (ctx) =>
          admin
            ? withMail((mail) => provisionOrganisationWithAdmin(ctx, mail, { ...input, admin }))
            : provisionOrganisation(ctx, input),
        ),
      );
      print(`organisation ${org.serviceCode} created (${org.nameJa} / ${org.nameEn})`);
      if (admin) print(`invitation mailed to ${admin.email} (valid for 72 hours)`);
    });

  program
    .command('create-operator')
    .description(
      'create a provider operator; prints a generated initial password once (two-factor set-up at first sign-in)',
    )
    .requiredOption('--email <email>', 'e-mail address (sign-in name)')
    .requiredOption('--name <name>', 'display name')
    .action(async (options: { email: string; name: string }) => {
      const { createOperator } = await load.operators();
      const operator = await withDatabase((db) => createOperator(db, options));
      print(`operator ${operator.email} created`);
      print(`initial password (shown once): ${operator.password}`);
    });

  program
    .command('import')
    .description(
      'import an open data CSV (観光施設一覧 or イベント一覧) into an organisation, acting as one of its users',
    )
    .requiredOption('--org <serviceCode>', 'the organisation')
    .requiredOption('--as <email>', 'the organisation user whose rights and name the import uses (audited)')
    .requiredOption('--dataset <dataset>', 'tourism or events')
    .requiredOption('--file <path>', 'the CSV file')
    .option('--encoding <encoding>', 'auto, utf8 or sjis', 'auto')
    .option('--dry-run', 'check the file and show what would change, without writing')
    .option('--publish', 'also publish what is created or updated (the user needs the publish right)')
    .action(
      async (options: {
        org: string;
        as: string;
        dataset: string;
        file: string;
        encoding: string;
        dryRun?: boolean;
        publish?: boolean;
      }) => {
        const dataset = datasetOf(options.dataset);
        const bytes = fs.readFileSync(options.file);
        const encoding = (['auto', 'utf8', 'sjis'].includes(options.encoding) ? options.encoding : 'auto') as
          | 'auto'
          | 'utf8'
          | 'sjis';
        const { asOrganisationUser } = await load.auth();
        const { applyImport, planImport, publicPlan } = await load.opendata();
        await withDatabase((db) =>
          asOrganisationUser(db, options.org, options.as, async (ctx) => {
            if (options.dryRun) {
              const plan = publicPlan(await planImport(ctx, dataset, bytes, encoding));
              for (const p of plan.problems)
                print(`line ${p.line}${p.column ? ` [${p.column}]` : ''}: ${p.message.ja} / ${p.message.en}`);
              const count = (action: string) => plan.rows.filter((r) => r.action === action).length;
              print(
                `${plan.encoding ?? 'unreadable'}: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged, ${plan.problems.length} problems`,
              );
              if (plan.problems.length > 0) process.exitCode = 1;
              return;
            }
            const bar = new SingleBar(
              { format: 'importing [{bar}] {value}/{total} rows', stream: process.stderr },
              Presets.shades_classic,
            );
            let started = false;
            try {
              const result = await applyImport(ctx, dataset, bytes, encoding, {
                publish: Boolean(options.publish),
                onProgress(done, total) {
                  if (!started) {
                    bar.start(total, 0);
                    started = true;
                  }
                  bar.update(done);
                },
              });
              if (started) bar.stop();
              print(
                `${result.encoding}: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged${options.publish ? `, ${result.published} published` : ''}`,
              );
            } catch (error) {
              if (started) bar.stop();
              if (error instanceof AppError && error.code === 'import_invalid') {
                for (const p of (error.details?.problems ?? []) as {
                  line: number;
                  column: string | null;
                  message: { ja: string; en: string };
                }[]) {
                  print(
                    `line ${p.line}${p.column ? ` [${p.column}]` : ''}: ${p.message.ja} / ${p.message.en}`,
                  );
                }
              }
              throw error;
            }
          }),
        );
        // After the commit, never inside the transaction.
        if (!options.dryRun) await tellNodes(options.org);
      },
    );

  program
    .command('export')
    .description("export an organisation's spots or events as the standard open data CSV")
    .requiredOption('--org <serviceCode>', 'the organisation')
    .requiredOption('--as <email>', 'the organisation user whose rights the export uses (audited)')
    .requiredOption('--dataset <dataset>', 'tourism or events')
    .requiredOption('--out <path>', 'file to write')
    .option('--encoding <encoding>', 'utf8, utf8-bom or sjis', 'utf8-bom')
    .option('--published-only', 'only what the public sees')
    .action(
      async (options: {
        org: string;
        as: string;
        dataset: string;
        out: string;
        encoding: string;
        publishedOnly?: boolean;
      }) => {
        const dataset = datasetOf(options.dataset);
        const encoding =
          options.encoding === 'sjis' ? 'cp932' : options.encoding === 'utf8' ? 'utf8' : 'utf8-bom';
        const { asOrganisationUser } = await load.auth();
        const { exportDataset } = await load.opendata();
        const result = await withDatabase((db) =>
          asOrganisationUser(db, options.org, options.as, (ctx) =>
            exportDataset(ctx, dataset, { publishedOnly: Boolean(options.publishedOnly), encoding }),
          ),
        );
        fs.writeFileSync(options.out, result.bytes);
        print(
          `wrote ${result.bytes.length} bytes to ${options.out}${result.unmappable ? ` (${result.unmappable} characters not representable in Shift_JIS were replaced)` : ''}`,
        );
      },
    );

  program
    .command('verify-audit')
    .description(
      'verify every audit hash chain (or, with --export, an export file without the service); exit 1 at the first broken link',
    )
    .option('--json', 'print the full report as JSON')
    .option(
      '--export <file.zip>',
      'verify an organisation export: every file against its manifest and the audit chain it holds',
    )
    .action(async (options: { json?: boolean; export?: string }) => {
      if (options.export) {
        const { verifyExportFile } = await load.export();
        const result = await verifyExportFile(path.resolve(options.export));
        if (options.json) print(JSON.stringify(result, null, 2));
        for (const problem of result.problems) print(`BROKEN: ${problem}`);
        if (result.audit && !result.audit.ok) {
          print(
            `BROKEN: chain ${result.audit.chain} at event ${result.audit.broken!.seq}: ${result.audit.broken!.reason}`,
          );
        }
        if (result.ok) {
          print(
            `OK: ${result.files} files of ${result.serviceCode} match the manifest; ${result.audit!.events} audit events verified`,
          );
        } else process.exitCode = 1;
        return;
      }
      const config = loadConfig();
      const { verifyAuditLog } = await import('./platform/audit/verify.js');
      const { readAnchors, verifyAuditAnchors } = await import('./platform/audit/anchors.js');
      const { report, anchors } = await withDatabase(async (db) => ({
        report: await verifyAuditLog(db),
        // The signed heads outside the database catch a chain rewritten and re-hashed as a whole.
        anchors: readAnchors(config.auditAnchorDir).length
          ? await verifyAuditAnchors(db, config.auditAnchorDir, loadSigningKey(config).publicKeyPem)
          : null,
      }));
      if (options.json) print(JSON.stringify({ ...report, anchors }, null, 2));
      for (const chain of report.chains.filter((c) => !c.ok)) {
        print(`BROKEN: chain ${chain.chain} at event ${chain.broken!.seq}: ${chain.broken!.reason}`);
      }
      for (const problem of anchors?.problems ?? []) print(`BROKEN: ${problem}`);
      if (report.ok && (anchors?.ok ?? true)) {
        print(
          `OK: ${report.events} events in ${report.chains.length} chains verified` +
            (anchors ? `; ${anchors.anchors} signed anchors match` : ''),
        );
        return;
      }
      process.exitCode = 1;
    });

  program
    .command('export-org')
    .description(
      "write an organisation's full export (content, media originals, users, settings, analytics, audit log) as one zip",
    )
    .requiredOption('--org <serviceCode>', 'the organisation')
    .requiredOption('--out <file.zip>', 'file to write (must not exist)')
    .action(async (options: { org: string; out: string }) => {
      const out = path.resolve(options.out);
      if (fs.existsSync(out)) throw new Error(`--out: ${out} exists already`);
      const config = loadConfig();
      const { key } = ensureMasterKey({ masterKeyFile: config.masterKeyFile, mayGenerateMasterKey: false });
      const bar = new SingleBar(
        { format: 'exporting [{bar}] {value}/{total} files', stream: process.stderr },
        Presets.shades_classic,
      );
      let started = false;
      const { exportOrganisationToFile } = await load.export();
      const { openBlobStore } = await load.blobStores();
      const KeyRing = await load.keyRing();
      const result = await withDatabase(async (db) => {
        try {
          return await exportOrganisationToFile(
            { db, blobs: await openBlobStore(config), keys: new KeyRing(db, key) },
            options.org,
            out,
            (done, total) => {
              if (!started) bar.start(total, 0);
              started = true;
              bar.setTotal(total);
              bar.update(done);
            },
          );
        } finally {
          if (started) bar.stop();
        }
      });
      print(
        `wrote ${result.manifest.files.length + 1} files, ${result.bytes} bytes to ${out} (sha256 ${result.sha256})`,
      );
    });

  program
    .command('backup')
    .description('take an encrypted, checksummed backup of the database and the blob store (BACKUP_KEY_FILE)')
    .requiredOption('--out <dir>', 'directory to write the backup into')
    .action(async (options: { out: string }) => {
      const config = loadConfig();
      const { key } = ensureMasterKey({ masterKeyFile: config.masterKeyFile, mayGenerateMasterKey: false });
      const { takeBackup } = await load.backup();
      const { systemActorContext } = await load.systemContext();
      const result = await withDatabase((db) =>
        takeBackup(
          systemActorContext('cli', ['ops:backups']),
          { db, config, masterKey: key },
          {
            outDir: path.resolve(options.out),
          },
        ),
      );
      if (!result) throw new Error('the backup slot was claimed by another node');
      print(`backup ${result.file}`);
      print(`  ${result.sizeBytes} bytes, sha256 ${result.sha256}`);
      print(
        `  ${Object.keys(result.manifest.tables).length} tables, ${result.manifest.blobs.count} blobs (${result.manifest.blobs.bytes} bytes)`,
      );
    });

  program
    .command('restore')
    .description(
      'restore a backup into empty targets and check it (migrations, rows per table, every blob decrypts, audit chains); --verify: into a scratch place that is removed afterwards',
    )
    .argument('<file>', 'the backup file (.mbk)')
    .option('--verify', 'only check the backup: restore into a scratch directory (PGlite) and remove it')
    .option(
      '--target-dir <dir>',
      'PGlite: the data directory to create (default: DATA_DIR/db unless --verify)',
    )
    .option('--blob-dir <dir>', 'where the blob store goes (default: DATA_DIR/blobs unless --verify)')
    .option('--target-url <url>', 'PostgreSQL: an empty database to restore into (superuser or owner)')
    .option('--json', 'print the full report as JSON')
    .action(
      async (
        file: string,
        options: {
          verify?: boolean;
          targetDir?: string;
          blobDir?: string;
          targetUrl?: string;
          json?: boolean;
        },
      ) => {
        const config = loadConfig();
        const { key } = ensureMasterKey({ masterKeyFile: config.masterKeyFile, mayGenerateMasterKey: false });
        const verify = Boolean(options.verify);
        const pgliteDir = options.targetDir ?? (verify ? undefined : path.join(config.dataDir, 'db'));
        // A real restore with BLOB_STORE=s3 writes the blobs into the configured bucket.
        const intoStore = !verify && !options.blobDir && config.blobStore.kind === 's3';
        const { restoreBackup } = await load.backup();
        const { systemActorContext } = await load.systemContext();
        const { openBlobStore } = await load.blobStores();
        const blobStore = intoStore ? await openBlobStore(config) : undefined;
        const blobDir =
          options.blobDir ?? (verify || intoStore ? undefined : path.join(config.dataDir, 'blobs'));
        const report = await restoreBackup(
          systemActorContext('cli', ['ops:backups']),
          { config, masterKey: key },
          path.resolve(file),
          {
            verify,
            target: {
              ...(pgliteDir ? { pgliteDir: path.resolve(pgliteDir) } : {}),
              ...(blobDir ? { blobDir: path.resolve(blobDir) } : {}),
              ...(blobStore ? { blobStore } : {}),
              ...(options.targetUrl ? { databaseUrl: options.targetUrl } : {}),
            },
          },
        ).finally(() => blobStore?.close());
        if (options.json) print(JSON.stringify(report, null, 2));
        printRestoreReport(report, verify);
        if (!report.ok) process.exitCode = 1;
      },
    );

  program
    .command('rotate-master-key')
    .description(
      'move every data key and two-factor seed to a new master key (one transaction, audited); then restart every node with it',
    )
    .requiredOption('--new-key-file <path>', 'the new master key: 32 bytes in base64, mode 0600')
    .action(async (options: { newKeyFile: string }) => {
      const config = loadConfig();
      const current = ensureMasterKey({ masterKeyFile: config.masterKeyFile, mayGenerateMasterKey: false });
      let next: Buffer;
      try {
        next = ensureMasterKey({
          masterKeyFile: path.resolve(options.newKeyFile),
          mayGenerateMasterKey: false,
        }).key;
      } catch (error) {
        if (error instanceof ConfigError)
          throw new Error(`--new-key-file: ${error.message.replace(/^MASTER_KEY_FILE: /, '')}`);
        throw error;
      }
      const { rotateMasterKey } = await load.operators();
      const result = await withDatabase((db) => rotateMasterKey(db, current.key, next));
      print(`master key ${result.from} → ${result.to}`);
      print(`re-wrapped ${result.dataKeys} data keys and re-sealed ${result.totpSeeds} two-factor seeds`);
      print('next: set MASTER_KEY_FILE to the new key file on every node and restart them;');
      print('      nodes still holding the old key refuse to start and cannot read new data keys.');
      print('      Keep the old key offline until every node runs with the new one, then destroy it.');
    });

  program
    .command('db-setup')
    .description('as a PostgreSQL superuser: create the owner and app roles and the database')
    .requiredOption('--admin-url <url>', 'superuser connection, e.g. postgres://postgres@127.0.0.1/postgres')
    .requiredOption('--database <name>', 'database to create or prepare')
    .option('--owner-password <password>', 'password for mitte_owner (migrations)')
    .option('--app-password <password>', 'password for mitte_app (the running service)')
    .option('--backup-password <password>', 'password for mitte_backup (mitte backup on PostgreSQL)')
    .option(
      '--backup-login-without-password',
      'development only: let mitte_backup log in without a password (pg_hba trust)',
    )
    .action(
      async (options: {
        adminUrl: string;
        database: string;
        ownerPassword?: string;
        appPassword?: string;
        backupPassword?: string;
        backupLoginWithoutPassword?: boolean;
      }) => {
        const { setupDatabaseRoles } = await import('./db/roles.js');
        const done = await setupDatabaseRoles(options.adminUrl, options);
        for (const line of done) print(line);
        print('app:    DATABASE_URL=postgres://mitte_app@<host>/' + options.database);
        print('owner:  DATABASE_OWNER_URL=postgres://mitte_owner@<host>/' + options.database);
        print('backup: BACKUP_DATABASE_URL=postgres://mitte_backup@<host>/' + options.database);
        if (!options.backupPassword && !options.backupLoginWithoutPassword) {
          print('        (mitte_backup logs in only once it has a password: --backup-password)');
        }
      },
    );

  program
    .command('migrate-blobs')
    .description(
      'copy every stored file from DATA_DIR/blobs to the S3 store named by S3_* (checksum-verified, resumable: run it again after a break); then set BLOB_STORE=s3',
    )
    .requiredOption('--to <store>', 'the target store: s3', (value) => {
      if (value !== 's3') throw new InvalidArgumentError('only s3 is supported');
      return value;
    })
    .action(async () => {
      // The S3 settings as the server will read them once BLOB_STORE=s3.
      const config = loadConfig({ ...process.env, BLOB_STORE: 's3' });
      const { localBlobRoot, openBlobStore } = await load.blobStores();
      const { migrateBlobs } = await import('./platform/storage/migrate-blobs.js');
      const from = new FileBlobStore(localBlobRoot(config.dataDir));
      const to = await openBlobStore(config);
      try {
        await to.verify();
        // Uploads a crash left pending are settled first (kept with their row, or removed).
        if ((await from.listStaged()).length > 0) {
          const { settlePendingBlobs } = await load.media();
          const settled = await withDatabase((db) => settlePendingBlobs(db, from));
          print(`settled interrupted uploads: ${settled.kept} kept, ${settled.removed} removed`);
        }
        const report = await migrateBlobs(from, to, (done) => {
          if (done % 100 === 0) print(`… ${done} files`);
        });
        print(
          `${report.copied} copied (${report.bytes} bytes), ${report.present} already there with the same checksum`,
        );
        for (const f of report.failed) print(`FAILED ${f.key}: ${f.reason}`);
        if (report.failed.length > 0) {
          throw new Error(`${report.failed.length} files were not copied; run the command again`);
        }
        print(`every file is in the S3 store; set BLOB_STORE=s3 on every node and restart them`);
      } finally {
        to.close();
      }
    });

  addLifecycleCommands(program, { loadConfig: () => loadConfig(), withDatabase, tellNodes, print });
  return program;
}

function printRestoreReport(report: RestoreReport, verify: boolean): void {
  const mark = (ok: boolean) => (ok ? 'OK    ' : 'FAILED');
  print(
    `backup ${report.label.id} of ${report.label.createdAt} (${report.label.databaseKind}, mitte-C ${report.label.toolVersion})`,
  );
  print(`${mark(report.migrations.ok)} migrations: ${report.migrations.restored.join(', ')}`);
  print(`${mark(report.tables.ok)} rows in ${report.tables.checked} tables match the backup`);
  for (const m of report.tables.mismatches)
    print(`         ${m.table}: backup ${m.backup}, restored ${m.restored}`);
  print(`${mark(report.blobs.ok)} ${report.blobs.checked} blobs decrypt`);
  for (const f of report.blobs.failed) print(`         ${f.key}: ${f.reason}`);
  print(
    `${mark(report.audit.ok)} ${report.audit.events} audit events in ${report.audit.chains.length} chains verify`,
  );
  print(
    report.ok
      ? verify
        ? 'restore verified; the scratch copy was removed'
        : 'restored'
      : 'the restore did NOT verify',
  );
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BlobStoreConfigError) {
      process.stderr.write(`mitte: configuration error: ${error.message}\n`);
    } else if (error instanceof AppError) {
      process.stderr.write(`mitte: ${error.text.ja}\nmitte: ${error.text.en}\n`);
    } else {
      process.stderr.write(`mitte: ${(error as Error).message}\n`);
    }
    process.exitCode = 1;
  }
}
