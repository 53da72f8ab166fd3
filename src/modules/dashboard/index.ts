// What the module list may use of the dashboard.
export { registerDashboardRoutes } from './dashboard.routes.js';
