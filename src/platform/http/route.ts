import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { Database } from '../../db/database.js';
import { loadOrganisationRef, loadOrganisationRefs } from '../../db/organisation-ref.js';
import { type Scope, SERVICE_CODE_PATTERN, type Tx, withScope } from '../../db/scope.js';
import { ANONYMOUS } from '../access/actor.js';
import {
  accountChecks,
  type Context,
  type LazyContext,
  type OrganisationRef,
  type ProviderContext,
  type PublishedContext,
  type TenantContext,
  type UnscopedContext,
} from '../access/context.js';
import { actorCan, type Permission } from '../access/permissions.js';
import { recordSecurityEvent } from '../audit/audit.js';
import type { Authentication } from '../auth/sessions.js';
import { safeEqual } from '../auth/tokens.js';
import { KeyedBatch } from '../cache/keyed-batch.js';
import { AppError, Errors } from '../errors.js';
import { labelLogger } from '../observability/logger.js';
import { cachedPublicHtml, cachedPublicJson, type PreparedHtml, type PublicJson } from './cache.js';
import { SAFE_METHODS } from './methods.js';

/**
 * What a route requires, declared next to it:
 * - public: anyone; tenant routes take the organisation from the `serviceCode` path parameter.
 * - permission: a fully signed-in account holding the permission (organisation accounts or
 *   operators, as the permission says).
 * - account: any fully signed-in account of that realm (own profile, sign-out).
 * - pending: a session part-way through sign-in: 'totp' waits for the second factor; 'enrolment'
 *   must (or, fully signed in, wants to) set up two-factor; 'any' is any session (sign-out).
 */
export type Access =
  | { public: true }
  | { permission: Permission }
  | { account: 'user' | 'operator' | 'any' }
  | { pending: 'totp' | 'enrolment' | 'any' };

/** Which rows the handler's transaction may touch. */
export type RouteScope = 'tenant' | 'provider' | 'none';

export type { Authentication };

/**
 * The request's account, or null. Null at once (not a promise) when the request carries no
 * credentials, so the guard decides an anonymous public read without a promise.
 */
export type Authenticator = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<Authentication | null> | null;

export interface RouteSchema {
  summary: string;
  description?: string;
  tags?: string[];
  hide?: boolean;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  headers?: TSchema;
  response?: Record<number, TSchema>;
  consumes?: string[];
  produces?: string[];
}

type In<T> = T extends TSchema ? Static<T> : undefined;

export interface RouteInput<S extends RouteSchema> {
  params: In<S['params']>;
  query: In<S['querystring']>;
  body: In<S['body']>;
}

/**
 * How the handler gets its transaction: one for the whole request (the default), or 'lazy' —
 * `ctx.transaction(fn)` opens short ones on demand, for routes that stream or read an upload and
 * must not hold a transaction meanwhile — or 'published' (public tenant routes only): none, the
 * organisation checked from the per-node look-up, for reads of the published read model and for
 * public writes that are one self-scoped statement when they can be (stamp rally check-ins).
 */
export type RouteTransaction = 'request' | 'lazy' | 'published';

/** The context a handler gets, by its declared scope: a tenant route always has its organisation. */
export type HandlerContext<Sc extends RouteScope, Tr extends RouteTransaction> = Sc extends 'tenant'
  ? Tr extends 'lazy'
    ? LazyContext<TenantContext>
    : Tr extends 'published'
      ? PublishedContext
      : TenantContext
  : Sc extends 'provider'
    ? Tr extends 'lazy'
      ? LazyContext<ProviderContext>
      : ProviderContext
    : UnscopedContext;

export interface RouteSpec<
  S extends RouteSchema,
  Sc extends RouteScope = RouteScope,
  Tr extends RouteTransaction = 'request',
