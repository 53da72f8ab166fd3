import type { OrganisationRef } from '../../db/organisation-ref.js';
import type { Scope, Tx } from '../../db/scope.js';
import { Errors } from '../errors.js';
import type { Actor } from './actor.js';
import { actorCan, type Permission, type Rights } from './permissions.js';

export type { OrganisationRef };
export type TenantScope = Extract<Scope, { kind: 'tenant' }>;
export type ProviderScope = Extract<Scope, { kind: 'provider' }>;

/** Who acts and what they may do: every context has this, with or without a transaction. */
export interface ActorContext {
  actor: Actor;
  ip: string | null;
  requestId: string | null;
  can(permission: Permission): boolean;
  /** Throws the forbidden error unless the actor holds the permission (fails closed). */
  require(permission: Permission): void;
}

/**
 * Everything an operation needs, built once per request (or job): who acts, for which
 * organisation, what they may do, and the transaction whose row-level security is set to
 * that organisation. Services take this and nothing from the request body decides the org.
 * (It is also what audit() needs: actor, ip, requestId, scope and tx.)
 */
export interface Context extends ActorContext {
  scope: Scope;
  org: OrganisationRef | null;
  tx: Tx;
}

/** A context acting for one organisation: what `defineRoute({ scope: 'tenant' })` hands over. */
export interface TenantContext extends Context {
  scope: TenantScope;
  org: OrganisationRef;
}

/** A context on the provider's operating data (operators' routes, provisioning). */
export interface ProviderContext extends Context {
  scope: ProviderScope;
  org: null;
}

/** Routes declared with scope 'none': no database transaction at all. */
export type UnscopedContext = ActorContext;

/**
 * A context whose transactions the handler opens itself, one or several, each short: for routes
 * that stream (an upload, a download) and must not hold a transaction meanwhile. The organisation
 * is checked (active, else 404) in each transaction, so it is only known inside one.
 */
export type LazyContext<C extends Context> = Omit<C, 'tx' | 'org'> & {
  transaction<T>(fn: (ctx: C) => Promise<T>): Promise<T>;
};

/** The permission checks of a context: `can` answers, `require` refuses. */
export function permissionChecks(
  can: (permission: Permission) => boolean,
): Pick<ActorContext, 'can' | 'require'> {
  return {
    can,
    require(permission) {
      if (!can(permission)) throw Errors.forbidden();
    },
  };
}

/** An account's checks: its role and, for general users, its rights. */
export function accountChecks(
  actor: Actor,
  rights: Rights | undefined,
): Pick<ActorContext, 'can' | 'require'> {
  return permissionChecks((permission) => actorCan(actor, rights, permission));
}

/**
 * A public route that reads published data without a transaction (`transaction: 'published'`):
 * the organisation was checked (active, else 404; suspended, 503) from the per-node look-up, and
 * `transaction` opens a short tenant transaction for what the published read model does not hold.
 */
export type PublishedContext = LazyContext<TenantContext> & { org: OrganisationRef };
