import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import { SERVICE_CODE_PATTERN } from '../../db/scope.js';
import { sentAgain } from './compression.js';
import { bodyEtag, etagMatches, ResponseCache } from './response-cache.js';
import type { EarlyAnswer } from './route.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on a cache miss that may be stored: where, and the organisation's generation at the start. */
    publicCache?: { key: string; org: string; generation: number };
  }
}

export interface PublicCacheOptions {
  maxBytes: number;
  ttlSeconds: number;
  /** See ResponseCacheOptions.admitAfter. */
  admitAfter: number;
  /** Requests carrying one of these cookies (a signed-in session) are never served from or stored in the cache. */
  sessionCookies: string[];
}

/** The public site and the public API, per organisation; nothing else is ever cached. */
const PUBLIC_PATH = /^\/(?:s|api\/v1\/public)\/([^/?#]+)(?:[/?#]|$)/;

/** Headers that belong to one response, not to the stored answer. */
const PER_RESPONSE_HEADERS = new Set([
  'set-cookie',
  'x-request-id',
  'x-cache',
  'age',
  'date',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

/** The organisation a public URL belongs to, or undefined when the URL is not a public page or API. */
export function publicOrganisationOf(url: string): string | undefined {
  const code = PUBLIC_PATH.exec(url)?.[1];
  return code && SERVICE_CODE_PATTERN.test(code) ? code : undefined;
}

function requestHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The per-node cache of public answers (site pages and public API): a hit is answered in
 * onRequest, before the guard and the route, so it costs no database round trip; it still goes
 * through Fastify's reply, so onSend/onResponse hooks (metrics, analytics) see it. Registered
 * before the guard. Only 200 answers without Set-Cookie, private or no-store are stored; a
 * request with a session cookie or credentials bypasses the cache both ways.
 */
export function installPublicCache(
  app: FastifyInstance,
  registry: Registry,
  options: PublicCacheOptions,
): ResponseCache {
  const evictions = new Counter({
    name: 'mitte_public_cache_evictions_total',
    help: 'Public cache entries dropped to stay within the byte budget',
    registers: [registry],
  });
  const cache = new ResponseCache({
    maxBytes: options.maxBytes,
    ttlMs: options.ttlSeconds * 1000,
    admitAfter: options.admitAfter,
    onEvict: () => evictions.inc(),
  });
  const lookups = new Counter({
    name: 'mitte_public_cache_requests_total',
    help: 'Public cache lookups by result (hit, miss, bypass)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'mitte_public_cache_bytes',
    help: 'Bytes held by the public cache',
    registers: [registry],
    collect() {
      this.set(cache.totalBytes);
    },
  });
  new Gauge({
    name: 'mitte_public_cache_entries',
    help: 'Answers held by the public cache',
    registers: [registry],
    collect() {
      this.set(cache.size);
    },
  });
  const earlyAnswers = new Counter({
    name: 'mitte_public_early_answers_total',
    help: 'Public answers a route gave from node memory before the guard and the route ran (fromMemory)',
    registers: [registry],
  });

  const sessionCookie = new RegExp(
    `(?:^|;\\s*)(?:${options.sessionCookies.map((n) => n.replace(/[^A-Za-z0-9_-]/g, '')).join('|')})=`,
  );

  // Callback-style hooks: they await nothing, and an async hook costs every request a promise. A hit
  // or an early answer is sent without calling done, which ends the hook chain (Fastify's early
  // reply). With the cache off (0 MB) the hook still gives the routes' early answers.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    const org = publicOrganisationOf(request.url);
    if (!org) return done();
    const declared = request.routeOptions.config.mitte;
    if (!declared || !('public' in declared.access)) return done();
    const cookies = request.headers.cookie;
    if (
      request.headers.authorization !== undefined ||
      request.headers.range !== undefined ||
      (cookies !== undefined && sessionCookie.test(cookies))
    ) {
      if (!cache.enabled) return done();
      lookups.inc({ result: 'bypass' });
      reply.header('x-cache', 'bypass');
      return done();
    }
    if (!cache.enabled) return answerEarly(request, reply, declared.answerEarly, done);
    // Host and scheme are part of the key: a custom domain's pages link differently.
    const key = `${request.protocol}://${request.host}${request.url}`;
    const hit = cache.get(key, (name) => requestHeader(request, name));
    if (!hit) {
      lookups.inc({ result: 'miss' });
      reply.header('x-cache', 'miss');
      request.publicCache = { key, org, generation: cache.generation(org) };
      // Stored (onSend) as the route's answer would be.
      return answerEarly(request, reply, declared.answerEarly, done);
    }
    lookups.inc({ result: 'hit' });
    reply
      .headers(hit.headers)
      .header('age', String(Math.floor((Date.now() - hit.storedAt) / 1000)))
      .header('x-cache', 'hit');
    if (etagMatches(requestHeader(request, 'if-none-match'), hit.etag)) {
      reply.removeHeader('content-type');
      reply.code(304).send();
      return;
    }
    reply.code(200).send(hit.body);
  });

  /** The route's answer from memory when it has one (GET only: HEAD goes to the route); else on to the route. */
  function answerEarly(
    request: FastifyRequest,
    reply: FastifyReply,
    answer: EarlyAnswer | undefined,
    done: () => void,
  ): void {
    const early = request.method === 'GET' ? answer?.(request, reply) : undefined;
    if (early === undefined) {
      done();
      return;
    }
    earlyAnswers.inc();
    if (early.held) delete request.publicCache;
    reply.send(early.payload);
  }

  if (!cache.enabled) return cache;
  app.addHook('onSend', (request, reply, payload, done) => {
    done(null, stored(request, reply, payload));
  });

  /** The body to send: the payload, stored for later hits when it may be. */
  function stored(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    const pending = request.publicCache;
    if (!pending || request.method !== 'GET' || reply.statusCode !== 200) return payload;
    // Set-Cookie is one visitor's; an answer sent compressed as kept (a prepared page) is not the
    // uncompressed body the cache keeps and compresses itself.
    if (reply.hasHeader('set-cookie') || reply.hasHeader('content-encoding')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams
    if (/\b(?:no-store|private|no-cache)\b/i.test(String(reply.getHeader('cache-control') ?? '')))
      return payload;
    const varyNames = String(reply.getHeader('vary') ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    if (varyNames.includes('*')) return payload;
    if (!cache.admit(pending.key)) return payload;
    // The stored bytes are the ones sent now, so they are compressed once for every later hit.
    const body = sentAgain(Buffer.isBuffer(payload) ? payload : Buffer.from(payload), (bytes) =>
      cache.grow(pending.key, body, bytes),
    );
    let etag = reply.getHeader('etag');
    if (typeof etag !== 'string') {
      etag = bodyEtag(body);
      reply.header('etag', etag);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || PER_RESPONSE_HEADERS.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    cache.set(pending.key, pending.org, pending.generation, {
      body,
      headers,
      etag,
      vary: varyNames.map((name) => [name, requestHeader(request, name) ?? '']),
    });
    return body;
  }
  return cache;
}
