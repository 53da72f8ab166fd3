// What the app, the CLI and the module list may use of auth (sign-in, sessions' routes, links).
export { registerAccountLinkRoutes } from './account-links.routes.js';
export { registerAuthRoutes } from './auth.routes.js';
export type { AuthServices } from './auth.service.js';
export { asOrganisationUser } from './cli-context.js';
export { registerOperatorLinkRoutes } from './operator-links.routes.js';
