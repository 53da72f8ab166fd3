import type { Database } from '../../db/database.js';
import { loadOrganisationRef } from '../../db/organisation-ref.js';
import { type Scope, withScope } from '../../db/scope.js';
import { systemActor } from './actor.js';
import type {
  ActorContext,
  Context,
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
export function runAsSystem<T>(
  db: Database,
  scope: TenantScope,
  id: string,
  grants: readonly Permission[],
  fn: (ctx: TenantContext) => Promise<T>,
): Promise<T>;
export function runAsSystem<T>(
  db: Database,
  scope: ProviderScope,
  id: string,
  grants: readonly Permission[],
  fn: (ctx: ProviderContext) => Promise<T>,
): Promise<T>;
export function runAsSystem<T>(
  db: Database,
  scope: Scope,
  id: string,
  grants: readonly Permission[],
  fn: (ctx: Context) => Promise<T>,
): Promise<T>;
export function runAsSystem<T>(
  db: Database,
  scope: Scope,
  id: string,
  grants: readonly Permission[],
  fn: (ctx: never) => Promise<T>,
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
    return (fn as (ctx: Context) => Promise<T>)({ ...base, org, tx });
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
