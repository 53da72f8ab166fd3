import { html, type Raw } from './html.js';
import { absolute, pageHref, type SitePage } from './site-layout.js';

const SECTIONS = ['/', '/spots/', '/events/', '/courses/', '/articles/', '/privacy'];
const PLURAL: Record<string, string> = {
  spot: 'spots',
  event: 'events',
  course: 'courses',
  article: 'articles',
};
// The sitemap protocol's limit for one file.
const MAX_URLS = 50_000;

/**
 * sitemap.xml: every section page and every live item in every enabled language, each URL
 * listing all its language alternates and x-default (Google's hreflang-in-sitemap form).
 */
export function sitemapXml(
  page: SitePage,
  items: { id: string; kind: string; published_at: Date | null; updated_at: Date }[],
): string {
  const { languages, defaultLanguage } = page.settings;
  const entry = (path: string, lastmod: Date | null): Raw[] =>
    languages.map(
      (lang) => html`<url><loc>${absolute(page, pageHref(page, lang, path))}</loc>${
        lastmod ? html`<lastmod>${lastmod.toISOString()}</lastmod>` : ''
      }${languages.map(
        (alt) =>
          html`<xhtml:link rel="alternate" hreflang="${alt}" href="${absolute(page, pageHref(page, alt, path))}"/>`,
      )}<xhtml:link rel="alternate" hreflang="x-default" href="${absolute(page, pageHref(page, defaultLanguage, path))}"/></url>
`,
    );
  const urls = [
    ...SECTIONS.flatMap((path) => entry(path, null)),
    ...items.flatMap((item) =>
      entry(`/${PLURAL[item.kind]}/${item.id}`, item.published_at ?? item.updated_at),
    ),
  ].slice(0, MAX_URLS);
  return html`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls}</urlset>
`.html;
}
