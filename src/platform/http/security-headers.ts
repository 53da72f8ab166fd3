/**
 * The security headers every answer carries (CSP, HSTS, nosniff, frame and referrer policies…),
 * computed once at start-up by helmet and set from that table on each request. @fastify/helmet
 * builds helmet's middleware again for every request (parsing the CSP directives each time), which
 * showed in the CPU profile of the public reads (issue 13); the headers are the same for every
 * route, so they are a constant.
 */
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet sets with these options, as name → value. */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as never, recorder as never, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/** Sets the headers on every answer, before any route or cache hook runs (as @fastify/helmet did). */
export function installSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
