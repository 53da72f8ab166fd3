import type { Scope, Tx } from '../../db/scope.js';
import type { Actor } from '../access/actor.js';
import type { Permission } from '../access/permissions.js';
import type { AuditContext } from '../audit/audit.js';
import { Errors } from './errors.js';

export interface OrganisationRef {
  serviceCode: string;
  nameJa: string;
  nameEn: string;
  status: 'active' | 'suspended' | 'terminated';
}

/**
 * Everything an operation needs, built once per request (or job): who acts, for which
 * organisation, what they may do, and the transaction whose row-level security is set to
 * that organisation. Services take this and nothing from the request body decides the org.
 */
export interface Context extends AuditContext {
  actor: Actor;
  scope: Scope;
  org: OrganisationRef | null;
  tx: Tx;
  can(permission: Permission): boolean;
}

/**
 * The service code a tenant-scoped operation acts for. Anything else fails closed: forbidden for
 * console operations, or "not found" for public ones (pass Errors.notFound).
 */
export function tenantOrg(ctx: Context, refuse: () => Error = Errors.forbidden): string {
  if (ctx.scope.kind !== 'tenant') throw refuse();
  return ctx.scope.org;
}
