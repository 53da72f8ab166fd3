// What the module list may use of the health and readiness routes.
export { registerHealthRoutes } from './health.routes.js';