> {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  access: Access;
  scope: Sc;
  transaction?: Tr;
  /**
   * A change a terminated organisation's admins may still make during the export window (starting
   * their export); every other change is refused as read-only.
   */
  duringExportWindow?: true;
  /** The answer is the caller's own (secrets, sessions, accounts, live status): `Cache-Control: no-store`. */
  noStore?: true;
  schema: S;
  bodyLimit?: number;
  /**
   * Public GET routes with `transaction: 'published'` only: the answer from node memory (the
   * published model), given before the guard and the route run — see `EarlyAnswer`.
   */
  fromMemory?: FromMemory;
  handler: (
    ctx: HandlerContext<Sc, Tr>,
    input: RouteInput<S>,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
}

/**
 * A 204 answer, returned rather than sent: defineRoute sends what the handler returns only after
 * the route's transaction has committed, so a crash cannot lose a change the client was told of.
 */
export function noContent(reply: FastifyReply): null {
  reply.code(204);
  return null;
}

/**
 * A public read that node memory answers as the route would: JSON serialised ahead or a page
 * prepared ahead, or undefined to leave the request to the route (which then validates, checks
 * and answers it as always). It gets the path parameters and query as parsed, not yet validated,
 * and the URL as asked (`ownDomain`: asked on the organisation's own domain, mapped onto
 * `/s/{code}`): it must answer only input the route accepts as it is, and undefined for anything else.
 */
export type FromMemory = (
  org: OrganisationRef,
  input: { params: unknown; query: unknown; url: string; ownDomain: boolean },
) => PublicJson | PreparedHtml | undefined;

/**
 * A route's `fromMemory` as the public cache calls it on a miss (src/platform/http/public-cache.ts),
 * before the guard: the payload with the route's headers set, or undefined. A first visit then
 * costs what a cache hit costs (issue 13). `held`: the answer is kept in node memory as it is (a
 * page rendered ahead), so the response cache does not store a second copy.
 */
export type EarlyAnswer = (
  request: FastifyRequest,
  reply: FastifyReply,
) => { payload: string | Buffer; held: boolean } | undefined;

declare module 'node:http' {
  interface IncomingMessage {
    /** The organisation's own domain this request came in on (set by the URL rewrite); links use it. */
    mitteMappedDomain?: string;
  }
}

/** Stored in each route's config so the guard, tests and the OpenAPI document read what it requires. */
export interface RouteAccessConfig {
  access: Access;
  scope: RouteScope;
  duringExportWindow?: true;
  answerEarly?: EarlyAnswer;
}

export interface RouteDeps {
  db: Database;
  authenticate: Authenticator;
  /**
   * Runs after a route's transaction has committed (before the answer is sent when the handler
   * returns it): where public caches learn that a change is durable.
   */
  afterCommit?: (request: FastifyRequest, scope: Scope) => void | Promise<void>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    mitte?: RouteAccessConfig;
  }
  interface FastifyRequest {
    /** Set by the guard before the body is read. */
    auth?: Authentication | null;
    /** Service code of the organisation this request acts for, once known (for logs). */
    serviceCode?: string;
  }
}

/** Routes that plugins register (API docs, console static files): public, declared here in one list. */
export const PLUGIN_PUBLIC_PREFIXES = ['/api/docs', '/console/'];

function isPublic(access: Access): boolean {
  return 'public' in access;
}

/**
 * Refuses at start-up any route that does not declare its access, so a forgotten declaration
 * cannot ship as an open route.
 */
export function requireDeclaredAccess(app: FastifyInstance): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => {
    let declared = (route.config as { mitte?: RouteAccessConfig } | undefined)?.mitte;
    if (!declared && PLUGIN_PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      declared = { access: { public: true }, scope: 'none' };
      route.config = { ...route.config, mitte: declared };
    }
    if (!declared) throw new Error(`route ${String(route.method)} ${route.url} does not declare its access`);
    for (const method of [route.method].flat())
      routes.push({ method: String(method), url: route.url, ...declared });
  });
  return routes;
}

export interface DeclaredRoute extends RouteAccessConfig {
  method: string;
  url: string;
}

