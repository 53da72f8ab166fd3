import type { Me, RightModule } from './api';
import type { MessageKey } from './i18n';

/** A console module: one entry in the navigation and one route. */
export interface ConsoleModule {
  id: string;
  /** Route path below /console; '' is the index (dashboard). */
  path: string;
  titleKey: MessageKey;
  descriptionKey: MessageKey;
  /** Only administrators manage users, read the audit log and change organisation settings. */
  adminOnly: boolean;
  /** The content right that governs this module; without one it is open to every user. */
  right?: RightModule;
}

// Order is the order of the navigation. Only modules with screens are listed: no entry may lead
// to a "coming soon" placeholder.
export const consoleModules: readonly ConsoleModule[] = [
  {
    id: 'dashboard',
    path: '',
    titleKey: 'module.dashboard.title',
    descriptionKey: 'module.dashboard.description',
    adminOnly: false,
  },
  {
    id: 'spots',
    path: 'spots',
    titleKey: 'module.spots.title',
    descriptionKey: 'module.spots.description',
    adminOnly: false,
    right: 'spots',
  },
  {
    id: 'events',
    path: 'events',
    titleKey: 'module.events.title',
    descriptionKey: 'module.events.description',
    adminOnly: false,
    right: 'events',
  },
  {
    id: 'courses',
    path: 'courses',
    titleKey: 'module.courses.title',
    descriptionKey: 'module.courses.description',
    adminOnly: false,
    right: 'courses',
  },
  {
    id: 'articles',
    path: 'articles',
    titleKey: 'module.articles.title',
    descriptionKey: 'module.articles.description',
    adminOnly: false,
    right: 'articles',
  },
  {
    id: 'media',
    path: 'media',
    titleKey: 'module.media.title',
    descriptionKey: 'module.media.description',
    adminOnly: false,
    right: 'media',
  },
  {
    id: 'rally',
    path: 'rally',
    titleKey: 'module.rally.title',
    descriptionKey: 'module.rally.description',
    adminOnly: false,
    right: 'campaigns',
  },
  {
    id: 'analytics',
    path: 'analytics',
    titleKey: 'module.analytics.title',
    descriptionKey: 'module.analytics.description',
    adminOnly: false,
    right: 'analytics',
  },
  {
    id: 'site',
    path: 'site',
    titleKey: 'module.site.title',
    descriptionKey: 'module.site.description',
    adminOnly: false,
    right: 'site',
  },
  {
    id: 'notices',
    path: 'notices',
    titleKey: 'module.notices.title',
    descriptionKey: 'module.notices.description',
    adminOnly: false,
  },
  {
    id: 'incidents',
    path: 'incidents',
    titleKey: 'module.incidents.title',
    descriptionKey: 'module.incidents.description',
    adminOnly: false,
  },
  {
    id: 'support',
    path: 'support',
    titleKey: 'module.support.title',
    descriptionKey: 'module.support.description',
    adminOnly: false,
    right: 'support',
  },
  {
    id: 'breakGlass',
    path: 'break-glass',
    titleKey: 'module.breakGlass.title',
    descriptionKey: 'module.breakGlass.description',
    adminOnly: true,
  },
  {
    id: 'users',
    path: 'users',
    titleKey: 'module.users.title',
    descriptionKey: 'module.users.description',
    adminOnly: true,
  },
  {
    id: 'auditLog',
    path: 'audit',
    titleKey: 'module.auditLog.title',
    descriptionKey: 'module.auditLog.description',
    adminOnly: true,
  },
  {
    id: 'settings',
    path: 'settings',
    titleKey: 'module.settings.title',
    descriptionKey: 'module.settings.description',
    adminOnly: true,
  },
  {
    id: 'contract',
    path: 'contract',
    titleKey: 'module.contract.title',
    descriptionKey: 'module.contract.description',
    adminOnly: true,
  },
  {
    id: 'export',
    path: 'export',
    titleKey: 'module.export.title',
    descriptionKey: 'module.export.description',
    adminOnly: true,
  },
  {
    id: 'account',
    path: 'account',
    titleKey: 'module.account.title',
    descriptionKey: 'module.account.description',
    adminOnly: false,
  },
];

/**
 * Whether the navigation shows a module to this user: admin-only modules to administrators,
 * content modules to users with at least the view right (administrators have every right).
 */
export function isModuleVisible(module: ConsoleModule, user: Pick<Me['user'], 'role' | 'rights'>): boolean {
  if (user.role === 'admin') return true;
  if (module.adminOnly) return false;
  // Rights missing from the answer altogether: show the module and let the server decide.
  if (!module.right || !user.rights) return true;
  const level = user.rights[module.right];
  return level !== undefined && level !== 'none';
}
