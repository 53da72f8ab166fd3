/**
 * The page shell of the public site (head with canonical, hreflang, OGP and JSON-LD; header with
 * the language switcher and navigation; footer) and the small rendering helpers pages share.
 * All markup goes through the escaping `html` template.
 */

import { SOCIAL_NAMES } from '../contract/social.js';
import type { PublicImage, PublicText } from '../modules/content/index.js';
import { organisationName } from '../modules/content/index.js';
import type { SiteSettings as StoredSiteSettings } from '../modules/site-settings/index.js';
import type { OrganisationRef } from '../platform/access/context.js';
import { html, type Raw, raw } from './html.js';
import { assetUrl } from './site-assets.js';
import { LANGUAGE_NAMES, OG_LOCALES, type SiteLanguage, type UiKey, ui } from './site-i18n.js';
import type { SiteLinks } from './site-url.js';

/** A public text as pages receive it: absent, empty, or in a language. */
export type Text = PublicText | null | undefined;
export type SiteImage = PublicImage;
/** What pages use of the site settings. */
export type SiteSettings = Omit<StoredSiteSettings, 'updatedAt'>;

export const DEFAULT_PRIMARY = '#0b5394';
export const DEFAULT_ACCENT = '#b45309';

export interface SitePage {
  org: OrganisationRef;
  lang: SiteLanguage;
  settings: SiteSettings;
  links: SiteLinks;
  /** The page's path after the language, starting with '/' ('/' for home, '/spots/…'). */
  path: string;
  /** Query string kept in canonical and alternate URLs (filters that change the content). */
  query?: string;
  mapTileUrl: string;
  /**
   * The provider's planned maintenance the organisation shows (site settings): in progress or
   * starting within 7 days, read when the page is built.
   */
  maintenance?: { start: string; end: string }[];
  /** A signed preview of a draft: marked as such, not indexed, its images served through the link. */
  preview?: { mediaPrefix: string };
}

/** A site URL in a language: `{prefix}/{lang}{path}`. */
export const pageHref = (page: Pick<SitePage, 'links'>, lang: SiteLanguage, path: string) =>
  `${page.links.prefix}/${lang}${path}`;
export const href = (page: SitePage, path: string) => pageHref(page, page.lang, path);
export const absolute = (page: Pick<SitePage, 'links'>, relative: string) =>
  `${page.links.origin}${relative}`;

export const imageSrc = (page: SitePage, id: string, variant: 'w320' | 'w800' | 'w1600') =>
  `${page.preview?.mediaPrefix ?? `${page.links.prefix}/media`}/${id}/${variant}.webp`;

/** Text shown in the page language, or Japanese marked `lang="ja"` where it was missing. */
export function tx(page: SitePage, text: Text): Raw | string {
  if (!text) return '';
  return text.lang === page.lang ? text.text : html`<span lang="${text.lang}">${text.text}</span>`;
}

/** ` lang="ja"` for an element whose text fell back to Japanese. */
export const langOf = (page: SitePage, text: Text) =>
  text && text.lang !== page.lang ? raw(` lang="${text.lang}"`) : '';

/** Does the text show in Japanese on a page in another language? */
export const fellBack = (page: Pick<SitePage, 'lang'>, text: Text) => !!text && text.lang !== page.lang;

/** The visible note above a text shown in Japanese because it has no translation yet. */
export const fallbackNotice = (page: SitePage, text: Text): Raw | string =>
  fellBack(page, text) ? html`<p class="fallback-note">${t(page, 'fallbackNotice')}</p>` : '';

/** A multi-line text as paragraphs, each carrying the text's language when it fell back. */
export function paragraphs(page: SitePage, text: Text, className = ''): Raw | string {
  if (!text?.text.trim()) return '';
  const cls = className ? raw(` class="${className}"`) : '';
  return html`${fallbackNotice(page, text)}${text.text
    .split(/\n+/)
    .filter((p) => p.trim())
    .map((p) => html`<p${cls}${langOf(page, text)}>${p}</p>`)}`;
}

export const t = (page: SitePage, key: UiKey, vars?: Record<string, string | number>) =>
  ui(page.lang, key, vars);