async function recordDenial(
  deps: RouteDeps,
  request: FastifyRequest,
  auth: Authentication | null,
  action: string,
) {
  // Denials are security events: recorded in their own transaction, in the account's chain.
  await recordSecurityEvent(
    deps.db,
    auth?.org ?? null,
    { actor: auth?.actor ?? ANONYMOUS, ip: request.ip, requestId: request.id },
    {
      action,
      outcome: 'denied',
      target: { type: 'route', id: `${request.method} ${request.routeOptions.url ?? ''}` },
      details: { path: request.url.split('?')[0] },
    },
  );
}

async function deny(
  deps: RouteDeps,
  request: FastifyRequest,
  auth: Authentication | null,
  status: 401 | 403,
) {
  await recordDenial(deps, request, auth, status === 401 ? 'http.unauthenticated' : 'http.forbidden');
  return status === 401 ? Errors.unauthenticated() : Errors.forbidden();
}

/**
 * The guard: runs before the body is read, so a request without the declared access is
 * refused (and audited) whatever it sends.
 */
export function installGuard(app: FastifyInstance, deps: RouteDeps): void {
  // Callback-style: an anonymous request to a public route (every public read) is decided without
  // a promise; everything else goes through `admit`.
  app.addHook('onRequest', (request, reply, done) => {
    const declared = request.routeOptions.config.mitte;
    if (!declared) return done(); // the 404 handler
    const pending = deps.authenticate(request, reply);
    if (pending === null && isPublic(declared.access)) {
      request.auth = null;
      return done();
    }
    Promise.resolve(pending)
      .then((auth) => admit(deps, request, declared, auth))
      .then(() => done(), done);
  });
}

/** The access check once the request's account (or null) is known: throws the refusal. */
async function admit(
  deps: RouteDeps,
  request: FastifyRequest,
  declared: RouteAccessConfig,
  auth: Authentication | null,
): Promise<void> {
  if (auth?.org) labelLogs(request, auth.org);
  const { access } = declared;
  if (isPublic(access)) {
    // A half-signed-in session is nobody on public routes.
    request.auth = auth?.stage === 'full' ? auth : null;
    return;
  }
  if (!auth || !stageAllows(access, auth))
    throw await deny(deps, request, auth?.stage === 'full' ? auth : null, 401);
  request.auth = auth;
  // Every state-changing request of a session must echo its CSRF token.
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, auth.csrfToken)) {
      await recordDenial(deps, request, auth, 'http.csrf_refused');
      throw new AppError(403, 'csrf_failed', {
        ja: 'リクエストを確認できませんでした（CSRF トークンがありません）。画面を再読み込みしてください。',
        en: 'The request could not be verified (missing CSRF token). Reload the page.',
      });
    }
  }
  if ('permission' in access && !actorCan(auth.actor, auth.rights, access.permission)) {
    throw await deny(deps, request, auth, 403);
  }
  if ('account' in access && access.account !== 'any') {
    const realm = auth.actor.type === 'operator' ? 'operator' : 'user';
    if (realm !== access.account) throw await deny(deps, request, auth, 403);
  }
}

/** Every log line of a request that acts for an organisation carries its service code (A.8.2.2). */
function labelLogs(request: FastifyRequest, serviceCode: string): void {
  if (request.serviceCode === serviceCode) return;
  request.serviceCode = serviceCode;
  // The reply shares the request's logger object, so its lines carry the label too.
  labelLogger(request.log, serviceCode);
}

function stageAllows(access: Access, auth: Authentication): boolean {
  if ('pending' in access) {
    if (access.pending === 'totp') return auth.stage === 'password';
    if (access.pending === 'enrolment') return auth.stage === 'enrol' || auth.stage === 'full';
    return true;
  }
  // Everything else needs both factors done.
  return auth.stage === 'full';
}

function pathServiceCode(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  const code = params?.serviceCode;
  return typeof code === 'string' ? code : undefined;
}

