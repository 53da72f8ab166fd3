import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4 } from 'node:net';
import { domainToASCII } from 'node:url';
import type { Database } from '../../db/database.js';
import { withProvider } from '../../db/scope.js';
import { Errors } from '../../platform/errors.js';
import { listSiteDomains } from '../../platform/tenancy/organisations.repo.js';

// IncomingMessage.mitteMappedDomain is declared with the routes that read it (platform/http/route.ts).

/** A plain DNS host name: letters, digits and hyphens per label, a top-level label that is not a number. */
const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** How often every node re-reads the map, in case a change message was lost. */
const REFRESH_MS = 30_000;

/**
 * The operator's input as the stored domain: lower case, IDN as punycode, no trailing dot.
 * Refuses anything that is not a plain host name, and the service's own host.
 */
export function parseSiteDomain(input: string, serviceHost: string): string {
  const trimmed = input.trim().toLowerCase().replace(/\.$/, '');
  const ascii = /^[\x21-\x7e]*$/.test(trimmed) ? trimmed : domainToASCII(trimmed);
  if (!HOST_NAME.test(ascii)) {
    throw Errors.invalidField('siteDomain', {
      ja: 'ドメインはホスト名だけで入力してください（例: kanko.example.jp。https:// やポート番号、パスは不要です）。',
      en: 'Enter the domain as a host name only (e.g. kanko.example.jp, without https://, a port or a path).',
    });
  }
  if (ascii === serviceHost.toLowerCase()) {
    throw Errors.invalidField('siteDomain', {
      ja: 'このサービス自体のホスト名は組織のドメインにできません。',
      en: "The service's own host name cannot be an organisation's domain.",
    });
  }
  return ascii;
}

/** The host a request names, lower case, without port; IP literals are never mapped. */
export function requestHostName(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const host = value.trim().toLowerCase();
  if (host.startsWith('[')) return undefined;
  const name = host.split(':', 1)[0]!.replace(/\.$/, '');
  return name === '' ? undefined : name;
}

function trustedProxies(trustProxy: boolean | string[]): (address: string | undefined) => boolean {
  if (trustProxy === true) return () => true;
  if (trustProxy === false) return () => false;
  const list = new BlockList();
  for (const entry of trustProxy) {
    const [address, prefix] = entry.split('/');
    const type = isIPv4(address!) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(prefix), type);
  }
  return (address) => {
    if (!address) return false;
    const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
    return list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
  };
}

/**
 * Host → organisation for organisations with their own domain, held in memory so the URL
 * rewrite (synchronous, before routing) needs no database. Loaded at start, reloaded on change
 * (on this node directly, on others through the invalidation bus) and every 30 seconds.
 */
/** Where requests for a host the service does not answer under are sent: no route, so 404. */
export const UNKNOWN_HOST_PATH = '/__unknown-host__';

/**
 * Which other host names the service answers under. With `strict`, a request naming a host that
 * is neither the service's own (`serviceHosts`), nor an organisation's domain, nor an IP literal
 * or localhost (health checks, probes) is "not found" — on every path.
 */
export interface HostCheck {
  strict: boolean;
  serviceHosts: readonly string[];
}

export class SiteDomainMap {
  private byHost = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly trusted: (address: string | undefined) => boolean;
  private readonly serviceHosts: Set<string>;

  constructor(
    private readonly db: Database,
    trustProxy: boolean | string[],
    private readonly hostCheck: HostCheck = { strict: false, serviceHosts: [] },
  ) {
    this.trusted = trustedProxies(trustProxy);
    this.serviceHosts = new Set(hostCheck.serviceHosts.map((h) => h.toLowerCase()));
  }

  async reload(): Promise<void> {
    const rows = await withProvider(this.db, (tx) => listSiteDomains(tx));
    this.byHost = new Map(rows.map((row) => [row.siteDomain, row.serviceCode]));
  }

  start(log: { warn(obj: object, msg: string): void }): void {
    this.timer = setInterval(() => {
      this.reload().catch((error: unknown) =>
        log.warn({ err: { message: (error as Error).message } }, 'site domain map not refreshed'),
      );
    }, REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  organisationFor(host: string): string | undefined {
    return this.byHost.get(host);
  }

  /**
   * Fastify's rewriteUrl: on an organisation's domain every path is that organisation's site
   * (`/x` → `/s/{code}/x`), so the console and API are not reachable there and one
   * organisation's domain can only ever show its own pages. Other hosts pass unchanged.
   */
  rewrite(request: IncomingMessage): string {
    const url = request.url ?? '/';
    if (this.byHost.size === 0 && !this.hostCheck.strict) return url;
    let header = request.headers.host;
    const forwarded = request.headers['x-forwarded-host'];
    if (forwarded && this.trusted(request.socket?.remoteAddress)) {
      // The proxy nearest to us appends last, as Fastify reads it.
      const value = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
      header = value.split(',').pop()?.trim() ?? header;
    }
    const host = requestHostName(header);
    const code = host === undefined ? undefined : this.byHost.get(host);
    if (code === undefined || host === undefined) {
      return host !== undefined && this.isUnknown(host) ? `${UNKNOWN_HOST_PATH}${url}` : url;
    }
    request.mitteMappedDomain = host;
    return `/s/${code}${url.startsWith('/') ? url : `/${url}`}`;
  }

  private isUnknown(host: string): boolean {
    if (!this.hostCheck.strict || this.serviceHosts.has(host)) return false;
    return host !== 'localhost' && !isIPv4(host);
  }
}
