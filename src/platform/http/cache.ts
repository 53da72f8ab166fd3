import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Public answers carry an ETag and a short Cache-Control; a matching If-None-Match gets 304.
 * Returns the body to send, or undefined when 304 was sent.
 */
export function cachedPublic(
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  maxAgeSeconds = 60,
): unknown {
  // Serialised once: the same string is hashed and sent.
  const json = !(typeof body === 'string' || Buffer.isBuffer(body));
  const payload = json ? JSON.stringify(body) : (body as string | Buffer);
  if (json) reply.type('application/json; charset=utf-8');
  const etag = `W/"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', `public, max-age=${maxAgeSeconds}`);
  const match = request.headers['if-none-match'];
  if (typeof match === 'string' && match.split(',').some((m) => m.trim() === etag)) {
    reply.code(304);
    return '';
  }
  return payload;
}
