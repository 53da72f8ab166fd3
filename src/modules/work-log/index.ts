// What other modules may use of the work-log module (the operators' work log and its review).
export { installWorkLogMetrics, registerWorkLogRoutes } from './work-log.routes.js';
