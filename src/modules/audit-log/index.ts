// What the module list may use of the audit log (the console's reading of the chain).
export { registerAuditLogRoutes } from './audit-log.routes.js';
