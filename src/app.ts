import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { AppModule, ModuleDeps } from './modules/app-module.js';
import type { AuthServices } from './modules/auth/index.js';
import { contentMediaUsage, PublishedReads } from './modules/content/index.js';
import { APP_MODULES } from './modules/index.js';
import { combineMediaUsages, configureImageLibrary } from './modules/media/index.js';
import { SiteDomainMap } from './modules/organisations/index.js';
import { PreviewTokens } from './modules/preview/index.js';
import { RallyKeys } from './modules/rally/index.js';
import { siteLogoMediaUsage } from './modules/site-settings/index.js';
import { recordSecurityEvent } from './platform/audit/audit.js';
import { SessionStore } from './platform/auth/sessions.js';
import { SignInLimiter } from './platform/auth/throttle.js';
import { InvalidationBus } from './platform/cache/invalidation-bus.js';
import { KeyRing } from './platform/crypto/data-keys.js';
import { SecretBox } from './platform/crypto/secret-box.js';
import { Errors } from './platform/errors.js';
import { installCompression } from './platform/http/compression.js';
import { PagingCursors } from './platform/http/cursor.js';
import { installErrorHandling } from './platform/http/error-handler.js';
import {
  installTextGuard,
  refuseNonFiniteNumbers,
  requireBoundedNumbers,
} from './platform/http/input-guard.js';
import { installJsonBodyParser } from './platform/http/json-body.js';
import { SAFE_METHODS } from './platform/http/methods.js';
import { installPublicCache } from './platform/http/public-cache.js';
import {
  type Authenticator,
  type DeclaredRoute,
  forgetPublicOrganisation,
  installGuard,
  requireDeclaredAccess,
} from './platform/http/route.js';
import { sharedSchemaCompilers } from './platform/http/schema-compilers.js';
import { installSecurityHeaders } from './platform/http/security-headers.js';
import { useStrictDateFormats } from './platform/http/strict-formats.js';
import { createMailer, type Mailer } from './platform/mail/mailer.js';
import { installAccessLog, type LogStream, loggerOptions } from './platform/observability/logger.js';
import { installMetrics } from './platform/observability/metrics.js';
import type { ReadinessCheck } from './platform/observability/readiness.js';
import { ClamdClient } from './platform/scan/clamd.js';
import { installScannerMetrics, scannerStatus } from './platform/scan/scanner-status.js';
import { SignatureUpdater } from './platform/scan/signature-updater.js';
import type { BlobStore } from './platform/storage/blob-store.js';
import { openBlobStore } from './platform/storage/open-blob-store.js';
import { WorkQueue } from './platform/work-queue.js';
import { warmPublishedCache } from './published-warm-up.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declared, for the route-permission test. */
    declaredRoutes: DeclaredRoute[];
    /** For work the server starts after listening (the demo's photos): media, and cache invalidation. */
    services: Pick<ModuleDeps, 'media' | 'invalidate'>;
  }
}

export interface AppDeps {
  config: Config;
  db: Database;
  /** Wraps every organisation's and operator's stored secrets (TOTP seeds; later data keys). */
  masterKey: Buffer;
  /** Defaults to SMTP_URL, or the outbox in DATA_DIR. */
  mailer?: Mailer;
  readinessChecks?: ReadinessCheck[];
  /** Defaults to the store BLOB_STORE names (the server passes the one it checked at start). */
  blobs?: BlobStore;
  /** Where the built console lives; defaults to dist/console beside the code. */
  consoleDir?: string;
  https?: { key: Buffer; cert: Buffer };
  /** Where JSON log lines go (stdout by default); tests read them. */
  logStream?: LogStream;
  /** Defaults to a queue of MEDIA_PROCESSING_CONCURRENCY (tests hold a slot to see uploads wait). */
  mediaProcessing?: WorkQueue;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));
