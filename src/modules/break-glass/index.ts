// What other parts of mitte-C may use of break-glass access (an operator's recorded, approved read).

export { registerBreakGlassRoutes } from './break-glass.routes.js';
export { runBreakGlassPass, startBreakGlassJob } from './break-glass-job.js';