/** The organisation's name for this language: Japanese, or English (marked) where kanji would not help. */
export const orgName = (page: Pick<SitePage, 'org' | 'lang'>) => organisationName(page.org, page.lang);

/**
 * A photo with its derivatives. Photos load lazily, except the page's first one (`priority`):
 * the likely Largest Contentful Paint, fetched at once and ahead of other images.
 */
export function responsiveImage(
  page: SitePage,
  image: SiteImage,
  sizes: string,
  className = '',
  priority = false,
): Raw {
  const alt = image.alt;
  const loading = priority ? raw(' loading="eager" fetchpriority="high"') : raw(' loading="lazy"');
  return html`<img src="${imageSrc(page, image.id, 'w800')}" srcset="${imageSrc(page, image.id, 'w320')} 320w, ${imageSrc(page, image.id, 'w800')} 800w, ${imageSrc(page, image.id, 'w1600')} 1600w" sizes="${sizes}" alt="${alt}"${image.altLang !== page.lang && alt ? raw(' lang="ja"') : ''}${className ? raw(` class="${className}"`) : ''}${loading} decoding="async">`;
}

const NAV: { key: UiKey; path: string }[] = [
  { key: 'home', path: '/' },
  { key: 'spots', path: '/spots/' },
  { key: 'events', path: '/events/' },
  { key: 'courses', path: '/courses/' },
  { key: 'articles', path: '/articles/' },
  { key: 'search', path: '/search' },
];

export interface ShellOptions {
  title: string;
  description?: string;
  body: Raw;
  /** Section of the navigation this page belongs to. */
  section?: string;
  jsonLd?: Record<string, unknown>[];
  image?: SiteImage | null;
  ogType?: 'website' | 'article';
  map?: boolean;
  /** Load site.js without a map (the home page's slideshow). */
  script?: boolean;
  noindex?: boolean;
  /** An installable part of the site (the stamp rally): its web app manifest and service worker. */
  app?: { manifest: string; serviceWorker: string; themeColor: string };
}

/** JSON inside <script>: `<` escaped so no text can close the element. */
function jsonForScript(value: unknown): Raw {
  return raw(
    JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'),
  );
}

// Colours are validated as #rrggbb before they are stored; the pattern check keeps it so here too.
const colour = (value: string | null, fallback: string) =>
  value && /^#[0-9a-f]{6}$/i.test(value) ? value : fallback;

/** The site's primary colour (the theme colour of the installable stamp rally as well). */
export const primaryColour = (settings: SiteSettings) => colour(settings.primaryColor, DEFAULT_PRIMARY);

function themeStyle(settings: SiteSettings): Raw {
  return raw(
    `<style>:root{--primary:${primaryColour(settings)};--accent:${colour(settings.accentColor, DEFAULT_ACCENT)}}</style>`,
  );
}

