// What other modules may use of analytics.
export { registerAnalyticsRoutes } from './analytics.routes.js';
export { analyticsSummary } from './analytics.service.js';
export { installAnalytics } from './recorder.js';
