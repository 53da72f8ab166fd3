import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';

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

/** Where log lines go: a Node stream (tests) or pino's asynchronous destination (the server). */
export interface LogStream {
  write(line: string): unknown;
}

/** Where a request's logger keeps the organisation it acts for (see labelLogger). */
const SERVICE_CODE = Symbol('mitte.serviceCode');
type Labelled = { [SERVICE_CODE]?: string };

/**
 * Every line a request's logger (and any child of it) writes from now on carries `serviceCode`.
 * A property read by the mixin at write time, not a child logger: making a child serialises its
 * bindings on every request, although most requests write no line at all.
 */
export function labelLogger(logger: object, serviceCode: string): void {
  (logger as Labelled)[SERVICE_CODE] = serviceCode;
}

export function loggerOptions(level: string, stream?: LogStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: LOG_REDACT_PATHS, censor: '[REDACTED]' },
    // UTC ISO timestamps (A.12.4.4).
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    base: { service: 'mitte-c' },
    // pino merges into what this returns, so it must be a new object every time.
    mixin: (_line: object, _level: number, logger: object) => {
      const serviceCode = (logger as Labelled)[SERVICE_CODE];
      return serviceCode === undefined ? {} : { serviceCode };
    },
  };
}

/**
 * One access line per request ("request completed": method, URL, status, time), for a sampled
 * share of requests (ACCESS_LOG_SAMPLE_PERCENT); failures (5xx) always. Logging every request at
 * info costs public reads throughput.
 */
export function installAccessLog(app: FastifyInstance, sample: number): void {
  if (sample <= 0) return;
  // Callback-style: it awaits nothing, and an async hook costs every request a promise.
  app.addHook('onResponse', (request, reply, done) => {
    const sampled = sample >= 1 || reply.statusCode >= 500 || Math.random() < sample;
    // Below info (LOG_LEVEL=warn) the line would be dropped: not even its fields are worked out
    // (the client address behind a trusted proxy is parsed from the header each time).
    if (sampled && (request.log as unknown as Pick<Logger, 'isLevelEnabled'>).isLevelEnabled('info')) {
      request.log.info(
        {
          req: { method: request.method, url: request.url, remoteAddress: request.ip },
          res: { statusCode: reply.statusCode },
          responseTime: reply.elapsedTime,
        },
        'request completed',
      );
    }
    done();
  });
}
