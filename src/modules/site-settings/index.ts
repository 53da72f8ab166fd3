// What other modules and the site may use of the site settings.

export { siteLogoMediaUsage } from './site-logo-usage.js';
export { insertDefaultSiteSettings } from './site-settings.repo.js';
export { registerSiteSettingsRoutes } from './site-settings.routes.js';
export type { SiteSettings, SiteSettingsInput, SocialService } from './site-settings.schema.js';
export { getSiteSettings, publicSiteSettings, updateSiteSettings } from './site-settings.service.js';
