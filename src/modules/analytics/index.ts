// What other modules may use of analytics.
export { inDailyKeyOrder } from './analytics.repo.js';
export { registerAnalyticsRoutes } from './analytics.routes.js';
export { analyticsSummary, mostViewedContent } from './analytics.service.js';
export { installAnalytics } from './recorder.js';
