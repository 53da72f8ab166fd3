// What other modules may use of the organisations module (the provider's registry of tenants).
export { addDemoPhotos, DEMO_SERVICE_CODE, type DemoItems, ensureDemoOrganisation } from './demo-entry.js';
export { registerOrganisationRoutes } from './organisation.routes.js';
export { ServiceCode } from './organisation.schema.js';
export { provisionOrganisation, provisionOrganisationWithAdmin } from './organisation.service.js';
export { SiteDomainMap } from './site-domains.js';
