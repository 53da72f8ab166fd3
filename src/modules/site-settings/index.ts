// What other modules and the site may use of the site settings.
export { insertDefaultSiteSettings } from './site-settings.repo.js';
export { registerSiteSettingsRoutes } from './site-settings.routes.js';
export type { SiteSettings, SiteSettingsInput } from './site-settings.schema.js';
export { getSiteSettings } from './site-settings.service.js';
