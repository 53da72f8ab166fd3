import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { gzippedOrPlain } from './compression.js';

/** The ETag of a public answer: a hash of exactly the bytes sent. */
export function publicEtag(payload: string | Buffer): string {
  return etagOfDigest(createHash('sha256').update(payload).digest('base64url'));
}

/** publicEtag of a part's bytes sent alone, from the digest the part already carries. */
export function partEtag(part: JsonPart): string {
  return etagOfDigest(part.digest);
}

function etagOfDigest(sha256: string): string {
  return `W/"${sha256.slice(0, 27)}"`;
}

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
  return withEtag(request, reply, payload, publicEtag(payload), maxAgeSeconds);
}

/**
 * A piece of a public JSON answer (a list's item) kept encoded, with the digest a joined answer's
 * ETag is made of: encoded and hashed once, when it is made, not on every request that lists it.
 */
export interface JsonPart {
  bytes: Buffer;
  /** sha256 of the bytes, base64url. */
  digest: string;
}

export function jsonPart(json: string): JsonPart {
  const bytes = Buffer.from(json);
  return { bytes, digest: createHash('sha256').update(bytes).digest('base64url') };
}

const COMMA = Buffer.from(',');

/**
 * `head`, the parts joined by commas, `tail`, as one answer; its ETag hashes the head, each part's
 * digest and the tail instead of the bytes (a list of 50 is ~50 KB: encoding and hashing it took
 * ~85 µs a request, a third of the list's time). Equal bytes give the same ETag on every node and
 * path, and a change in any part changes it; the digests are of fixed length and JSON has no raw
 * NUL, so the framing is unambiguous.
 */
export function joinedJson(
  head: string,
  parts: readonly JsonPart[],
  tail: string,
): { json: Buffer; etag: string } {
  const chunks: Buffer[] = [Buffer.from(head)];
  let digests = '';
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    if (i > 0) chunks.push(COMMA);
    chunks.push(part.bytes);
    digests += part.digest;
  }
  chunks.push(Buffer.from(tail));
  // One update: a call into the hash per part cost more than the hashing.
  const etag = createHash('sha256').update(`${head}\0${digests}\0${tail}`).digest('base64url');
  return { json: Buffer.concat(chunks), etag: etagOfDigest(etag) };
}

/** A public JSON answer already serialised (the published model's), with its ETag when known. */
export interface PublicJson {
  /** Kept encoded (a Buffer) when it is sent again and again. */
  json: string | Buffer;
  etag?: string;
  /** The JSON gzipped ahead (with its etag): sent as it is to a client that takes gzip. */
  gzip?: Buffer | undefined;
}

/**
 * As cachedPublic, for JSON serialised ahead: the same headers and bytes as for its value; gzipped
 * as kept to a client that takes gzip, when it was gzipped ahead.
 */
export function cachedPublicJson(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: PublicJson,
): string | Buffer {
  reply.type('application/json; charset=utf-8');
  if (answer.etag !== undefined) {
    const sent = withEtag(request, reply, answer.json, answer.etag, 60);
    return sent === '' || !answer.gzip ? sent : gzippedOrPlain(request, reply, answer.gzip, sent);
  }
  // Encoded once for the hash and the socket.
  const bytes = Buffer.isBuffer(answer.json) ? answer.json : Buffer.from(answer.json);
  return withEtag(request, reply, bytes, publicEtag(bytes), 60);
}

/**
 * A public page rendered ahead (the published model's prepared pages): its bytes gzipped, and the
 * ETag of the uncompressed bytes, as the route gives it.
 */
export interface PreparedHtml {
  gzip: Buffer;
  etag: string;
  /** The bytes uncompressed too, for a page asked for again and again (one per organisation). */
  plain?: Buffer;
}

/**
 * As cachedPublic for a page rendered ahead: the same headers and, uncompressed, the same bytes as
 * the route's; gzipped as kept to a client that takes gzip.
 */
export function cachedPublicHtml(
  request: FastifyRequest,
  reply: FastifyReply,
  page: PreparedHtml,
): Buffer | '' {
  reply.type('text/html; charset=utf-8');
  const sent = withEtag(request, reply, page.gzip, page.etag, 60);
  return sent === '' ? sent : gzippedOrPlain(request, reply, sent, page.plain);
}

function withEtag<T extends string | Buffer>(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: T,
  etag: string,
  maxAgeSeconds: number,
): T | '' {
  reply.header('etag', etag).header('cache-control', `public, max-age=${maxAgeSeconds}`);
  const match = request.headers['if-none-match'];
  if (typeof match === 'string' && match.split(',').some((m) => m.trim() === etag)) {
    reply.code(304);
    return '';
  }
  return payload;
}

/**
 * A file to save, never kept by a cache (CSV exports, posters, certificates): its type, and
 * `attachment` with the name to save it under. Returns the reply, to send the body on.
 */
export function attachmentNotCached(reply: FastifyReply, type: string, fileName: string): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store');
}
