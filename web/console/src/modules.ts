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
}

// Order is the order of the navigation.
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
  },
  {
    id: 'events',
    path: 'events',
    titleKey: 'module.events.title',
    descriptionKey: 'module.events.description',
    adminOnly: false,
  },
  {
    id: 'courses',
    path: 'courses',
    titleKey: 'module.courses.title',
    descriptionKey: 'module.courses.description',
    adminOnly: false,
  },
  {
    id: 'articles',
    path: 'articles',
    titleKey: 'module.articles.title',
    descriptionKey: 'module.articles.description',
    adminOnly: false,
  },
  {
    id: 'media',
    path: 'media',
    titleKey: 'module.media.title',
    descriptionKey: 'module.media.description',
    adminOnly: false,
  },
  {
    id: 'rally',
    path: 'stamp-rallies',
    titleKey: 'module.rally.title',
    descriptionKey: 'module.rally.description',
    adminOnly: false,
  },
  {
    id: 'analytics',
    path: 'analytics',
    titleKey: 'module.analytics.title',
    descriptionKey: 'module.analytics.description',
    adminOnly: false,
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
    path: 'audit-log',
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
    id: 'account',
    path: 'account',
    titleKey: 'module.account.title',
    descriptionKey: 'module.account.description',
    adminOnly: false,
  },
];