function scopeFor(request: FastifyRequest, declared: RouteAccessConfig): Scope | undefined {
  if (declared.scope === 'provider') return { kind: 'provider' };
  if (declared.scope === 'none') return undefined;
  const auth = request.auth;
  const fromPath = pathServiceCode(request);
  const fromAccount = isPublic(declared.access) ? undefined : (auth?.org ?? undefined);
  // An account acts for its own organisation only; another organisation's path is "not found".
  if (fromAccount && fromPath && fromPath !== fromAccount) throw Errors.notFound();
  const org = fromAccount ?? (isPublic(declared.access) ? fromPath : undefined);
  if (!org) throw isPublic(declared.access) ? Errors.notFound() : Errors.forbidden();
  if (!SERVICE_CODE_PATTERN.test(org)) throw Errors.notFound();
  return { kind: 'tenant', org };
}

/**
 * Public pages look the organisation up on every request; a few seconds of memory spare the
 * database a round trip under campaign load. Past the TTL the remembered answer still serves
 * while one look-up refreshes it in the background, so no visitor waits for it. Suspension
 * reaches public pages at once through the invalidation (forgetPublicOrganisation), else within
 * the TTL and one look-up; signed-in requests always check the organisation when their session
 * is resolved.
 */
const PUBLIC_ORG_TTL_MS = 5000;
interface PublicOrgEntry {
  ref: OrganisationRef | null;
  until: number;
  refreshing?: boolean;
}
const publicOrgCaches = new WeakMap<Database, Map<string, PublicOrgEntry>>();

/** Forgets cached organisation look-ups (all when no code is given), e.g. after a suspension. */
export function forgetPublicOrganisation(db: Database, serviceCode?: string): void {
  const cache = publicOrgCaches.get(db);
  if (!cache) return;
  if (serviceCode === undefined) cache.clear();
  else cache.delete(serviceCode);
}

/**
 * The early answer of a public read from memory: only for an organisation this node has looked up
 * and found active (anything else, even a suspension to answer 503, is the route's; a look-up
 * past its TTL serves while it is refreshed, as for the route), and then with what the route
 * would have set: no account (the public cache sends requests with a session cookie or
 * credentials to the route), the log label, the public JSON headers.
 */
function earlyAnswer(db: Database, fromMemory: FromMemory): EarlyAnswer {
  return (request, reply) => {
    const code = pathServiceCode(request);
    if (code === undefined) return undefined;
    const hit = publicOrgCacheOf(db).get(code);
    const org = hit && rememberedRef(db, code, hit);
    if (org?.status !== 'active') return undefined;
    const answer = fromMemory(org, {
      params: request.params,
      query: request.query,
      url: request.url,
      ownDomain: request.raw.mitteMappedDomain !== undefined,
    });
    if (!answer) return undefined;
    request.auth = null;
    labelLogs(request, org.serviceCode);
    return 'json' in answer
      ? { payload: cachedPublicJson(request, reply, answer), held: false }
      : { payload: cachedPublicHtml(request, reply, answer), held: true };
  };
}

/**
 * The active organisation this node's public routes resolved for a service code, as they use it
 * (no look-up, no refresh): for work done for them outside a request (pages rendered ahead).
 */
export function resolvedPublicOrganisation(db: Database, serviceCode: string): OrganisationRef | undefined {
  const ref = publicOrgCacheOf(db).get(serviceCode)?.ref;
  return ref?.status === 'active' ? ref : undefined;
}

function publicOrgCacheOf(db: Database): Map<string, PublicOrgEntry> {
  let cache = publicOrgCaches.get(db);
  if (!cache) {
    cache = new Map();
    publicOrgCaches.set(db, cache);
  }
  return cache;
}

function rememberOrganisationRef(db: Database, serviceCode: string, ref: OrganisationRef | null): void {
  const cache = publicOrgCacheOf(db);
  if (cache.size > 10_000) cache.clear();
  cache.set(serviceCode, { ref, until: Date.now() + PUBLIC_ORG_TTL_MS });
}

/** The look-up itself: in the caller's transaction, or in a short one of its own. */
function lookUpOrganisationRef(db: Database, tx: Tx | null, serviceCode: string) {
  return tx
    ? loadOrganisationRef(tx, serviceCode)
    : withScope(db, { kind: 'tenant', org: serviceCode }, (own) => loadOrganisationRef(own, serviceCode));
}

