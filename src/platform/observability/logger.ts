import type { FastifyServerOptions } from 'fastify';

/** Paths pino removes from every log line: credentials never reach logs. */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.code',
  '*.secret',
  '*.masterKey',
];

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: LOG_REDACT_PATHS, censor: '[REDACTED]' },
    // UTC ISO timestamps (A.12.4.4).
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    base: { service: 'mitte-c' },
  };
}
