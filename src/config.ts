import path from 'node:path';

/** Thrown when an environment variable is missing or invalid; names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export interface TlsConfig {
  certFile: string;
  keyFile: string;
}

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  production: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** Set → PostgreSQL as the app role; unset → embedded PGlite in `dataDir/db`. */
  databaseUrl: string | undefined;
  /** Owner role connection used to apply migrations on PostgreSQL; PGlite uses its own session. */
  databaseOwnerUrl: string | undefined;
  databasePoolMax: number;
  baseUrl: string;
  tls: TlsConfig | undefined;
  /** false, true (trust every hop) or a list of proxy addresses/CIDRs. */
  trustProxy: boolean | string[];
  masterKeyFile: string;
  /** Embedded mode may create the master key file on first start; production never does. */
  mayGenerateMasterKey: boolean;
  /** The provider's Ed25519 key that signs deletion certificates; created like the master key. */
  signingKeyFile: string;
  mayGenerateSigningKey: boolean;
  /** A Japanese font (TTF/OTF/TTC) for the deletion certificate PDF, and its PostScript name in a collection. */
  certificateFont: { file: string; name: string | undefined };
  /** How long backups are kept: the certificate says by when a purged organisation's data leaves them. */
  backupRetentionDays: number;
  /** Default export window after a contract ends, before the organisation is purged. */
  exportWindowDays: number;
  /** Whom a suspended organisation's staff contact (shown at sign-in, in mails), e.g. an address. */
  providerContact: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  metricsToken: string | undefined;
  /** Provision the demo organisation on first start (embedded default only). */
  demo: boolean;
  /** SMTP server for mail; unset → .eml files in DATA_DIR/outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Sender of the provider's notices to organisations (the support desk's address). */
  supportMailFrom: string;
  /** How long a claimed notice mail stays claimed before another pass may retry it. */
  noticeMailLeaseSeconds: number;
  /** Days after which a day of operators' work not yet reviewed is flagged as overdue (A.12.4.3). */
  workLogReviewDays: number;
  /** Minutes between signed anchors of the audit chains' heads (0: only at shutdown). */
  auditAnchorMinutes: number;
  /** Where the signed audit anchors are appended (outside the database). */
  auditAnchorDir: string;
  cryptoFips: 'required' | 'off';
  /** clamd for virus scanning (unix:///path or tcp://host:port); unset → uploads are refused. */
  clamdUrl: string | undefined;
  /** Supplemental signature feed (manifest URL) and clamd's database directory, for the built-in updater. */
  signatureFeedUrl: string | undefined;
  signatureDatabaseDir: string | undefined;
  signatureIntervalMinutes: number;
  /** Hosts the server may fetch from although they resolve to private addresses (a feed mirror). */
  outboundAllowedPrivateHosts: string[];
  /** Map tiles for the console and site maps; their origin is allowed in the CSP. */
  mapTileUrl: string;
  /** How often scheduled publishing runs; 0 turns it off on this node. */
  schedulerIntervalMs: number;
  /** Per-node cache of public pages and API answers; 0 bytes turns it off. */
  publicCache: { maxBytes: number; ttlSeconds: number; admitAfter: number };
  /** Per-node read-through cache of published items and site settings; 0 bytes turns it off. */
  publishedCacheBytes: number;
  /** Per-node published model: every live item of an organisation with traffic in memory; 0 bytes turns it off. */
  publishedModel: {
    maxBytes: number;
    checkSeconds: number;
    loadAfter: number;
    /**
     * API reads in one of the site's other languages a held model must see before its answers
     * are serialised in that language too (PublishedReads); 0: never.
     */
    languagesAfter: number;
  };
  /**
   * Per-node published tier: every live item of the organisations the model does not hold, as
   * prepared answers in one file per organisation under `dir` (node-local disk); 0 bytes turns it off.
   */
  publishedTier: { maxBytes: number; dir: string; buildAfter: number; checkSeconds: number };
  /**
   * Site page requests in one language an organisation's held model must see before its spot
   * pages in that language are rendered ahead (src/site/prepared-pages.ts): only organisations and
   * languages with page traffic; 0: never.
   */
  sitePagesAheadAfter: number;
  /** Stamp rally: new stamps per minute from one client address in one campaign (all nodes). */
  rallyStampsPerAddressPerMinute: number;
  /** Most viewed items per organisation loaded into the published cache at start (0: none). */
  publishedCacheWarmItems: number;
  /** Uploads decoded/re-encoded at once on this node; more wait in a queue (memory bound). */
  mediaProcessingConcurrency: number;
  /** libvips worker threads per image operation (MEDIA_IMAGE_THREADS), set once at start. */
  mediaImageThreads: number;
  /** Share of requests with an access log line (1: every request, 0: none; errors always). */
  accessLogSample: number;
  /** Redis for cache invalidation across nodes (pub/sub); unset → each node on its own. */
  redisUrl: string | undefined;
  /** Prefix of Redis channel and key names, so deployments can share one Redis. */
  redisPrefix: string;
  /** Answer only under BASE_URL's host, ALLOWED_HOSTS, organisations' domains, IPs and localhost. */
  hostCheck: { strict: boolean; serviceHosts: string[] };
  auth: AuthConfig;
  backup: BackupConfig;
  /** Where media and export files live: `DATA_DIR/blobs` on this node, or an S3-compatible store. */
  blobStore: BlobStoreConfig;
}