// src/ when run from source, dist/src/ when built.
const REPO_ROOT = path.resolve(HERE, HERE.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');
export const DEFAULT_CONSOLE_DIR = path.join(REPO_ROOT, 'dist', 'console');

/** Builds the Fastify app from its dependencies. No side effects at import; nothing listens yet. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  // Host → organisation for custom domains; the rewrite runs before routing and must be synchronous.
  const siteDomains = new SiteDomainMap(db, config.trustProxy, config.hostCheck);
  const app = createFastify(deps, siteDomains);
  await installPlatform(app, deps);
  const blobs = deps.blobs ?? (await openBlobStore(config));
  if (!deps.blobs) app.addHook('onClose', async () => blobs.close());
  const services = buildServices(app, { ...deps, blobs });
  const { sessions, invalidation, moduleDeps } = services;
  app.decorate('declaredRoutes', requireDeclaredAccess(app));
  app.decorate('services', { media: moduleDeps.media, invalidate: moduleDeps.invalidate });
  // Before the guard: a cache hit needs neither the session look-up nor the route.
  const publicCache = installPublicCache(app, moduleDeps.registry, {
    ...config.publicCache,
    sessionCookies: [sessions.cookieName],
  });
  await installCompression(app);
  invalidation.subscribe(async (message) => {
    if ('org' in message) {
      publicCache.invalidate(message.org);
      moduleDeps.published.invalidate(message.org);
      forgetPublicOrganisation(db, message.org);
    } else if ('all' in message) {
      publicCache.clear();
      moduleDeps.published.clear();
      forgetPublicOrganisation(db);
    } else {
      await siteDomains.reload();
    }
  });
  app.addHook('onReady', async () => {
    await siteDomains.reload();
    siteDomains.start(app.log);
    await invalidation.start();
  });
  app.addHook('onClose', async () => {
    siteDomains.stop();
    await invalidation.stop();
  });
  installGuard(app, moduleDeps);
  installScannerMetrics(moduleDeps.registry, moduleDeps.scannerStatus);
  defineOpenApiRoute(app);
  for (const module of APP_MODULES) for (const register of module.routes) await register(app, moduleDeps);
  if (config.schedulerIntervalMs > 0) startJobs(app, APP_MODULES, moduleDeps);
  await registerConsole(app, deps.consoleDir ?? DEFAULT_CONSOLE_DIR);
  return app;
}

function createFastify(deps: AppDeps, siteDomains: SiteDomainMap): FastifyInstance {
  const { config } = deps;
  const options: FastifyServerOptions & { https?: { key: Buffer; cert: Buffer; minVersion: 'TLSv1.2' } } = {
    logger: loggerOptions(config.logLevel, deps.logStream),
    // One access line per request, sampled (installAccessLog), instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    rewriteUrl: (request) => siteDomains.rewrite(request),
    routerOptions: { ignoreTrailingSlash: false, caseSensitive: true },
    // ajv-formats is built into Fastify's compiler.
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true },
      onCreate: useStrictDateFormats,
    } as never,
    schemaController: { compilersFactory: sharedSchemaCompilers() },
  };
  if (deps.https) options.https = { ...deps.https, minVersion: 'TLSv1.2' };
  return Fastify(options) as unknown as FastifyInstance;
}

/** What every request goes through before any module: input guards, security headers, API docs, cookies. */
async function installPlatform(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { config } = deps;
  // Callback-style where a hook awaits nothing: an async hook costs every request a promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  installAccessLog(app, config.accessLogSample);
  installErrorHandling(app, config.bodyLimitBytes);
  installJsonBodyParser(app);
  installTextGuard(app);
  refuseNonFiniteNumbers(app);
  requireBoundedNumbers(app);
  const hsts = usesHsts(deps);
  installSecurityHeaders(app, {
    hsts: hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...tileOrigin(config.mapTileUrl)],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(hsts ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'mitte-C API',
        version: '1',
        description:
          'Tourism promotion service for Japanese municipalities. Errors: { error: { code, message: { ja, en }, field?, requestId } }.',
      },
      servers: [{ url: config.baseUrl }],
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'mitte_session' } },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: false,
    uiConfig: { docExpansion: 'list' },
  });
  await app.register(cookie);
}

function usesHsts(deps: AppDeps): boolean {
  return Boolean(deps.https) || deps.config.baseUrl.startsWith('https:');
}