export function renderShell(page: SitePage, options: ShellOptions): string {
  const { lang, settings } = page;
  const name = orgName(page);
  const query = page.query ? `?${page.query}` : '';
  const canonical = absolute(page, `${href(page, page.path)}${query}`);
  const alternates = settings.languages.map(
    (l) =>
      html`<link rel="alternate" hreflang="${l}" href="${absolute(page, pageHref(page, l, page.path))}${query}">`,
  );
  const xDefault = absolute(page, pageHref(page, settings.defaultLanguage, page.path)) + query;
  const siteTitle = `${name.text} ${t(page, 'siteSuffix')}`;
  const fullTitle = options.title === siteTitle ? siteTitle : `${options.title} | ${siteTitle}`;
  const ogImage = options.image ? absolute(page, imageSrc(page, options.image.id, 'w1600')) : null;
  const description = options.description?.slice(0, 200);
  const logo = settings.logoMediaId;
  const doc = html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${fullTitle}</title>
${description ? html`<meta name="description" content="${description}">` : ''}
${options.noindex || page.preview ? html`<meta name="robots" content="noindex">` : ''}
<link rel="canonical" href="${canonical}">
${alternates}
<link rel="alternate" hreflang="x-default" href="${xDefault}">
<meta property="og:type" content="${options.ogType ?? 'website'}">
<meta property="og:site_name" content="${siteTitle}">
<meta property="og:title" content="${options.title}">
${description ? html`<meta property="og:description" content="${description}">` : ''}
<meta property="og:url" content="${canonical}">
<meta property="og:locale" content="${OG_LOCALES[lang]}">
${settings.languages
  .filter((l) => l !== lang)
  .map((l) => html`<meta property="og:locale:alternate" content="${OG_LOCALES[l]}">`)}
${ogImage ? html`<meta property="og:image" content="${ogImage}">` : ''}
${ogImage && options.image?.alt ? html`<meta property="og:image:alt" content="${options.image.alt}">` : ''}
<meta name="twitter:card" content="${ogImage ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${options.title}">
${description ? html`<meta name="twitter:description" content="${description}">` : ''}
${ogImage ? html`<meta name="twitter:image" content="${ogImage}">` : ''}
<link rel="stylesheet" href="${assetUrl('site.css')}">
${options.app ? html`<link rel="manifest" href="${options.app.manifest}" data-service-worker="${options.app.serviceWorker}"><meta name="theme-color" content="${options.app.themeColor}">` : ''}
${themeStyle(settings)}
${(options.jsonLd ?? []).map((data) => html`<script type="application/ld+json">${jsonForScript(data)}</script>`)}
${options.map || options.script ? html`<script src="${assetUrl('site.js')}" defer></script>` : ''}
</head>
<body>
<a class="skip-link" href="#main">${t(page, 'skipToMain')}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="${href(page, '/')}">${
    logo
      ? html`<img class="brand-logo" src="${imageSrc(page, logo, 'w320')}" alt="${t(page, 'logoAlt', { org: name.text })}">`
      : ''
  }<span class="brand-text"><span class="brand-name"${name.lang !== lang ? raw(` lang="${name.lang}"`) : ''}>${name.text}</span> <span class="brand-suffix">${t(page, 'siteSuffix')}</span></span></a>
${
  settings.languages.length > 1
    ? html`<nav class="lang-switch" aria-label="${t(page, 'language')}"><details><summary><span class="visually-hidden">${t(page, 'language')}: </span>${LANGUAGE_NAMES[lang]}</summary><ul>${settings.languages.map(
        (l) =>
          l === lang
            ? html`<li><a href="${pageHref(page, l, page.path)}${query}" lang="${l}" hreflang="${l}" aria-current="true">${LANGUAGE_NAMES[l]}</a></li>`
            : html`<li><a href="${pageHref(page, l, page.path)}${query}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a></li>`,
      )}</ul></details></nav>`
    : ''
}
</div>
<nav class="main-nav" aria-label="${t(page, 'mainMenu')}"><ul class="wrap">${NAV.map((item) => {
    const current = options.section === item.path;
    return html`<li><a href="${href(page, item.path)}"${current ? raw(' aria-current="page"') : ''}>${t(page, item.key)}</a></li>`;
  })}</ul></nav>
</header>
<main id="main" tabindex="-1">
${maintenanceNote(page)}
${page.preview ? html`<p class="preview-notice" role="note"><strong>${t(page, 'previewNotice')}</strong></p>` : ''}
${options.body}
</main>
${siteFooter(page)}
</body>
</html>
`;
  return doc.html;
}