/** A remembered look-up; past its TTL it still answers while a look-up refreshes it in the background. */
function rememberedRef(db: Database, serviceCode: string, hit: PublicOrgEntry): OrganisationRef | null {
  if (hit.until <= Date.now() && !hit.refreshing) {
    hit.refreshing = true;
    refreshLater(db, serviceCode, hit);
  }
  return hit.ref;
}

/**
 * Look-ups due for a refresh wait a moment and go together, one statement for all: a node serving
 * a thousand organisations otherwise ran a transaction per organisation every TTL (200 a second),
 * which kept the database busier than the reads themselves. Refreshed together, they expire
 * together, so the batches grow to every organisation read within the TTL.
 */
const REFRESH_BATCH_MAX = 500;
/** How long the first refresh of a batch waits for others (a test widens it to be independent of timing). */
export const publicOrganisationRefreshWindow = { ms: 50 };
/** Batched refreshes in this process: statements sent and organisations they refreshed. */
export const publicOrganisationRefreshes = { statements: 0, organisations: 0 };
const refreshBatches = new WeakMap<Database, KeyedBatch<OrganisationRef>>();

function refreshBatchOf(db: Database): KeyedBatch<OrganisationRef> {
  let batch = refreshBatches.get(db);
  if (!batch) {
    batch = new KeyedBatch({
      get windowMs() {
        return publicOrganisationRefreshWindow.ms;
      },
      max: REFRESH_BATCH_MAX,
      // The registry is provider data, read here for many organisations at once.
      load: async (codes) => {
        const refs = await withScope(db, { kind: 'provider' }, (tx) => loadOrganisationRefs(tx, codes));
        publicOrganisationRefreshes.statements += 1;
        publicOrganisationRefreshes.organisations += codes.length;
        return refs;
      },
    });
    refreshBatches.set(db, batch);
  }
  return batch;
}

function refreshLater(db: Database, serviceCode: string, hit: PublicOrgEntry): void {
  refreshBatchOf(db)
    .get(serviceCode)
    .then(
      (ref) => {
        // Stored only if nothing forgot or replaced the entry meanwhile (an invalidation wins).
        // An unchanged look-up keeps its object: what is built per organisation reference (a
        // page's key) stays built, where a thousand organisations refreshed every TTL rebuilt it.
        if (publicOrgCacheOf(db).get(serviceCode) === hit)
          rememberOrganisationRef(db, serviceCode, sameRef(hit.ref, ref) ? hit.ref : (ref ?? null));
      },
      () => {
        // Served as remembered; the next read past the TTL tries again.
        hit.refreshing = false;
      },
    );
}

/** Whether two look-ups say the same, field by field (every field: one added later counts too). */
function sameRef(a: OrganisationRef | null, b: OrganisationRef | undefined): boolean {
  if (!a || !b) return false;
  const fields = Object.keys(b) as (keyof OrganisationRef)[];
  return fields.length === Object.keys(a).length && fields.every((field) => a[field] === b[field]);
}

/** The cached look-up; without a transaction a miss opens a short one of its own. */
async function cachedOrganisationRef(
  db: Database,
  tx: Tx | null,
  serviceCode: string,
): Promise<OrganisationRef | null> {
  const hit = publicOrgCacheOf(db).get(serviceCode);
  // In a transaction, a look-up past its TTL is done again there; without one it serves meanwhile.
  if (hit && (hit.until > Date.now() || !tx)) return rememberedRef(db, serviceCode, hit);
  const ref = await lookUpOrganisationRef(db, tx, serviceCode);
  rememberOrganisationRef(db, serviceCode, ref);
  return ref;
}

/**
 * The organisation a tenant route acts for, checked inside its transaction: unknown, terminated
 * and purged organisations look the same from outside (404); a suspended one's public side
 * answers 503 (temporarily unavailable); a terminated one is read-only for its admins.
 */
