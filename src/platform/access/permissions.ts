import { RIGHT_LEVELS, RIGHT_MODULES, type RightLevel, type RightModule } from '../../contract/rights.js';
import type { Actor } from './actor.js';

/** Modules whose rights an admin grants to general users, each none / view / edit / publish (shared with the console). */
export const CONTENT_MODULES = RIGHT_MODULES;
export type ContentModule = RightModule;
export const LEVELS = RIGHT_LEVELS;
export type Level = RightLevel;
/** Admin-only areas: never grantable to general users. */
export const ADMIN_AREAS = ['users', 'logs', 'organisation'] as const;
export type AdminArea = (typeof ADMIN_AREAS)[number];

export type Permission =
  | `${ContentModule}:${Exclude<Level, 'none'>}`
  | `${AdminArea}:manage`
  /** Provider operators' own areas; never held by organisation accounts. */
  | 'ops:organisations'
  | 'ops:operators'
  | 'ops:quarantine'
  | 'ops:backups'
  | 'ops:review'
  /**
   * Held only by a system context that names it (never by an account, admins included): adding
   * an image the server made itself to a library, as the demo organisation's photos are.
   */
  | 'system:generated-media'
  | 'ops:notices'
  | 'ops:incidents'
  /** Capacity figures of every organisation and their storage quotas (A.12.1.3). */
  | 'ops:capacity';

export type Rights = Partial<Record<ContentModule, Level>>;
export type OpsPermission = Extract<Permission, `ops:${string}`>;

/**
 * Provider operators' rights: the one list (console, invitations, `mitte create-operator`) of what
 * an operator may be given. Each operator holds the ones given to them; no organisation account
 * ever holds any. A new right is one more entry here (and in `Permission` above).
 */
export const OPS_PERMISSIONS = [
  'ops:organisations',
  'ops:operators',
  'ops:quarantine',
  'ops:backups',
  'ops:review',
  'ops:notices',
  'ops:incidents',
  'ops:capacity',
] as const;

/**
 * Whether the actor holds the permission. Unknown areas, unknown levels and missing rights mean
 * no (fail closed), for admins too: a typo in a declaration refuses instead of allowing.
 */
export function actorCan(actor: Actor, rights: Rights | undefined, permission: Permission): boolean {
  const [area, level] = permission.split(':') as [string, string | undefined];
  // System rights come only from a system context's named grants (runAsSystem), never from a role.
  if (area === 'system') return false;
  if (area === 'ops')
    return (
      actor.type === 'operator' &&
      (OPS_PERMISSIONS as readonly string[]).includes(permission) &&
      (actor.rights?.includes(permission) ?? false)
    );
  if (actor.type !== 'user') return false;
  if ((ADMIN_AREAS as readonly string[]).includes(area)) return actor.role === 'admin' && level === 'manage';
  if (!(CONTENT_MODULES as readonly string[]).includes(area)) return false;
  const need = LEVELS.indexOf(level as Level);
  if (need <= 0) return false;
  if (actor.role === 'admin') return true;
  const held = rights?.[area as ContentModule] ?? 'none';
  return LEVELS.indexOf(held) >= need;
}