/** The shared services (sessions, mail, scanner, keys, cache bus) and the one deps object modules get. */
function buildServices(app: FastifyInstance, deps: AppDeps) {
  const { config, db } = deps;
  const mailer =
    deps.mailer ??
    createMailer({
      ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
      from: config.mailFrom,
      outboxDir: path.join(config.dataDir, 'outbox'),
      log: app.log,
    });
  if (!deps.mailer) app.addHook('onClose', () => mailer.close());
  const sessions = new SessionStore(db, usesHsts(deps));
  sessions.onSessionEnded = (event) =>
    recordSecurityEvent(
      db,
      event.org,
      {
        actor:
          event.realm === 'provider'
            ? { type: 'operator', id: event.accountId }
            : { type: 'system', id: 'session-lookup' },
        ip: null,
        requestId: null,
      },
      {
        action: 'auth.session_ended',
        target: { type: 'session', id: event.sessionId },
        details: { reason: event.reason, accountId: event.accountId },
      },
    );
  const auth: AuthServices = {
    db,
    config,
    sessions,
    limiter: new SignInLimiter(db, config.auth),
    secrets: new SecretBox(deps.masterKey, 'totp-secrets'),
    mailer,
  };
  // Not async: without a session cookie the answer is null at once (see Authenticator).
  const authenticate: Authenticator = (request) => {
    const token = sessions.tokenFrom(request);
    return token ? sessions.resolve(token) : null;
  };
  const blobs = deps.blobs!;
  const invalidation = new InvalidationBus({
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    log: app.log,
  });
  const scanner = config.clamdUrl ? new ClamdClient(config.clamdUrl) : null;
  const updater = signatureUpdater(app, config, scanner);
  const registry = installMetrics(app, db.pool);
  const moduleDeps: ModuleDeps = {
    db,
    authenticate,
    // A signed-in change, once committed, drops what the public caches hold of it.
    async afterCommit(request, scope) {
      if (SAFE_METHODS.has(request.method) || !request.auth) return;
      if (scope.kind === 'tenant') {
        await invalidation.publish({ org: scope.org });
      } else if (scope.kind === 'provider') {
        const code = (request.params as { serviceCode?: unknown } | undefined)?.serviceCode;
        await invalidation.publish(typeof code === 'string' ? { org: code } : { all: true });
        await invalidation.publish({ domains: true });
      }
    },
    config,
    auth,
    mail: { mailer, baseUrl: config.baseUrl },
    media: {
      db,
      scanner,
      keys: new KeyRing(db, deps.masterKey),
      blobs,
      // Media imports neither content nor the site settings: their parts of the port are wired here.
      usage: combineMediaUsages([contentMediaUsage, siteLogoMediaUsage]),
      mailer,
      log: app.log,
      processing: mediaProcessing(
        deps.mediaProcessing ?? new WorkQueue(config.mediaProcessingConcurrency),
        registry,
        config.mediaImageThreads,
      ),
    },
    cursors: new PagingCursors(deps.masterKey),
    previews: new PreviewTokens(deps.masterKey),
    rallyKeys: new RallyKeys(deps.masterKey),
    registry,
    metricsToken: config.metricsToken,
    extraChecks: [
      { name: 'redis', check: async () => invalidation.status() },
      // Reported, never making the node unready: pages and cached answers keep being served while
      // the object store is down (uploads then answer 503).
      {
        name: 'blobs',
        check: async () => {
          const store = await blobs.check().catch((error: unknown) => ({ ok: false, error: String(error) }));
          return { ...store, ok: true, reachable: store.ok };
        },
      },
      { name: 'mail', check: async () => ({ ...(await mailer.check()) }) },
      // Without CLAMD_URL (embedded development only) uploads are refused, never stored unscanned.
      { name: 'scanner', check: async () => ({ ...(await scannerStatus(scanner, updater)) }) },
      ...(deps.readinessChecks ?? []),
    ],
    scannerStatus: () => scannerStatus(scanner, updater),
    invalidate: (org) => invalidation.publish({ org }),
    published: publishedReads(app, db, config, registry),
    log: app.log,
  };
  return { sessions, invalidation, moduleDeps };
}

/** This node's limit on concurrent image/video/PDF processing, with its queue on /metrics. */
function mediaProcessing(queue: WorkQueue, registry: Registry, imageThreads: number): WorkQueue {
  configureImageLibrary(imageThreads);
  new Gauge({
    name: 'mitte_media_processing_jobs',
    help: 'Uploads being decoded/re-encoded on this node, by state (running, waiting)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const { running, waiting } = queue.stats();
      this.set({ state: 'running' }, running);
      this.set({ state: 'waiting' }, waiting);
    },
  });
  return queue;
}

