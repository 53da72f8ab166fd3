import type { Database } from '../../db/database.js';
import { type Scope, withScope } from '../../db/scope.js';
import type { Context } from '../http/context.js';
import { systemActor } from './actor.js';
import { actorCan } from './permissions.js';

/**
 * A Context for work that no HTTP request carries (CLI, start-up, jobs): the same services,
 * the same transaction and row-level security, with a named system actor in the audit log.
 */
export function runAsSystem<T>(
  db: Database,
  scope: Scope,
  id: string,
  fn: (ctx: Context) => Promise<T>,
): Promise<T> {
  const actor = systemActor(id);
  return withScope(db, scope, (tx) =>
    fn({
      actor,
      scope,
      org: null,
      tx,
      ip: null,
      requestId: null,
      can: (permission) => actorCan(actor, undefined, permission),
    }),
  );
}
