import type { Database } from '../../db/database.js';
import { loadOrganisationRef } from '../../db/organisation-ref.js';
import { type Scope, withScope } from '../../db/scope.js';
import { systemActor } from './actor.js';
import type {
  ActorContext,
  Context,
  LazyContext,
  ProviderContext,
  ProviderScope,
  TenantContext,
  TenantScope,
} from './context.js';
import { permissionChecks } from './context.js';
import type { Permission } from './permissions.js';

/**
 * A Context for work that no HTTP request carries (CLI, start-up, jobs): the same services, the
 * same transaction and row-level security, with a named system actor in the audit log. The system
 * holds no permission by role: each job names the few it needs (`grants`), and an operation that
 * requires anything else refuses it exactly as it refuses an account without the right.
 */
/** A system context is as typed as a route's: a tenant scope gives a TenantContext. */
type SystemContext<S extends Scope> = S extends TenantScope
  ? TenantContext
  : S extends ProviderScope
    ? ProviderContext
    : Context;

export function runAsSystem<const S extends Scope, T>(
  db: Database,
  scope: S,
  id: string,
  grants: readonly Permission[],
  fn: (ctx: SystemContext<S>) => Promise<T>,
): Promise<T> {
  const granted = new Set<Permission>(grants);
  const base = {
    actor: systemActor(id),
    scope,
    ip: null,
    requestId: null,
    ...permissionChecks((permission) => granted.has(permission)),
  };
  return withScope(db, scope, async (tx) => {
    let org = null;
    if (scope.kind === 'tenant') {
      org = await loadOrganisationRef(tx, scope.org);
      if (!org) throw new Error(`organisation ${scope.org} does not exist`);
    }
    return fn({ ...base, org, tx } as Context as SystemContext<S>);
  });
}

/**
 * The actor half of a system context, without a transaction: for operations that open their own
 * short ones (a backup streams for minutes and must hold none). Same named grants as above.
 */
export function systemActorContext(id: string, grants: readonly Permission[]): ActorContext {
  const granted = new Set<Permission>(grants);
  return { actor: systemActor(id), ip: null, requestId: null, ...permissionChecks((p) => granted.has(p)) };
}

/**
 * A system context for an operation that opens its own short transactions (an upload: the file is
 * scanned and encrypted outside any transaction), for one organisation; same named grants.
 */
export function lazySystemContext(
  db: Database,
  scope: TenantScope,
  id: string,
  grants: readonly Permission[],
): LazyContext<TenantContext> {
  return {
    ...systemActorContext(id, grants),
    scope,
    transaction: (fn) => runAsSystem(db, scope, id, grants, fn),
  };
}
