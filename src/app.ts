import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { registerAnalyticsRoutes } from './modules/analytics/analytics.routes.js';
import { installAnalytics } from './modules/analytics/recorder.js';
import { registerAuditLogRoutes } from './modules/audit-log/audit-log.routes.js';
import { type AccountDeps, registerAuthRoutes } from './modules/auth/auth.routes.js';
import type { AuthServices } from './modules/auth/auth.service.js';
import { installBackupMetrics, registerBackupRoutes, startBackupSchedule } from './modules/backup/index.js';
import { registerContentRoutes } from './modules/content/content.routes.js';
import { startScheduler } from './modules/content/content-scheduler.js';
import { registerOpenDataRoutes } from './modules/content/opendata.routes.js';
import { registerExportRoutes } from './modules/export/index.js';
import { registerHealthRoutes } from './modules/health/health.routes.js';
import { startHousekeeping } from './modules/housekeeping/housekeeping.js';
import { registerMediaRoutes } from './modules/media/media.routes.js';
import type { MediaDeps } from './modules/media/media.service.js';
import { registerQuarantineRoutes } from './modules/media/quarantine.routes.js';
import { registerOperatorRoutes } from './modules/operators/operators.routes.js';
import { registerScannerStatusRoute } from './modules/operators/scanner.routes.js';
import { registerOrganisationRoutes } from './modules/organisations/organisation.routes.js';
import { SiteDomainMap } from './modules/organisations/site-domains.js';
import { registerSiteSettingsRoutes } from './modules/site-settings/site-settings.routes.js';
import { registerUserRoutes } from './modules/users/users.routes.js';
import { recordSecurityEvent } from './platform/audit/audit.js';
import { SessionStore } from './platform/auth/sessions.js';
import { SignInLimiter } from './platform/auth/throttle.js';
import { InvalidationBus } from './platform/cache/invalidation-bus.js';
import { KeyRing } from './platform/crypto/data-keys.js';
import { SecretBox } from './platform/crypto/secret-box.js';
import { PagingCursors } from './platform/http/cursor.js';
import { installErrorHandling } from './platform/http/error-handler.js';
import { Errors } from './platform/http/errors.js';
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
  type RouteDeps,
  requireDeclaredAccess,
} from './platform/http/route.js';
import { useStrictDateFormats } from './platform/http/strict-formats.js';
import { createMailer, type Mailer } from './platform/mail/mailer.js';
import { loggerOptions } from './platform/observability/logger.js';
import { installMetrics } from './platform/observability/metrics.js';
import type { ReadinessCheck } from './platform/observability/readiness.js';
import { ClamdClient } from './platform/scan/clamd.js';
import { installScannerMetrics, scannerStatus } from './platform/scan/scanner-status.js';
import { SignatureUpdater } from './platform/scan/signature-updater.js';
import { FileBlobStore } from './platform/storage/blob-store.js';
import { registerSiteRoutes } from './site/site.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declared, for the route-permission test. */
    declaredRoutes: DeclaredRoute[];
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
  /** Where the built console lives; defaults to dist/console beside the code. */
  consoleDir?: string;
  https?: { key: Buffer; cert: Buffer };
  /** Where JSON log lines go (stdout by default); tests read them. */
  logStream?: NodeJS.WritableStream;
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
  const options: FastifyServerOptions & { https?: { key: Buffer; cert: Buffer; minVersion: 'TLSv1.2' } } = {
    logger: loggerOptions(config.logLevel, deps.logStream),
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
  };
  if (deps.https) options.https = { ...deps.https, minVersion: 'TLSv1.2' };
  const app = Fastify(options) as unknown as FastifyInstance;

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandling(app, config.bodyLimitBytes);
  installJsonBodyParser(app);
  installTextGuard(app);
  refuseNonFiniteNumbers(app);
  requireBoundedNumbers(app);

  const hsts = Boolean(deps.https) || config.baseUrl.startsWith('https:');
  await app.register(helmet, {
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
  const mailer =
    deps.mailer ??
    createMailer({
      ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
      from: config.mailFrom,
      outboxDir: path.join(config.dataDir, 'outbox'),
      log: app.log,
    });
  if (!deps.mailer) app.addHook('onClose', () => mailer.close());
  const sessions = new SessionStore(db, hsts);
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
  const authServices: AuthServices = {
    db,
    config,
    sessions,
    limiter: new SignInLimiter(db, config.auth),
    secrets: new SecretBox(deps.masterKey, 'totp-secrets'),
    mailer,
  };
  const authenticate: Authenticator = async (request) => {
    const token = sessions.tokenFrom(request);
    return token ? sessions.resolve(token) : null;
  };
  const invalidation = new InvalidationBus({
    redisUrl: config.redisUrl,
    prefix: config.redisPrefix,
    log: app.log,
  });
  const routeDeps: RouteDeps = {
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
  };
  const scanner = config.clamdUrl ? new ClamdClient(config.clamdUrl) : null;
  const updater =
    scanner && config.signatureFeedUrl && config.signatureDatabaseDir
      ? new SignatureUpdater({
          feedUrl: config.signatureFeedUrl,
          databaseDir: config.signatureDatabaseDir,
          clamd: scanner,
          intervalMinutes: config.signatureIntervalMinutes,
          allowedPrivateHosts: config.outboundAllowedPrivateHosts,
          log: app.log,
        })
      : null;
  if (updater) {
    app.addHook('onReady', async () => updater.start());
    app.addHook('onClose', async () => updater.stop());
  }
  const media: MediaDeps = {
    db,
    scanner,
    keys: new KeyRing(db, deps.masterKey),
    blobs: new FileBlobStore(path.join(config.dataDir, 'blobs')),
    mailer,
    log: app.log,
  };
  const accountDeps: AccountDeps = {
    ...routeDeps,
    auth: authServices,
    mail: { mailer, baseUrl: config.baseUrl },
  };
  app.decorate('declaredRoutes', requireDeclaredAccess(app));
  const registry = installMetrics(app, db.pool);
  // Before the guard: a cache hit needs neither the session look-up nor the route.
  const publicCache = installPublicCache(app, registry, {
    ...config.publicCache,
    sessionCookies: [sessions.cookieName],
  });
  invalidation.subscribe(async (message) => {
    if ('org' in message) {
      publicCache.invalidate(message.org);
      forgetPublicOrganisation(db, message.org);
    } else if ('all' in message) {
      publicCache.clear();
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
  installGuard(app, routeDeps);

  installScannerMetrics(registry, () => scannerStatus(scanner, updater));
  defineOpenApiRoute(app);
  registerHealthRoutes(app, {
    ...routeDeps,
    registry,
    metricsToken: config.metricsToken,
    extraChecks: [
      { name: 'redis', check: async () => invalidation.status() },
      {
        name: 'mail',
        check: async () => ({ ...(await mailer.check()) }),
      },
      {
        name: 'scanner',
        // Without CLAMD_URL (embedded development only) uploads are refused, never stored unscanned.
        check: async () => ({ ...(await scannerStatus(scanner, updater)) }),
      },
      ...(deps.readinessChecks ?? []),
    ],
  });
  registerAuthRoutes(app, accountDeps);
  registerUserRoutes(app, accountDeps);
  registerOperatorRoutes(app, routeDeps);
  registerScannerStatusRoute(app, { ...routeDeps, scannerStatus: () => scannerStatus(scanner, updater) });
  registerAuditLogRoutes(app, routeDeps);
  registerContentRoutes(app, { ...routeDeps, cursors: new PagingCursors(deps.masterKey) }, config.baseUrl);
  registerOpenDataRoutes(app, routeDeps, config.baseUrl);
  await registerMediaRoutes(app, { ...routeDeps, media });
  registerQuarantineRoutes(app, routeDeps);
  registerExportRoutes(app, { ...routeDeps, exports: { db, blobs: media.blobs, keys: media.keys } });
  registerBackupRoutes(app, routeDeps);
  installBackupMetrics(registry, { db });
  if (config.backup.schedule) {
    const backups = { db, config, masterKey: deps.masterKey };
    let stop = () => {};
    app.addHook('onReady', async () => {
      stop = startBackupSchedule(backups, app.log);
    });
    app.addHook('onClose', async () => stop());
  }
  if (config.schedulerIntervalMs > 0) {
    const stops: (() => void)[] = [];
    app.addHook('onReady', async () => {
      stops.push(
        startScheduler(db, config.schedulerIntervalMs, app.log, (org) => invalidation.publish({ org })),
      );
      stops.push(startHousekeeping(db, HOUSEKEEPING_INTERVAL_MS, app.log));
    });
    app.addHook('onClose', async () => {
      for (const stop of stops) stop();
    });
  }
  registerOrganisationRoutes(app, accountDeps);
  registerAnalyticsRoutes(app, routeDeps);
  installAnalytics(app, {
    db,
    ownHosts: [new URL(config.baseUrl).hostname],
    closeIntervalMs: config.schedulerIntervalMs,
  });
  registerSiteSettingsRoutes(app, routeDeps);
  await registerSiteRoutes(app, routeDeps, config);
  await registerConsole(app, deps.consoleDir ?? DEFAULT_CONSOLE_DIR);
  return app;
}

/** Purging finished sessions, throttles and tokens is not urgent: once an hour is plenty. */
const HOUSEKEEPING_INTERVAL_MS = 3_600_000;

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
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/console/*', { schema: { hide: true }, config: publicRoute }, async () => {
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
  // The organisation console under /console/, the operator console under /ops/: one bundle.
  for (const url of ['/console/', '/console/*', '/ops/', '/ops/*']) {
    app.get(url, { schema: { hide: true }, config: publicRoute }, shell);
  }
  app.get('/ops', { schema: { hide: true }, config: publicRoute }, async (_request, reply) =>
    reply.redirect('/ops/', 301),
  );
}
