import { isUuidAnyCase } from '../../platform/ids.js';

/**
 * What one public page view is, reduced to the coarse facts that are counted: the page as its
 * route pattern (never the concrete URL or query string), the content item for detail pages,
 * the language, the referring host and a device class. Pure functions, no request objects.
 */

export const SITE_LANGUAGES = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'th'] as const;

export type ContentKind = 'spot' | 'event' | 'course' | 'article';
export type DeviceClass = 'mobile' | 'tablet' | 'desktop';

export interface PageRef {
  /** Route pattern below the language, e.g. 'home', 'spots', 'spots/:id', 'search'. */
  page: string;
  contentKind: ContentKind | '';
  contentId: string;
  lang: string;
}

const SITE_PREFIX = '/s/:serviceCode';
const KIND_BY_SEGMENT: Record<string, ContentKind> = {
  spots: 'spot',
  events: 'event',
  courses: 'course',
  articles: 'article',
};
/** The placeholder home page of the site before it has language paths. */
const PLACEHOLDER_HOME = '/s/:serviceCode/';

/**
 * The page a route pattern and its parameters stand for, or null when the route is not a page
 * of the public site. Patterns, not URLs, are kept: their number is bounded and they carry no
 * visitor input (search terms, tracking parameters).
 */
export function pageFromRoute(
  routeUrl: string | undefined,
  params: Record<string, unknown> | undefined,
): PageRef | null {
  if (!routeUrl) return null;
  if (routeUrl === PLACEHOLDER_HOME) return { page: 'home', contentKind: '', contentId: '', lang: 'ja' };
  const langPrefix = `${SITE_PREFIX}/:lang`;
  if (routeUrl !== langPrefix && !routeUrl.startsWith(`${langPrefix}/`)) return null;
  const lang = params?.lang;
  if (typeof lang !== 'string' || !(SITE_LANGUAGES as readonly string[]).includes(lang)) return null;
  const rest = routeUrl.slice(langPrefix.length).replace(/^\/+|\/+$/g, '');
  const page = rest === '' ? 'home' : rest;
  if (page.length > 100) return null;
  const segments = page.split('/');
  const kind = segments.length === 2 && segments[1] === ':id' ? KIND_BY_SEGMENT[segments[0]!] : undefined;
  if (!kind) return { page, contentKind: '', contentId: '', lang };
  const id = params?.id;
  if (!isUuidAnyCase(id)) return null;
  return { page, contentKind: kind, contentId: id.toLowerCase(), lang };
}

/**
 * The referring site's host name, or '' for none: no or unreadable Referer, a non-web scheme,
 * or the site itself (one of `ownHosts`). Paths and query strings are never kept.
 */
export function referrerDomain(referer: string | undefined, ownHosts: readonly string[]): string {
  if (!referer) return '';
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!host || host.length > 253) return '';
  if (ownHosts.some((own) => own.toLowerCase() === host)) return '';
  return host;
}

/**
 * A coarse device class from the User-Agent. iPads since iPadOS 13 announce themselves as a Mac
 * and count as desktop; nothing finer (model, browser, version) is kept.
 */
export function deviceClass(userAgent: string): DeviceClass {
  if (/iPad|Tablet|PlayBook|Silk|Kindle|Nexus (7|9|10)\b/i.test(userAgent)) return 'tablet';
  if (/Android/i.test(userAgent) && !/Mobile/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Windows Phone|BlackBerry|Opera Mini/i.test(userAgent)) return 'mobile';
  return 'desktop';
}

/** The visitor asked not to be tracked: Do Not Track or Global Privacy Control. */
export function optedOut(headers: Record<string, string | string[] | undefined>): boolean {
  return headers.dnt === '1' || headers['sec-gpc'] === '1';
}