async function activeOrganisation(
  deps: RouteDeps,
  request: FastifyRequest,
  tx: Tx | null,
  serviceCode: string,
  declared: RouteAccessConfig,
): Promise<OrganisationRef> {
  const org =
    isPublic(declared.access) || !tx
      ? await cachedOrganisationRef(deps.db, tx, serviceCode)
      : await loadOrganisationRef(tx, serviceCode);
  if (!org) throw Errors.notFound();
  if (org.status === 'suspended' && isPublic(declared.access)) throw Errors.organisationSuspended();
  // A terminated organisation's admins (the session lookup lets no one else in) may read and
  // export during the export window; its public side is off like an unknown organisation's.
  if (org.status === 'terminated' && !isPublic(declared.access)) {
    if (!SAFE_METHODS.has(request.method) && !declared.duringExportWindow)
      throw Errors.organisationReadOnly();
  } else if (org.status !== 'active') {
    throw Errors.notFound();
  }
  labelLogs(request, org.serviceCode);
  return org;
}

/**
 * Registers a route whose handler runs with one Context: the guard has checked the declared
 * access; the handler runs inside one transaction scoped to the organisation (or provider), or
 * opens its own short ones with `ctx.transaction` when it declares `transaction: 'lazy'`.
 */
export function defineRoute<
  const S extends RouteSchema,
  const Sc extends RouteScope,
  const Tr extends RouteTransaction = 'request',
>(app: FastifyInstance, deps: RouteDeps, spec: RouteSpec<S, Sc, Tr>) {
  if (
    spec.fromMemory &&
    (spec.method !== 'GET' || spec.transaction !== 'published' || !isPublic(spec.access))
  )
    throw new Error(`route ${spec.url}: fromMemory is for public GET routes with transaction 'published'`);
  const declared: RouteAccessConfig = {
    access: spec.access,
    scope: spec.scope,
    ...(spec.duringExportWindow ? { duringExportWindow: true } : {}),
    ...(spec.fromMemory ? { answerEarly: earlyAnswer(deps.db, spec.fromMemory) } : {}),
  };
  const handler = spec.handler as (
    ctx: unknown,
    input: RouteInput<S>,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
  app.route({
    method: spec.method,
    url: spec.url,
    schema: { ...spec.schema, security: isPublic(spec.access) ? [] : [{ session: [] }] } as FastifySchema,
    config: { mitte: declared },
    ...(spec.bodyLimit === undefined ? {} : { bodyLimit: spec.bodyLimit }),
    handler: async (request, reply) => {
      if (spec.noStore) reply.header('cache-control', 'no-store');
      const auth = request.auth ?? null;
      const actor = auth?.actor ?? ANONYMOUS;
      const base: UnscopedContext = {
        actor,
        ip: request.ip,
        requestId: request.id,
        ...accountChecks(actor, auth?.rights),
      };
      const input = { params: request.params, query: request.query, body: request.body } as RouteInput<S>;
      const scope = scopeFor(request, declared);
      if (!scope) return handler(base, input, request, reply);
      const open = <T>(fn: (ctx: Context) => Promise<T>) =>
        withScope(deps.db, scope, async (tx) => {
          const org =
            scope.kind === 'tenant' ? await activeOrganisation(deps, request, tx, scope.org, declared) : null;
          return fn({ ...base, scope, org, tx });
        });
      let result: unknown;
      if (spec.transaction === 'published') {
        if (scope.kind !== 'tenant' || !isPublic(declared.access))
          throw new Error(`route ${spec.url}: 'published' is for public tenant routes only`);
        const org = await activeOrganisation(deps, request, null, scope.org, declared);
        result = await handler({ ...base, scope, org, transaction: open }, input, request, reply);
      } else if (spec.transaction === 'lazy') {
        result = await handler({ ...base, scope, transaction: open }, input, request, reply);
      } else {
        result = await open((ctx) => handler(ctx, input, request, reply));
      }
      await deps.afterCommit?.(request, scope);
      return result;
    },
  });
}
