// What other modules may use of the organisations module (the provider's registry of tenants).
export { DEMO_SERVICE_CODE, type DemoItems, ensureDemoOrganisation } from './demo.js';
export { addDemoPhotos } from './demo-photo-seeding.js';
export { registerOrganisationRoutes } from './organisation.routes.js';
export { ServiceCode } from './organisation.schema.js';
export { provisionOrganisation, provisionOrganisationWithAdmin } from './organisation.service.js';
export { SiteDomainMap } from './site-domains.js';