/** BLOB_STORE=local (default) or s3 with the S3_* variables; credentials as AWS's tools read them. */
export type BlobStoreConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      endpoint: string | undefined;
      bucket: string;
      region: string;
      forcePathStyle: boolean;
      /** From AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; unset → the SDK's chain (AWS_SHARED_CREDENTIALS_FILE, roles). */
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
    };

/** Encrypted backups (`mitte backup`, the schedule); the key is never the master key. */
export interface BackupConfig {
  /** BACKUP_KEY (32 bytes, base64) or the file BACKUP_KEY_FILE holding it; unset → backups refused. */
  key: string | undefined;
  keyFile: string | undefined;
  /** Where scheduled backups go; unset → no schedule. */
  dir: string | undefined;
  /** 'HH:MM' (Japan time) for one backup a day, or 'off'. */
  schedule: { hour: number; minute: number } | null;
  keepDaily: number;
  keepWeekly: number;
  /** PostgreSQL: a role that may read every row (superuser or BYPASSRLS) for pg_dump. */
  databaseUrl: string | undefined;
}

export interface AuthConfig {
  /** Failures on one account before it is locked. */
  lockThreshold: number;
  lockMinutes: number;
  /** First wait after three failures; doubles with each further failure (max 30 s × base/1000). */
  delayBaseMs: number;
  /** Failures from one source address within the window before it is blocked. */
  ipThreshold: number;
  windowMinutes: number;
}

type Env = Record<string, string | undefined>;

function readString(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = readString(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${url.protocol}`);
  }
  return raw;
}

function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = readString(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function readTrustProxy(env: Env): boolean | string[] {
  const raw = readString(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  const entries = raw.split(',').map((s) => s.trim());
  const address = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;
  for (const entry of entries) {
    if (!address.test(entry)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be true, false or a comma-separated list of IPs/CIDRs, got "${entry}"`,
      );
    }
  }
  return entries;
}

