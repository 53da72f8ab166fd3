import { type ContentKind, KIND_PATH } from '../modules/content/index.js';
import { html, type Raw } from './html.js';
import type { SiteLanguage } from './site-i18n.js';
import { absolute, pageHref, type SiteSettings } from './site-layout.js';
import type { SiteLinks } from './site-url.js';

const SECTIONS = ['/', '/spots/', '/events/', '/courses/', '/articles/', '/privacy'];
/**
 * URLs per sitemap file. The protocol allows 50,000 URLs or 50 MB; each of our URLs carries every
 * language alternate (~1 KB), so files are kept far below the size limit.
 */
export const URLS_PER_FILE = 5_000;

export interface SitemapItem {
  id: string;
  kind: ContentKind;
  published_at: Date | null;
  updated_at: Date;
}

/** What the sitemap needs of a page: the languages and where links point. */
export interface SitemapPage {
  settings: Pick<SiteSettings, 'languages' | 'defaultLanguage'>;
  links: SiteLinks;
}

interface SitemapUrl {
  path: string;
  lang: SiteLanguage;
  lastmod: Date | null;
}

/** Every section page and every live item, once per enabled language. */
function sitemapUrls(page: SitemapPage, items: readonly SitemapItem[]): SitemapUrl[] {
  const paths: { path: string; lastmod: Date | null }[] = [
    ...SECTIONS.map((path) => ({ path, lastmod: null })),
    ...items.map((item) => ({
      path: `/${KIND_PATH[item.kind]}/${item.id}`,
      lastmod: item.published_at ?? item.updated_at,
    })),
  ];
  return paths.flatMap(({ path, lastmod }) =>
    page.settings.languages.map((lang) => ({ path, lang, lastmod })),
  );
}

/** How many sitemap files the organisation's URLs need (an index is served when more than one). */
export function sitemapFileCount(page: SitemapPage, items: readonly SitemapItem[], perFile = URLS_PER_FILE) {
  return Math.max(1, Math.ceil(sitemapUrls(page, items).length / perFile));
}

/**
 * One sitemap file (1-based): its URLs, each listing all its language alternates and x-default
 * (Google's hreflang-in-sitemap form). Undefined past the last file.
 */
export function sitemapXml(
  page: SitemapPage,
  items: readonly SitemapItem[],
  file = 1,
  perFile = URLS_PER_FILE,
): string | undefined {
  const all = sitemapUrls(page, items);
  if (file < 1 || (file - 1) * perFile >= Math.max(all.length, 1)) return undefined;
  const { languages, defaultLanguage } = page.settings;
  const entry = ({ path, lang, lastmod }: SitemapUrl): Raw =>
    html`<url><loc>${absolute(page, pageHref(page, lang, path))}</loc>${
      lastmod ? html`<lastmod>${lastmod.toISOString()}</lastmod>` : ''
    }${languages.map(
      (alt) =>
        html`<xhtml:link rel="alternate" hreflang="${alt}" href="${absolute(page, pageHref(page, alt, path))}"/>`,
    )}<xhtml:link rel="alternate" hreflang="x-default" href="${absolute(page, pageHref(page, defaultLanguage, path))}"/></url>
`;
  const urls = all.slice((file - 1) * perFile, file * perFile).map(entry);
  return html`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls}</urlset>
`.html;
}

/** The sitemap index naming every file, for organisations with more URLs than one file holds. */
export function sitemapIndexXml(page: SitemapPage, files: number): string {
  const base = absolute(page, page.links.prefix);
  const entries = Array.from(
    { length: files },
    (_, i) => html`<sitemap><loc>${base}/sitemaps/${i + 1}.xml</loc></sitemap>
`,
  );
  return html`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries}</sitemapindex>
`.html;
}