/** The published-data cache, with its look-ups counted for /metrics and the bench. */
function publishedReads(
  app: FastifyInstance,
  db: Database,
  config: Config,
  registry: Registry,
): PublishedReads {
  const lookups = new Counter({
    name: 'mitte_published_cache_requests_total',
    help: 'Look-ups of published items in the per-node cache, by result (hit, miss)',
    labelNames: ['result'],
    registers: [registry],
  });
  const modelLookups = new Counter({
    name: 'mitte_published_model_requests_total',
    help: 'Look-ups of an organisation in the per-node published model, by result (hit: answered from memory, miss: not loaded)',
    labelNames: ['result'],
    registers: [registry],
  });
  const languageAnswers = new Counter({
    name: 'mitte_published_model_language_answers_total',
    help: 'Items whose public API answers were serialised in a further site language and kept on the published model',
    registers: [registry],
  });
  const tierLookups = new Counter({
    name: 'mitte_published_tier_requests_total',
    help: 'Look-ups of an organisation the published model does not hold in the per-node published tier, by result (hit: answered from its file, miss: not built)',
    labelNames: ['result'],
    registers: [registry],
  });
  const tierBuilds = new Counter({
    name: 'mitte_published_tier_builds_total',
    help: "Organisations whose live items this node wrote to its published tier's files",
    registers: [registry],
  });
  const reads = new PublishedReads(db, {
    maxBytes: config.publishedCacheBytes,
    ttlMs: config.publicCache.ttlSeconds * 1000,
    count: (result) => lookups.inc({ result }),
    onSiteError: (error) => app.log.warn({ err: error }, 'published site version check failed'),
    model: {
      maxBytes: config.publishedModel.maxBytes,
      checkMs: config.publishedModel.checkSeconds * 1000,
      loadAfter: config.publishedModel.loadAfter,
      languagesAfter: config.publishedModel.languagesAfter,
      onLanguage: (rows) => languageAnswers.inc(rows),
      count: (result) => modelLookups.inc({ result }),
      // A model that failed to load or check is not used: reads go to the database meanwhile.
      onError: (error) => app.log.warn({ err: error }, 'published model load or check failed'),
    },
    tier: {
      dir: config.publishedTier.dir,
      maxBytes: config.publishedTier.maxBytes,
      buildAfter: config.publishedTier.buildAfter,
      checkMs: config.publishedTier.checkSeconds * 1000,
      count: (result) => tierLookups.inc({ result }),
      onBuilt: () => tierBuilds.inc(),
      // As the model: an organisation whose file failed reads the database meanwhile.
      onError: (error) => app.log.warn({ err: error }, 'published tier build, read or check failed'),
      onCapped: (maxBytes) =>
        app.log.warn(
          {
            dir: config.publishedTier.dir,
            configuredMb: config.publishedTier.maxBytes / 2 ** 20,
            mb: Math.floor(maxBytes / 2 ** 20),
          },
          "published tier budget cut to nine tenths of its directory's free room",
        ),
    },
  });
  app.addHook('onClose', async () => reads.close());
  new Gauge({
    name: 'mitte_published_tier_bytes',
    help: "Bytes of the per-node published tier's files on the node's disk",
    registers: [registry],
    collect() {
      this.set(reads.tier.totalBytes);
    },
  });
  new Counter({
    name: 'mitte_published_tier_file_reads_total',
    help: "Reads (system calls) of the per-node published tier's files",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(reads.tier.fileReads);
    },
  });
  new Gauge({
    name: 'mitte_published_tier_organisations',
    help: 'Organisations whose live items this node holds in its published tier',
    registers: [registry],
    collect() {
      this.set(reads.tier.organisations);
    },
  });
  new Gauge({
    name: 'mitte_published_model_bytes',
    help: 'Bytes held by the per-node published model',
    registers: [registry],
    collect() {
      this.set(reads.model.bytes);
    },
  });
  new Gauge({
    name: 'mitte_published_model_organisations',
    help: 'Organisations whose live items this node holds in its published model',
    registers: [registry],
    collect() {
      this.set(reads.model.organisations);
    },
  });
  new Gauge({
    name: 'mitte_published_cache_bytes',
    help: 'Bytes held by the per-node published-data cache',
    registers: [registry],
    collect() {
      this.set(reads.bytes);
    },
  });
  if (config.publishedCacheWarmItems > 0 && (reads.maxBytes > 0 || reads.model.enabled)) {
    let closed = false;
    const warmed = new Gauge({
      name: 'mitte_published_cache_warmed_items',
      help: "Published items loaded into this node's cache by the start-up warming",
      registers: [registry],
    });
    app.addHook('onClose', async () => {
      closed = true;
    });
    // In the background: the node serves while it warms.
    app.addHook('onListen', async () => {
      void warmPublishedCache(db, reads, {
        perOrganisation: config.publishedCacheWarmItems,
        stopped: () => closed,
      })
        .then((result) => {
          warmed.set(result.items);
          app.log.info(result, 'published cache warmed');
        })
        .catch((error: unknown) => {
          if (!closed) app.log.warn({ err: error }, 'published cache warming stopped');
        });
    });
  }
  return reads;
}

