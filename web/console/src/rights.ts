import {
  RIGHT_LEVELS,
  RIGHT_MODULES,
  type RightLevel,
  type RightModule,
  type Rights,
  type Role,
} from './api';
import type { TFunction } from './i18n';
import { keysByCode } from './message-keys';

/** Names of the modules in the rights matrix, in matrix order. */
export const rightModuleKeys = keysByCode('rights.module', RIGHT_MODULES);

export const rightLevelKeys = keysByCode('rights.level', RIGHT_LEVELS);

/** What each level allows, for the help text beside the matrix. */
export const rightLevelHelpKeys = keysByCode('rights.help', RIGHT_LEVELS);

export function isRightLevel(value: unknown): value is RightLevel {
  return typeof value === 'string' && (RIGHT_LEVELS as readonly string[]).includes(value);
}

/** Every module at the same level (a new general user starts with `none`: least privilege). */
export function uniformRights(level: RightLevel): Rights {
  return Object.fromEntries(RIGHT_MODULES.map((m) => [m, level])) as Rights;
}

/** Reads rights from a server answer; a missing or unknown entry counts as `none`. */
export function normaliseRights(value: unknown): Rights {
  const source = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return Object.fromEntries(
    RIGHT_MODULES.map((m) => {
      const level = source[m];
      return [m, isRightLevel(level) ? level : 'none'];
    }),
  ) as Rights;
}

export function rightsEqual(a: Rights, b: Rights): boolean {
  return RIGHT_MODULES.every((m) => a[m] === b[m]);
}

/** True when `level` allows at least `needed` (none < view < edit < publish). */
export function allows(level: RightLevel, needed: RightLevel): boolean {
  return RIGHT_LEVELS.indexOf(level) >= RIGHT_LEVELS.indexOf(needed);
}

/**
 * One-line summary for the user table: 「観光スポット:公開 / イベント:編集」, 「全権限（管理者）」 for
 * administrators, 「権限なし」 when every module is `none`.
 */
export function rightsSummary(role: Role, rights: Rights, t: TFunction): string {
  if (role === 'admin') return t('rights.summaryAdmin');
  const parts = RIGHT_MODULES.filter((m) => rights[m] !== 'none').map((m) =>
    t('rights.summaryItem', { module: t(rightModuleKeys[m]), level: t(rightLevelKeys[rights[m]]) }),
  );
  return parts.length === 0 ? t('rights.summaryNone') : parts.join(' / ');
}

/**
 * What this user may do in a module: administrators everything (publish); a general user what the
 * answer of GET /me says, `none` when it says nothing.
 */
export function moduleLevel(
  user: { role: Role; rights?: Rights | undefined },
  module: RightModule,
): RightLevel {
  if (user.role === 'admin') return 'publish';
  return normaliseRights(user.rights)[module];
}
