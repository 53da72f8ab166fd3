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
  | 'ops:backups';

export type Rights = Partial<Record<ContentModule, Level>>;

/** Whether the actor holds the permission. Unknown or missing rights mean no (fail closed). */
export function actorCan(actor: Actor, rights: Rights | undefined, permission: Permission): boolean {
  const [area, level] = permission.split(':') as [string, string];
  if (area === 'ops') return actor.type === 'operator';
  if (actor.type !== 'user') return false;
  if ((ADMIN_AREAS as readonly string[]).includes(area)) return actor.role === 'admin' && level === 'manage';
  if (!(CONTENT_MODULES as readonly string[]).includes(area)) return false;
  if (actor.role === 'admin') return true;
  const held = rights?.[area as ContentModule] ?? 'none';
  const need = LEVELS.indexOf(level as Level);
  return need > 0 && LEVELS.indexOf(held) >= need;
}