/** One validated, typed config object from the environment. Pure: no files are touched. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = readEnum(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const port = readInt(env, 'PORT', 8080, 0, 65535);
  const host = readString(env, 'HOST') ?? '127.0.0.1';
  if (!/^[0-9a-zA-Z.:-]+$/.test(host))
    throw new ConfigError('HOST', `is not a host name or address: "${host}"`);
  const dataDir = path.resolve(readString(env, 'DATA_DIR') ?? './data');

  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseOwnerUrl = readUrl(env, 'DATABASE_OWNER_URL', ['postgres:', 'postgresql:']);
  if (databaseOwnerUrl && !databaseUrl) {
    throw new ConfigError('DATABASE_OWNER_URL', 'is only used together with DATABASE_URL');
  }
  const databasePoolMax = readInt(env, 'DATABASE_POOL_MAX', 10, 1, 200);

  const certFile = readString(env, 'TLS_CERT');
  const keyFile = readString(env, 'TLS_KEY');
  if (certFile && !keyFile) throw new ConfigError('TLS_KEY', 'is required when TLS_CERT is set');
  if (keyFile && !certFile) throw new ConfigError('TLS_CERT', 'is required when TLS_KEY is set');
  const tls =
    certFile && keyFile ? { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) } : undefined;

  const trustProxy = readTrustProxy(env);
  if (production && !tls && trustProxy === false) {
    throw new ConfigError(
      'TLS_CERT',
      'production refuses plain HTTP: set TLS_CERT and TLS_KEY, or TRUST_PROXY when TLS ends at a proxy',
    );
  }

  const defaultBase = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const baseUrl = (readUrl(env, 'BASE_URL', ['http:', 'https:']) ?? defaultBase).replace(/\/+$/, '');
  if (production && !baseUrl.startsWith('https:')) {
    throw new ConfigError('BASE_URL', 'must be an https:// URL in production');
  }

  const masterKeyEnv = readString(env, 'MASTER_KEY_FILE');
  if (production && !masterKeyEnv) {
    throw new ConfigError('MASTER_KEY_FILE', 'is required in production: keys are never generated there');
  }
  const masterKeyFile = path.resolve(masterKeyEnv ?? path.join(dataDir, 'master.key'));

  const logLevel = readEnum(
    env,
    'LOG_LEVEL',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    nodeEnv === 'test' ? 'silent' : 'info',
  );
  const bodyLimitBytes = readInt(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024);
  const metricsToken = readString(env, 'METRICS_TOKEN');
  const clamdUrl = readUrl(env, 'CLAMD_URL', ['unix:', 'tcp:']);
  if (production && !clamdUrl) {
    throw new ConfigError('CLAMD_URL', 'is required in production: uploads must be virus-scanned');
  }
  // /metrics and the details of /readyz reveal versions and load: production keeps them behind a token.
  if (production && (!metricsToken || metricsToken.length < 16)) {
    throw new ConfigError(
      'METRICS_TOKEN',
      'is required in production (at least 16 characters): /metrics and the /readyz details need it',
    );
  }
  if (readString(env, 'SIGNATURE_FEED_URL') && (!clamdUrl || !readString(env, 'SIGNATURE_DB_DIR'))) {
    throw new ConfigError(
      'SIGNATURE_DB_DIR',
      "SIGNATURE_FEED_URL needs CLAMD_URL and SIGNATURE_DB_DIR (clamd's DatabaseDirectory)",
    );
  }
  const redisPrefix = readString(env, 'REDIS_PREFIX') ?? 'mitte:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(redisPrefix)) {
    throw new ConfigError(
      'REDIS_PREFIX',
      `must be 1–64 of A–Z, a–z, 0–9, ':', '_', '.', '-', got "${redisPrefix}"`,
    );
  }
  const hostCheckMode = readEnum(
    env,
    'HOST_CHECK',
    ['strict', 'off'] as const,
    production ? 'strict' : 'off',
  );
  const allowedHosts = (readString(env, 'ALLOWED_HOSTS') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  for (const host of allowedHosts) {
    if (!/^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/.test(host)) {
      throw new ConfigError('ALLOWED_HOSTS', `must be a comma-separated list of host names, got "${host}"`);
    }
  }
  const backup = readBackupConfig(env);
  const blobStore = readBlobStoreConfig(env);
  const demoRaw = readEnum(env, 'DEMO', ['auto', 'true', 'false'] as const, 'auto');
  const demo = demoRaw === 'true' || (demoRaw === 'auto' && !databaseUrl && !production);

  return {
    nodeEnv,
    production,
    port,
    host,
    dataDir,
    databaseUrl,
    databaseOwnerUrl,
    databasePoolMax,
    baseUrl,
    tls,
    trustProxy,
    masterKeyFile,
    mayGenerateMasterKey: !production && !masterKeyEnv,
    signingKeyFile: path.resolve(
      readString(env, 'SIGNING_KEY_FILE') ?? path.join(dataDir, 'signing-key.pem'),
    ),
    mayGenerateSigningKey: !production && !readString(env, 'SIGNING_KEY_FILE'),
    certificateFont: {
      file:
        readString(env, 'CERTIFICATE_FONT_FILE') ?? '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
      name:
        readString(env, 'CERTIFICATE_FONT_NAME') ??
        (readString(env, 'CERTIFICATE_FONT_FILE') ? undefined : 'NotoSansCJKjp-Regular'),
    },
    backupRetentionDays: readInt(env, 'BACKUP_RETENTION_DAYS', 35, 1, 3650),
    exportWindowDays: readInt(env, 'EXPORT_WINDOW_DAYS', 30, 0, 365),
    providerContact: readString(env, 'PROVIDER_CONTACT'),
    logLevel,
    bodyLimitBytes,
    metricsToken,
    demo,
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: readString(env, 'MAIL_FROM') ?? 'mitte-C <no-reply@mitte-c.invalid>',
    supportMailFrom:
      readString(env, 'SUPPORT_MAIL_FROM') ??
      readString(env, 'MAIL_FROM') ??
      'mitte-C <no-reply@mitte-c.invalid>',
    noticeMailLeaseSeconds: readInt(env, 'NOTICE_MAIL_LEASE_SECONDS', 300, 1, 86_400),
    workLogReviewDays: readInt(env, 'WORK_LOG_REVIEW_DAYS', 7, 1, 90),
    auditAnchorMinutes: readInt(env, 'AUDIT_ANCHOR_MINUTES', 15, 0, 1440),
    auditAnchorDir: path.resolve(readString(env, 'AUDIT_ANCHOR_DIR') ?? path.join(dataDir, 'anchors')),
    schedulerIntervalMs: readInt(env, 'SCHEDULER_INTERVAL_MS', 15_000, 0, 3_600_000),
    publicCache: {
      maxBytes: readInt(env, 'PUBLIC_CACHE_MB', 64, 0, 4096) * 1024 * 1024,
      ttlSeconds: readInt(env, 'PUBLIC_CACHE_TTL_SECONDS', 60, 1, 3600),
      admitAfter: readInt(env, 'PUBLIC_CACHE_ADMIT_AFTER', 2, 1, 10),
    },
    publishedCacheBytes: readInt(env, 'PUBLISHED_CACHE_MB', 32, 0, 4096) * 1024 * 1024,
    publishedModel: {
      maxBytes: readInt(env, 'PUBLISHED_MODEL_MB', 128, 0, 16_384) * 1024 * 1024,
      checkSeconds: readInt(env, 'PUBLISHED_MODEL_CHECK_SECONDS', 5, 1, 3600),
      // 1 in tests: each test's first public read loads the model, as the tests expect.
      loadAfter: readInt(env, 'PUBLISHED_MODEL_LOAD_AFTER', nodeEnv === 'test' ? 1 : 20, 1, 1_000_000),
      languagesAfter: readInt(env, 'PUBLISHED_MODEL_LANGUAGES_AFTER', 20, 0, 1_000_000),
    },
    publishedTier: {
      // Off in tests: a test that wants it says so (each test's first read loads the model anyway).
      maxBytes: readInt(env, 'PUBLISHED_TIER_MB', nodeEnv === 'test' ? 0 : 4096, 0, 1_048_576) * 1024 * 1024,
      dir: path.resolve(readString(env, 'PUBLISHED_TIER_DIR') ?? path.join(dataDir, 'published-tier')),
      buildAfter: readInt(env, 'PUBLISHED_TIER_BUILD_AFTER', nodeEnv === 'test' ? 1 : 2, 1, 1_000_000),
      // Longer than the model's 5 s: a node's tier holds every organisation it serves, and each
      // check reads all of an organisation's rows (5–10 ms of PostgreSQL for 1,000 spots).
      checkSeconds: readInt(env, 'PUBLISHED_TIER_CHECK_SECONDS', 60, 1, 3600),
    },
    sitePagesAheadAfter: readInt(env, 'SITE_PAGES_AHEAD_AFTER', 20, 0, 1_000_000),
    rallyStampsPerAddressPerMinute: readInt(env, 'RALLY_STAMPS_PER_ADDRESS_PER_MINUTE', 120, 1, 1_000_000),
    // Off by default in tests: a test that wants it says so, the others keep a cold cache.
    publishedCacheWarmItems: readInt(
      env,
      'PUBLISHED_CACHE_WARM_ITEMS',
      nodeEnv === 'test' ? 0 : 200,
      0,
      100_000,
    ),
    mediaProcessingConcurrency: readInt(env, 'MEDIA_PROCESSING_CONCURRENCY', 2, 1, 64),
    // libvips worker threads per image operation; each keeps its own tile buffers.
    mediaImageThreads: readInt(env, 'MEDIA_IMAGE_THREADS', 1, 1, 64),
    accessLogSample: readInt(env, 'ACCESS_LOG_SAMPLE_PERCENT', 100, 0, 100) / 100,
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix,
    backup,
    blobStore,
    hostCheck: {
      strict: hostCheckMode === 'strict',
      serviceHosts: [new URL(baseUrl).hostname.toLowerCase(), ...allowedHosts],
    },
    clamdUrl,
    cryptoFips: readEnum(env, 'CRYPTO_FIPS', ['required', 'off'] as const, 'off'),
    signatureFeedUrl: readUrl(env, 'SIGNATURE_FEED_URL', ['https:', 'http:']),
    signatureDatabaseDir: readString(env, 'SIGNATURE_DB_DIR'),
    signatureIntervalMinutes: readInt(env, 'SIGNATURE_INTERVAL_MINUTES', 60, 1, 1440),
    outboundAllowedPrivateHosts: (readString(env, 'OUTBOUND_ALLOWED_PRIVATE_HOSTS') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    mapTileUrl: readString(env, 'MAP_TILE_URL') ?? 'https://tile.openstreetmap.jp/{z}/{x}/{y}.png',
    auth: {
      lockThreshold: readInt(env, 'LOGIN_LOCK_THRESHOLD', 10, 3, 100),
      lockMinutes: readInt(env, 'LOGIN_LOCK_MINUTES', 15, 1, 1440),
      delayBaseMs: readInt(env, 'LOGIN_DELAY_BASE_MS', 1000, 0, 60_000),
      ipThreshold: readInt(env, 'LOGIN_IP_THRESHOLD', 100, 5, 100_000),
      windowMinutes: readInt(env, 'LOGIN_WINDOW_MINUTES', 15, 1, 1440),
    },
  };
}

function readBlobStoreConfig(env: Env): BlobStoreConfig {
  const kind = readEnum(env, 'BLOB_STORE', ['local', 's3'] as const, 'local');
  if (kind === 'local') return { kind };
  const bucket = readString(env, 'S3_BUCKET');
  if (!bucket) throw new ConfigError('S3_BUCKET', 'is required when BLOB_STORE=s3');
  // S3's bucket naming rules (3–63 of a–z, 0–9, '.', '-'), which every compatible store accepts.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('S3_BUCKET', `is not a valid bucket name: "${bucket}"`);
  }
  const accessKeyId = readString(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = readString(env, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId && !secretAccessKey) {
    throw new ConfigError('AWS_SECRET_ACCESS_KEY', 'is required when AWS_ACCESS_KEY_ID is set');
  }
  if (secretAccessKey && !accessKeyId) {
    throw new ConfigError('AWS_ACCESS_KEY_ID', 'is required when AWS_SECRET_ACCESS_KEY is set');
  }
  const region = readString(env, 'S3_REGION') ?? readString(env, 'AWS_REGION') ?? 'us-east-1';
  if (!/^[a-z0-9-]{2,32}$/.test(region))
    throw new ConfigError('S3_REGION', `is not a region name: "${region}"`);
  const pathStyle = readEnum(env, 'S3_FORCE_PATH_STYLE', ['true', 'false'] as const, 'false');
  return {
    kind,
    endpoint: readUrl(env, 'S3_ENDPOINT', ['https:', 'http:']),
    bucket,
    region,
    forcePathStyle: pathStyle === 'true',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
  };
}

function readBackupConfig(env: Env): BackupConfig {
  const key = readString(env, 'BACKUP_KEY');
  const keyFile = readString(env, 'BACKUP_KEY_FILE');
  if (key && keyFile) throw new ConfigError('BACKUP_KEY', 'set BACKUP_KEY or BACKUP_KEY_FILE, not both');
  if (key && Buffer.from(key, 'base64').length !== 32) {
    throw new ConfigError('BACKUP_KEY', 'must be 32 bytes in base64 (openssl rand -base64 32)');
  }
  const dirRaw = readString(env, 'BACKUP_DIR');
  const scheduleRaw = readString(env, 'BACKUP_SCHEDULE') ?? 'off';
  let schedule: BackupConfig['schedule'] = null;
  if (scheduleRaw !== 'off') {
    const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(scheduleRaw);
    if (!match)
      throw new ConfigError('BACKUP_SCHEDULE', `must be HH:MM (Japan time) or off, got "${scheduleRaw}"`);
    schedule = { hour: Number(match[1]), minute: Number(match[2]) };
    if (!dirRaw) throw new ConfigError('BACKUP_DIR', 'is required when BACKUP_SCHEDULE is set');
    if (!key && !keyFile)
      throw new ConfigError('BACKUP_KEY_FILE', 'BACKUP_SCHEDULE needs BACKUP_KEY_FILE or BACKUP_KEY');
  }
  return {
    key,
    keyFile: keyFile ? path.resolve(keyFile) : undefined,
    dir: dirRaw ? path.resolve(dirRaw) : undefined,
    schedule,
    keepDaily: readInt(env, 'BACKUP_KEEP_DAILY', 7, 1, 365),
    keepWeekly: readInt(env, 'BACKUP_KEEP_WEEKLY', 4, 0, 520),
    databaseUrl: readUrl(env, 'BACKUP_DATABASE_URL', ['postgres:', 'postgresql:']),
  };
}
