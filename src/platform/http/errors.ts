/**
 * The one error type, as routes and modules import it. It lives in platform/errors.ts, below every
 * platform folder, so that platform/access (ctx.require refuses with it) need not import
 * platform/http, which imports access: no folder cycle (issue 11).
 */
export * from '../errors.js';
