// What other modules may use of analytics.
export { registerAnalyticsRoutes } from './analytics.routes.js';
export { analyticsSummary, mostViewedContent } from './analytics.service.js';
export { installAnalytics } from './recorder.js';