/** "12月10日 02:00–04:00": a window in Japan time, the end's date only when it differs. */
export function jstWindow(lang: SiteLanguage, start: Date, end: Date): string {
  const zone = { timeZone: 'Asia/Tokyo' } as const;
  const day = new Intl.DateTimeFormat(lang, { ...zone, month: 'long', day: 'numeric' });
  const time = new Intl.DateTimeFormat('en-GB', {
    ...zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const sameDay = day.format(start) === day.format(end);
  return `${day.format(start)} ${time.format(start)}–${sameDay ? '' : `${day.format(end)} `}${time.format(end)}`;
}

/**
 * The provider's planned maintenance, when the organisation shows it: one line per window that
 * has not ended (the routes read those starting within 7 days; the page cache's TTL bounds how
 * long a note outlives its window).
 */
function maintenanceNote(page: SitePage, now = new Date()): Raw | string {
  if (!page.settings.showPlannedMaintenance) return '';
  const windows = (page.maintenance ?? [])
    .map((w) => ({ start: new Date(w.start), end: new Date(w.end) }))
    .filter((w) => w.end > now);
  if (windows.length === 0) return '';
  return html`<div class="maintenance-note" role="status">${windows.map(
    (w) =>
      html`<p class="maintenance-line">${t(page, 'maintenanceNote', { window: jstWindow(page.lang, w.start, w.end) })}</p>`,
  )}</div>`;
}

/** A text of the site settings in the page language, else Japanese (marked). */
function settingText(page: SitePage, texts: Partial<Record<SiteLanguage, string>> | undefined): Text {
  const own = texts?.[page.lang]?.trim();
  if (own) return { text: own, lang: page.lang };
  const ja = texts?.ja?.trim();
  return ja ? { text: ja, lang: 'ja' } : null;
}

/** The footer: who runs the site and how to reach them, their links and social accounts. */
function siteFooter(page: SitePage): Raw {
  const { settings, lang } = page;
  const name = orgName(page);
  const contact = settings.contact ?? {};
  const address = settingText(page, contact.address);
  const hours = settingText(page, contact.hours);
  const social = settings.socialAccounts ?? [];
  return html`<footer class="site-footer">
<div class="wrap footer-grid">
<div class="footer-about">
<p class="footer-name"${name.lang !== lang ? raw(` lang="${name.lang}"`) : ''}>${name.text}</p>
${
  address || contact.phone || contact.email || hours
    ? html`<address>
${address ? html`<p${langOf(page, address)}>${address.text}</p>` : ''}
${contact.phone ? html`<p>${t(page, 'phone')}: <a href="tel:${contact.phone.replace(/[^0-9+]/g, '')}">${contact.phone}</a></p>` : ''}
${contact.email ? html`<p>${t(page, 'email')}: <a href="mailto:${contact.email}">${contact.email}</a></p>` : ''}
${hours ? html`<p${langOf(page, hours)}>${hours.text}</p>` : ''}
</address>`
    : ''
}
</div>
${
  settings.footerLinks.length
    ? html`<nav aria-label="${t(page, 'footerLinks')}"><ul class="footer-links">${settings.footerLinks.map(
        (link) => {
          const own = link.label[lang]?.trim();
          return html`<li><a href="${link.url}" rel="noopener"${own ? '' : raw(' lang="ja"')}>${own || link.label.ja}</a></li>`;
        },
      )}</ul></nav>`
    : ''
}
${
  social.length
    ? html`<nav aria-label="${t(page, 'socialAccounts')}"><ul class="footer-social">${social.map(
        (account) =>
          html`<li><a class="social social-${account.service}" href="${account.url}" rel="noopener me">${SOCIAL_NAMES[account.service]}</a></li>`,
      )}</ul></nav>`
    : ''
}
</div>
<div class="wrap footer-bottom">
<p><a href="${href(page, '/privacy')}">${t(page, 'privacy')}</a></p>
<p class="footer-org"><span${name.lang !== lang ? raw(` lang="${name.lang}"`) : ''}>${name.text}</span> ${t(page, 'poweredBy')}</p>
</div>
</footer>`;
}

/** A link to open a point in a map service, for visitors without the embedded map. */
export const mapLink = (lat: number, lng: number) =>
  `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;

export interface MapPlace {
  lat: number;
  lng: number;
  name: string;
  url?: string;
}

/**
 * The map: a container that site.js turns into a Leaflet map (hidden until then), with the
 * places as data. Pages always list the same places with addresses and map links as well.
 */
export function mapBlock(page: SitePage, label: string, places: MapPlace[], route = false): Raw | string {
  if (places.length === 0 || !page.mapTileUrl) return '';
  const data = {
    tiles: page.mapTileUrl,
    attribution: `${t(page, 'mapAttribution')} © OpenStreetMap contributors`,
    zoomIn: t(page, 'zoomIn'),
    zoomOut: t(page, 'zoomOut'),
    // Fetched by site.js when the map nears the screen, not with the page.
    leaflet: { js: assetUrl('leaflet/leaflet.js'), css: assetUrl('leaflet/leaflet.css') },
    route,
    places,
  };
  return html`<div class="map" role="region" aria-label="${label}" data-map="${JSON.stringify(data)}" hidden></div>`;
}
