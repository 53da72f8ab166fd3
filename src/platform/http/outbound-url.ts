import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/**
 * Every URL the server fetches by itself goes through here (the signature feed today, webhooks
 * tomorrow), so a configured or fed URL cannot make it reach loopback, the private network or
 * the cloud metadata address (server-side request forgery, Directus GHSA-wv3h). The check runs on
 * the address the connection actually uses, after DNS resolution, so IPv4-mapped IPv6
 * (`[::ffff:127.0.0.1]`), decimal or octal IPv4 and names that resolve inward are all refused.
 * An operator may name mirror hosts that are allowed to be private (OUTBOUND_ALLOWED_PRIVATE_HOSTS).
 */

export class OutboundRefused extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`outbound request to ${url} refused: ${reason}`);
    this.name = 'OutboundRefused';
  }
}

const blocked = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible range
  ['::ffff:0:0:0', 96], // IPv4-translated
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

const mapped = new net.BlockList();
mapped.addSubnet('::ffff:0:0', 96, 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d or ::ffff:7f00:1). */
function mappedIpv4(address: string): string | undefined {
  const match = /^(?:0*:)*:?ffff:(.+)$/i.exec(address.replace(/^::/, ''));
  if (!match?.[1]) return undefined;
  const tail = match[1];
  if (net.isIPv4(tail)) return tail;
  const groups = tail.split(':');
  if (groups.length !== 2 || !groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const [hi, lo] = groups.map((g) => Number.parseInt(g, 16)) as [number, number];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Whether an IP address is on the public internet (not loopback, private, link-local, …). */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !blocked.check(address, 'ipv4');
  if (family !== 6) return false;
  // BlockList would match IPv4 rules against IPv4-mapped addresses; unpack them to be explicit.
  if (mapped.check(address, 'ipv6')) {
    const inner = mappedIpv4(address);
    return inner ? isPublicAddress(inner) : false;
  }
  return !blocked.check(address, 'ipv6');
}

export interface OutboundPolicy {
  /** Host names (as in the URL) that may resolve to private addresses: an operator's own mirror. */
  allowedPrivateHosts?: readonly string[];
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function isAllowedPrivate(url: URL, policy: OutboundPolicy): boolean {
  const host = hostOf(url);
  return (policy.allowedPrivateHosts ?? []).some((h) => h.replace(/^\[|\]$/g, '').toLowerCase() === host);
}

/**
 * A lookup that refuses private answers: it runs when the socket connects, so a name that
 * resolved outward when checked and inward a moment later (DNS rebinding) is refused too.
 */
function guardedLookup(url: URL): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const inward = list.find((a) => !isPublicAddress(a.address));
      if (inward || list.length === 0) {
        return callback(
          new OutboundRefused(url.href, `${hostname} resolves to ${inward?.address ?? 'nothing'}`),
          '',
          0,
        );
      }
      if (options.all) return callback(null, list as unknown as string, 0);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Refuses a URL whose host is a literal private address (literals never reach the lookup). */
export function assertOutboundUrl(url: URL, policy: OutboundPolicy = {}): void {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OutboundRefused(url.href, `protocol ${url.protocol} is not allowed`);
  }
  if (url.username || url.password) throw new OutboundRefused(url.href, 'credentials in the URL');
  if (isAllowedPrivate(url, policy)) return;
  const host = hostOf(url);
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new OutboundRefused(url.href, `${host} is loopback`);
  }
  if (net.isIP(host) && !isPublicAddress(host)) {
    throw new OutboundRefused(url.href, `${host} is not a public address`);
  }
}

export interface OutboundResponse {
  status: number;
  headers: Headers;
  body: ReadableStream<Uint8Array>;
  /** The URL finally answered (after redirects). */
  url: string;
}

const MAX_REDIRECTS = 5;

/**
 * GET with the private-address guard on every hop. `checkUrl` adds the caller's own rule
 * (e.g. HTTPS only) and runs on the first URL and on every redirect target.
 */
export async function fetchOutbound(
  first: URL,
  options: { policy?: OutboundPolicy; timeoutMs: number; checkUrl?: (url: URL) => void },
): Promise<OutboundResponse> {
  const policy = options.policy ?? {};
  let url = first;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    options.checkUrl?.(url);
    assertOutboundUrl(url, policy);
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.get(url, {
        ...(isAllowedPrivate(url, policy) ? {} : { lookup: guardedLookup(url) }),
        timeout: options.timeoutMs,
      });
      req.on('response', resolve);
      req.on('timeout', () =>
        req.destroy(new Error(`${url.href}: no answer within ${options.timeoutMs} ms`)),
      );
      req.on('error', reject);
    });
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location) {
      res.resume();
      url = new URL(location, url);
      continue;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    return {
      status,
      headers,
      body: Readable.toWeb(
        res,
      ) as unknown as WebReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>,
      url: url.href,
    };
  }
  throw new OutboundRefused(first.href, `more than ${MAX_REDIRECTS} redirects`);
}
