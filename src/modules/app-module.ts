import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { PagingCursors } from '../platform/http/cursor.js';
import type { RouteDeps } from '../platform/http/route.js';
import type { Mailer } from '../platform/mail/mailer.js';
import type { ReadinessCheck } from '../platform/observability/readiness.js';
import type { ScannerStatus } from '../platform/scan/scanner-status.js';
import type { AuthServices } from './auth/index.js';
import type { PublishedReads } from './content/index.js';
import type { MediaDeps } from './media/index.js';
import type { PreviewTokens } from './preview/index.js';
import type { RallyKeys } from './rally/index.js';

/** What app.ts builds once and hands to every module: one shape, whatever a module needs of it. */
export interface ModuleDeps extends RouteDeps {
  config: Config;
  auth: AuthServices;
  mail: { mailer: Mailer; baseUrl: string };
  media: MediaDeps;
  cursors: PagingCursors;
  /** Signs and opens the links to drafts' previews. */
  previews: PreviewTokens;
  /** Seals the stamp rally campaigns' QR keys and signs and checks their tokens. */
  rallyKeys: RallyKeys;
  registry: Registry;
  metricsToken: string | undefined;
  /** Readiness checks beyond the database's (Redis, mail, scanner, the caller's). */
  extraChecks: ReadinessCheck[];
  scannerStatus: () => Promise<ScannerStatus>;
  /** Tells every node's public cache that an organisation's public data changed (after commit). */
  invalidate(org: string): Promise<void>;
  /** Public reads of the published read model and their per-node cache. */
  published: PublishedReads;
  log: FastifyInstance['log'];
}

/** Registers routes (each through defineRoute) or request hooks. */
export type RegisterRoutes = (app: FastifyInstance, deps: ModuleDeps) => void | Promise<void>;

/** Background work a module runs on every node while the app is up; returns how to stop it. */
export interface AppJob {
  name: string;
  start(deps: ModuleDeps): () => void;
}

/**
 * One capability as the app sees it. Adding a module is one entry in `modules/index.ts`:
 * buildApp registers its routes in list order and starts its jobs when the app is ready.
 */
export interface AppModule {
  name: string;
  routes: RegisterRoutes[];
  jobs?: AppJob[];
}
