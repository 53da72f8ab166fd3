// What other modules may use of analytics.
export { analyticsSummary } from './analytics.service.js';