function signatureUpdater(app: FastifyInstance, config: Config, scanner: ClamdClient | null) {
  if (!scanner || !config.signatureFeedUrl || !config.signatureDatabaseDir) return null;
  const updater = new SignatureUpdater({
    feedUrl: config.signatureFeedUrl,
    databaseDir: config.signatureDatabaseDir,
    clamd: scanner,
    intervalMinutes: config.signatureIntervalMinutes,
    allowedPrivateHosts: config.outboundAllowedPrivateHosts,
    log: app.log,
  });
  app.addHook('onReady', async () => updater.start());
  app.addHook('onClose', async () => updater.stop());
  return updater;
}

/** Starts every module's jobs once the app is ready, and stops them when it closes. */
function startJobs(app: FastifyInstance, modules: readonly AppModule[], deps: ModuleDeps): void {
  const stops: (() => void)[] = [];
  app.addHook('onReady', async () => {
    for (const module of modules) for (const job of module.jobs ?? []) stops.push(job.start(deps));
  });
  app.addHook('onClose', async () => {
    for (const stop of stops) stop();
  });
}

function defineOpenApiRoute(app: FastifyInstance): void {
  app.get(
    '/api/openapi.json',
    { schema: { hide: true }, config: { mitte: { access: { public: true }, scope: 'none' } } },
    async () => app.swagger(),
  );
}

/** The map tile server's origin, for the CSP (none when tiles are off). */
function tileOrigin(template: string): string[] {
  try {
    return [new URL(template.replace(/\{[a-z]\}/g, '0')).origin];
  } catch {
    return [];
  }
}

/** The console SPA: static files, and index.html for every client-side route under /console/. */
async function registerConsole(app: FastifyInstance, dir: string): Promise<void> {
  const publicRoute = { mitte: { access: { public: true } as const, scope: 'none' as const } };
  app.get('/console', { schema: { hide: true }, config: publicRoute }, async (_request, reply) =>
    reply.redirect('/console/', 301),
  );
  app.get('/ops', { schema: { hide: true }, config: publicRoute }, async (_request, reply) =>
    reply.redirect('/ops/', 301),
  );
  // The organisation console under /console/, the operator console under /ops/: one bundle.
  const shellUrls = ['/console/', '/console/*', '/ops/', '/ops/*'];
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    // Not built: the same routes, each saying so (and the route table does not depend on a build).
    for (const url of shellUrls)
      app.get(url, { schema: { hide: true }, config: publicRoute }, async () => {
        throw Errors.unavailable({ ja: '管理画面', en: 'The console (run npm run build:console)' });
      });
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders(reply, filePath) {
      // Hashed assets never change; the HTML must be re-read so a deploy takes effect.
      reply.header(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  const html = fs.readFileSync(index);
  const shell = async (request: FastifyRequest, reply: FastifyReply) => {
    // A missing asset is a 404, not the app shell (which would be served as JavaScript).
    if (request.url.startsWith('/console/assets/')) throw Errors.notFound();
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };
  for (const url of shellUrls) app.get(url, { schema: { hide: true }, config: publicRoute }, shell);
}
