// Capacity figures and quotas (A.12.1.3, issue 14 item 6).
export { registerCapacityRoutes } from './capacity.routes.js';
export type { OrganisationUsage } from './capacity.schema.js';
