/**
 * The rights an administrator grants to general users: one level per module. Shared by the
 * server (permission checks) and the console (rights matrix); plain constants only.
 */
export const RIGHT_MODULES = [
  'spots',
  'events',
  'courses',
  'articles',
  'media',
  'campaigns',
  'analytics',
  'site',
  // Reporting to the provider's support desk (サポート窓口): view its tickets, edit = report and reply.
  'support',
] as const;
export type RightModule = (typeof RIGHT_MODULES)[number];

/** In increasing order: each level includes the ones before it. */
export const RIGHT_LEVELS = ['none', 'view', 'edit', 'publish'] as const;
export type RightLevel = (typeof RIGHT_LEVELS)[number];
