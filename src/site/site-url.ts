import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { OrganisationRef } from '../platform/access/context.js';

export interface SiteLinks {
  /** Prepended to every site path: '' on the organisation's own domain, else `/s/{code}`. */
  prefix: string;
  /** Scheme and host for absolute URLs (canonical, hreflang, sitemap, OGP). */
  origin: string;
}

/**
 * Where this request's site lives. On an organisation's own domain the cache layer maps
 * `https://domain/en/…` onto `/s/{code}/en/…` and marks the raw request with the host, so links
 * must then leave out the `/s/{code}` prefix. Every internal link, canonical URL, hreflang
 * alternate, sitemap and robots URL is built from this one answer.
 */
export function siteLinks(
  request: FastifyRequest,
  org: Pick<OrganisationRef, 'serviceCode'>,
  config: Pick<Config, 'baseUrl'>,
): SiteLinks {
  const mapped = request.raw.mitteMappedDomain;
  if (mapped) return { prefix: '', origin: `https://${mapped}` };
  return pathSiteLinks(org, config);
}

/** The site's links under the service's own host, `/s/{code}` (every request not on an own domain). */
export function pathSiteLinks(
  org: Pick<OrganisationRef, 'serviceCode'>,
  config: Pick<Config, 'baseUrl'>,
): SiteLinks {
  return { prefix: `/s/${org.serviceCode}`, origin: config.baseUrl };
}
