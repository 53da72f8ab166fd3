/**
 * The bodies of the public pages: pure functions from the page (org, language, links) and a read
 * model of the content module to the whole document, through renderShell.
 */

import type {
  ArticleDetail,
  CourseDetail,
  EventCalendarModel,
  EventDetail,
  EventOccurrence,
  HomeModel,
  ListModel,
  PublicArticle,
  PublicCourse,
  PublicEvent,
  PublicItem,
  PublicSpot,
  SpotCardItem,
  SpotCategory,
  SpotListModel,
  SpotPageModel,
} from '../modules/content/index.js';
import { CARD_SUMMARY_LENGTH, KIND_PATH } from '../modules/content/index.js';
import { jstDate } from '../platform/time/jst.js';
import { html, type Raw, raw } from './html.js';
import { recurrenceText } from './recurrence-text.js';
import { assetUrl } from './site-assets.js';
import {
  barrierFreeName,
  categoryName,
  type DayKey,
  dayName,
  type SiteLanguage,
  travelName,
  ui,
} from './site-i18n.js';
import {
  fallbackNotice,
  fellBack,
  href,
  langOf,
  type MapPlace,
  mapBlock,
  mapLink,
  orgName,
  paragraphs,
  renderShell,
  responsiveImage,
  type SiteImage,
  type SitePage,
  type Text,
  t,
  tx,
} from './site-layout.js';

type JsonLd = Record<string, unknown>;
const plain = (v: Text) => v?.text ?? '';

// ---------------------------------------------------------------------------------------------
// Formatting

const dateFormat = (page: SitePage, opts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(page.lang, { timeZone: 'UTC', ...opts });

/** 'YYYY-MM-DD' in the page language, with the weekday. */
export function formatDate(page: SitePage, date: string, weekday = true): string {
  return dateFormat(page, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    ...(weekday ? { weekday: 'short' } : {}),
  }).format(new Date(`${date}T00:00:00Z`));
}

export const formatMonth = (page: SitePage, month: string) =>
  dateFormat(page, { year: 'numeric', month: 'long' }).format(new Date(`${month}-01T00:00:00Z`));

const yen = (page: SitePage, amount: number) =>
  new Intl.NumberFormat(page.lang, { style: 'currency', currency: 'JPY' }).format(amount);

function duration(page: SitePage, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return t(page, 'minutes', { m });
  return m ? t(page, 'hoursMinutes', { h, m }) : t(page, 'hoursOnly', { h });
}

function dateRange(page: SitePage, start: string, end?: string): string {
  return end && end !== start
    ? `${formatDate(page, start)} – ${formatDate(page, end)}`
    : formatDate(page, start);
}

function timeRange(page: SitePage, item: PublicEvent): string {
  if (item.allDay || !item.startTime) return t(page, 'allDay');
  return item.endTime ? `${item.startTime} – ${item.endTime}` : item.startTime;
}

// ---------------------------------------------------------------------------------------------
// Pieces

/** What a card shows; `cards()` renders a list of them. */
interface CardSpec {
  kind: 'spot' | 'event' | 'course' | 'article';
  url: string;
  title: Text;
  meta?: Raw | string;
  summary?: Text;
  image?: SiteImage | undefined;
  headingLevel?: 2 | 3;
}

/**
 * A photo-first card: the photo (or, without one, a drawn placeholder of the same shape, so a
 * grid stays even) above the title. `priority` marks the page's first photo, its likely LCP.
 */
function card(page: SitePage, options: CardSpec, priority = false): Raw {
  const h = options.headingLevel ?? 3;
  const summary = options.summary?.text
    ? options.summary.text.slice(0, CARD_SUMMARY_LENGTH) +
      (options.summary.text.length > CARD_SUMMARY_LENGTH ? '…' : '')
    : '';
  return html`<li class="card">
${
  options.image
    ? html`<div class="card-image">${responsiveImage(page, options.image, '(min-width: 60rem) 20rem, 100vw', '', priority)}</div>`
    : html`<div class="card-image card-placeholder card-placeholder-${options.kind}" aria-hidden="true"></div>`
}
<div class="card-body">
${raw(`<h${h} class="card-title">`)}<a href="${options.url}">${tx(page, options.title)}</a>${raw(`</h${h}>`)}
${options.meta ? html`<p class="card-meta">${options.meta}</p>` : ''}
${fellBack(page, options.title) || fellBack(page, options.summary) ? html`<p class="fallback-badge">${t(page, 'fallbackNote')}</p>` : ''}
${summary ? html`<p class="card-summary"${options.summary && options.summary.lang !== page.lang ? raw(' lang="ja"') : ''}>${summary}</p>` : ''}
</div>
</li>`;
}

const firstImage = (images: Map<string, SiteImage>, item: PublicItem | SpotCardItem) => {
  const ids = item.kind === 'article' ? (item.heroImageId ? [item.heroImageId] : []) : (item.imageIds ?? []);
  for (const id of ids) {
    const image = images.get(id);
    if (image) return image;
  }
  return undefined;
};

/** Only from what SpotCardItem has: a page's nearest spots are read as their cards alone. */
function spotCard(
  page: SitePage,
  spot: SpotCardItem,
  images: Map<string, SiteImage>,
  level: 2 | 3 = 3,
  extra?: string,
): CardSpec {
  const category = categoryName(page.lang, spot.category);
  return {
    kind: 'spot',
    url: href(page, `/spots/${spot.id}`),
    title: spot.name,
    meta: html`<span class="tag">${category}</span>${extra ? html` <span>${extra}</span>` : ''}${
      spot.address ? html` <span class="card-address">${tx(page, spot.address)}</span>` : ''
    }`,
    summary: spot.description,
    image: firstImage(images, spot),
    headingLevel: level,
  };
}

function eventCard(
  page: SitePage,
  occurrence: EventOccurrence,
  images: Map<string, SiteImage>,
  level: 2 | 3 = 3,
): CardSpec {
  const event = occurrence.event;
  const venue = event.venue.name;
  const rule = recurrenceText(page.lang, event.recurrence);
  return {
    kind: 'event',
    url: href(page, `/events/${event.id}`),
    title: event.name,
    meta: html`${rule ? html`<span class="badge badge-repeat">${rule}</span> ${t(page, 'nextDate')}: ` : ''}<time datetime="${occurrence.date}">${dateRange(page, occurrence.date, occurrence.endDate)}</time> ${statusBadge(page, event)}${
      venue ? html` <span>${tx(page, venue)}</span>` : ''
    }`,
    summary: event.description,
    image: firstImage(images, event),
    headingLevel: level,
  };
}

function statusBadge(page: SitePage, event: PublicEvent): Raw | string {
  const status = event.eventStatus;
  if (status === 'cancelled')
    return html`<span class="badge badge-alert">${t(page, 'statusCancelled')}</span>`;
  if (status === 'postponed')
    return html`<span class="badge badge-alert">${t(page, 'statusPostponed')}</span>`;
  if (status === 'rescheduled') return html`<span class="badge">${t(page, 'statusRescheduled')}</span>`;
  return '';
}

function courseCard(
  page: SitePage,
  course: PublicCourse,
  images: Map<string, SiteImage>,
  level: 2 | 3 = 3,
): CardSpec {
  return {
    kind: 'course',
    url: href(page, `/courses/${course.id}`),
    title: course.name,
    meta: html`${t(page, 'stops')}: ${course.stops.length}`,
    summary: course.description,
    image: firstImage(images, course),
    headingLevel: level,
  };
}

function articleCard(
  page: SitePage,
  article: PublicArticle,
  images: Map<string, SiteImage>,
  level: 2 | 3 = 3,
): CardSpec {
  return {
    kind: 'article',
    url: href(page, `/articles/${article.id}`),
    title: article.title,
    meta: html`<time datetime="${article.publishedAt.slice(0, 10)}">${formatDate(page, jstDate(article.publishedAt), false)}</time>`,
    summary: article.summary,
    image: firstImage(images, article),
    headingLevel: level,
  };
}

/**
 * A grid of cards. On the list that leads the page (`lead`), the first card with a photo gets
 * it eagerly and with high priority; every other photo loads lazily.
 */
function cards(
  page: SitePage,
  specs: CardSpec[],
  options: { lead?: boolean; wide?: boolean } = {},
): Raw | string {
  if (specs.length === 0) return '';
  const first = options.lead ? specs.findIndex((s) => s.image) : -1;
  return html`<ul class="cards${options.wide ? ' cards-wide' : ''}">${specs.map((s, i) => card(page, s, i === first))}</ul>`;
}

function section(page: SitePage, title: string, id: string, body: Raw | string, more?: string): Raw {
  return html`<section class="section" aria-labelledby="${id}">
<div class="section-head"><h2 id="${id}">${title}</h2>${more ? html`<a class="more" href="${more}">${t(page, 'seeAll')}<span class="visually-hidden">: ${title}</span></a>` : ''}</div>
${body || html`<p>${t(page, 'none')}</p>`}
</section>`;
}

/** The stamp rallies running now, as links above the home page's sections. */
function rallyLinks(page: SitePage, rallies: { slug: string; name: Record<string, string> }[]): Raw | string {
  if (rallies.length === 0) return '';
  return html`<section class="rally-banner" aria-labelledby="rally-banner-title"><h2 id="rally-banner-title">${t(page, 'stampRally')}</h2><ul>${rallies.map(
    (r) => {
      const own = r.name[page.lang];
      return html`<li><a href="${href(page, `/rally/${r.slug}/`)}"${own ? '' : raw(' lang="ja"')}>${own ?? r.name.ja ?? r.slug}</a></li>`;
    },
  )}</ul></section>`;
}

function pageHeading(title: Raw | string, lead?: Raw | string): Raw {
  return html`<div class="page-head"><div class="wrap"><h1>${title}</h1>${lead ? html`<div class="lead">${lead}</div>` : ''}</div></div>`;
}

/** The map section of a page about one place: the map, and the place as text for when it cannot show. */
function placeMapSection(
  page: SitePage,
  name: Text,
  address: Text | undefined,
  point: { lat: number; lng: number },
): Raw {
  return html`<section class="section" aria-labelledby="map-heading"><h2 id="map-heading">${t(page, 'map')}</h2>
${mapBlock(page, t(page, 'mapLabel', { name: plain(name) }), [{ ...point, name: plain(name) }])}
${placeList(page, [{ name, address, ...point }])}</section>`;
}

function placeList(
  page: SitePage,
  places: { name: Text; url?: string; address?: Text; lat?: number; lng?: number }[],
  ordered = false,
): Raw {
  const items = places.map(
    (p) => html`<li>
<strong>${p.url ? html`<a href="${p.url}">${tx(page, p.name)}</a>` : tx(page, p.name)}</strong>
${p.address ? html`<br><span>${tx(page, p.address)}</span>` : ''}
${p.lat !== undefined && p.lng !== undefined ? html`<br><a href="${mapLink(p.lat, p.lng)}" rel="noopener">${t(page, 'openInMap')}<span class="visually-hidden">: ${plain(p.name)}</span></a>` : ''}
</li>`,
  );
  return ordered ? html`<ol class="places">${items}</ol>` : html`<ul class="places">${items}</ul>`;
}

/** The item's position, when it has one. */
const pointOf = (item: { lat?: number | null | undefined; lng?: number | null | undefined }) =>
  typeof item.lat === 'number' && typeof item.lng === 'number' ? { lat: item.lat, lng: item.lng } : null;

// ---------------------------------------------------------------------------------------------
// Pages

/**
 * The home page's main visual: the site's hero photo (several: a slideshow site.js turns, with a
 * pause button, never for visitors who ask for reduced motion), the site name and the tagline.
 */
function heroBlock(page: SitePage, images: SiteImage[]): Raw {
  const name = orgName(page);
  const own = page.settings.tagline[page.lang]?.trim();
  const tagline: Text = own
    ? { text: own, lang: page.lang }
    : page.settings.tagline.ja?.trim()
      ? { text: page.settings.tagline.ja.trim(), lang: 'ja' }
      : { text: t(page, 'homeLead', { org: name.text }), lang: page.lang };
  const heading = html`<h1><span${name.lang !== page.lang ? raw(` lang="${name.lang}"`) : ''}>${name.text}</span> ${t(page, 'siteSuffix')}</h1>
<p class="hero-lead"${langOf(page, tagline)}>${tagline.text}</p>`;
  if (images.length === 0) {
    return html`<div class="hero"><div class="wrap">${heading}${searchForm(page, '', 'home-search')}</div></div>`;
  }
  const slides = images.map(
    (image, i) =>
      html`<li class="hero-slide"${i === 0 ? raw(' data-current') : ''}>${responsiveImage(page, image, '100vw', '', i === 0)}</li>`,
  );
  return html`<div class="hero hero-visual">
<div class="hero-media"><ul class="hero-slides"${images.length > 1 ? html` data-slideshow="${JSON.stringify({ pause: t(page, 'pauseSlideshow'), play: t(page, 'playSlideshow') })}"` : ''}>${slides}</ul>
<div class="hero-caption"><div class="wrap">${heading}</div></div></div>
<div class="hero-search"><div class="wrap">${searchForm(page, '', 'home-search')}</div></div>
</div>`;
}

export function homePage(
  page: SitePage,
  data: HomeModel & { hero: SiteImage[]; rallies?: { slug: string; name: Record<string, string> }[] },
): string {
  const heroImage = data.hero[0] ?? null;
  const name = orgName(page);
  const title = `${name.text} ${t(page, 'siteSuffix')}`;
  const body = html`${heroBlock(page, data.hero)}
<div class="wrap">
${rallyLinks(page, data.rallies ?? [])}
${section(
  page,
  t(page, 'featuredSpots'),
  'featured-spots',
  cards(
    page,
    data.spots.map((s) => spotCard(page, s, data.images)),
    { lead: !heroImage },
  ),
  href(page, '/spots/'),
)}
${section(
  page,
  t(page, 'upcomingEvents'),
  'upcoming-events',
  cards(
    page,
    data.events.map((e) => eventCard(page, e, data.images)),
  ),
  href(page, '/events/'),
)}
${section(
  page,
  t(page, 'courses'),
  'model-courses',
  cards(
    page,
    data.courses.map((c) => courseCard(page, c, data.images)),
  ),
  href(page, '/courses/'),
)}
${section(
  page,
  t(page, 'articles'),
  'feature-articles',
  cards(
    page,
    data.articles.map((a) => articleCard(page, a, data.images)),
  ),
  href(page, '/articles/'),
)}
</div>`;
  return renderShell(page, {
    title,
    description: page.settings.tagline[page.lang] || t(page, 'homeLead', { org: name.text }),
    body,
    section: '/',
    image: heroImage,
    script: data.hero.length > 1,
  });
}

function searchForm(page: SitePage, q: string, id: string): Raw {
  return html`<form class="search-form" role="search" action="${href(page, '/search')}" method="get">
<label for="${id}">${t(page, 'searchLabel')}</label>
<div class="search-row"><input id="${id}" type="search" name="q" value="${q}" maxlength="200" autocomplete="off"><button type="submit">${t(page, 'searchButton')}</button></div>
</form>`;
}

/** A category's name: the organisation's own, else the built-in one in the page language. */
const categoryLabel = (page: SitePage, c: SpotCategory) => c.name?.text ?? categoryName(page.lang, c.code);

export function spotListPage(page: SitePage, data: SpotListModel): string {
  const current = data.categories.find((c) => c.code === data.category);
  const title = current ? `${t(page, 'spots')}: ${categoryLabel(page, current)}` : t(page, 'spots');
  const places: MapPlace[] = data.spots.flatMap((s) => {
    const point = pointOf(s);
    return point ? [{ ...point, name: plain(s.name), url: href(page, `/spots/${s.id}`) }] : [];
  });
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams({ ...(data.category ? { category: data.category } : {}), ...extra });
    const s = params.toString();
    return s ? `?${s}` : '';
  };
  const body = html`${pageHeading(title)}
<div class="wrap">
<form class="filter" method="get" action="${href(page, '/spots/')}">
<label for="category">${t(page, 'category')}</label>
<select id="category" name="category">
<option value="">${t(page, 'allCategories')}</option>
${data.categories.map((c) => html`<option value="${c.code}"${c.code === data.category ? raw(' selected') : ''}>${categoryLabel(page, c)}</option>`)}
</select>
<button type="submit">${t(page, 'applyFilter')}</button>
</form>
${places.length ? html`<section class="section" aria-labelledby="map-heading"><h2 id="map-heading">${t(page, 'map')}</h2>${mapBlock(page, t(page, 'map'), places)}</section>` : ''}
<section class="section" aria-labelledby="list-heading">
<h2 id="list-heading">${t(page, 'resultCount', { n: data.total })}</h2>
${
  data.spots.length
    ? cards(
        page,
        data.spots.map((s) => spotCard(page, s, data.images)),
        { lead: true },
      )
    : html`<p>${t(page, 'none')}</p>`
}
${pager(page, '/spots/', data.firstPage ? null : query({}), data.nextCursor ? query({ cursor: data.nextCursor }) : null)}
</section>
</div>`;
  return renderShell(page, { title, body, section: '/spots/', map: places.length > 0 });
}

function pager(page: SitePage, path: string, first: string | null, next: string | null): Raw | string {
  if (first === null && next === null) return '';
  return html`<nav class="pager" aria-label="${t(page, 'pagination')}"><ul>
${first !== null ? html`<li><a href="${href(page, path)}${first}">${t(page, 'firstPage')}</a></li>` : ''}
${next !== null ? html`<li><a href="${href(page, path)}${next}" rel="next">${t(page, 'nextPage')}</a></li>` : ''}
</ul></nav>`;
}

function gallery(page: SitePage, images: SiteImage[]): Raw | string {
  if (images.length === 0) return '';
  const [first, ...rest] = images;
  return html`<div class="gallery">
<figure class="gallery-main">${responsiveImage(page, first!, '(min-width: 60rem) 56rem, 100vw', '', true)}</figure>
${rest.length ? html`<ul class="gallery-thumbs">${rest.map((img) => html`<li>${responsiveImage(page, img, '(min-width: 60rem) 14rem, 50vw')}</li>`)}</ul>` : ''}
</div>`;
}

function detailRow(label: string, value: Raw | string | undefined | null): Raw | string {
  if (!value || (typeof value === 'string' && !value.trim())) return '';
  return html`<div class="detail-row"><dt>${label}</dt><dd>${value}</dd></div>`;
}

function hoursList(page: SitePage, hours: PublicSpot['openingHours']): Raw | string {
  if (!hours?.length) return '';
  return html`<ul class="plain">${hours.map((h) => {
    const days = h.days
      .map((d) => dayName(page.lang, d))
      .join(page.lang === 'en' || page.lang === 'th' ? ', ' : '・');
    const time = h.opens || h.closes ? `${h.opens ?? ''} – ${h.closes ?? ''}` : '';
    return html`<li>${days ? html`${days} ` : ''}${time}${h.note ? html`${days || time ? html`<br>` : ''}<span class="note">${tx(page, h.note)}</span>` : ''}</li>`;
  })}</ul>`;
}

function fees(page: SitePage, value: PublicSpot['fees']): Raw | string {
  if (!value) return '';
  const basic = value.basicYen;
  const detail = value.detail;
  return html`${basic === 0 ? t(page, 'free') : basic ? yen(page, basic) : ''}${detail?.text ? html`${basic !== null && basic !== undefined ? html`<br>` : ''}${tx(page, detail)}` : ''}`;
}

function contact(value: PublicSpot['contact']): Raw | string {
  if (!value) return '';
  const phone = value.phone ?? '';
  return html`${value.name ? html`${value.name}<br>` : ''}${phone ? html`<a href="tel:${phone.replace(/[^0-9+]/g, '')}" lang="ja">${phone}</a>${value.extension ? ` (${value.extension})` : ''}` : ''}`;
}

const website = (page: SitePage, url: string | undefined) =>
  typeof url === 'string' && /^https?:\/\//.test(url)
    ? html`<a href="${url}" rel="noopener">${t(page, 'website')}<span class="visually-hidden"> ${t(page, 'externalLink')}</span></a>`
    : '';

export function spotDetailPage(page: SitePage, data: SpotPageModel, jsonLd: JsonLd): string {
  const { item: spot, images } = data.detail;
  const name = spot.name;
  const address = spot.address;
  const barrierFree = spot.barrierFree ?? [];
  const point = pointOf(spot);
  const body = html`${pageHeading(tx(page, name), html`<span class="tag">${data.detail.categoryName?.text ?? categoryName(page.lang, spot.category)}</span>`)}
<div class="wrap detail">
${gallery(page, images)}
${paragraphs(page, spot.description, 'description')}
<section class="section" aria-labelledby="details-heading">
<h2 id="details-heading">${t(page, 'details')}</h2>
<dl class="details">
${detailRow(t(page, 'address'), address ? html`${tx(page, address)}${spot.addressDetail ? html` ${tx(page, spot.addressDetail)}` : ''}` : '')}
${detailRow(t(page, 'hours'), hoursList(page, spot.openingHours))}
${detailRow(t(page, 'fees'), fees(page, spot.fees))}
${detailRow(t(page, 'access'), tx(page, spot.access))}
${detailRow(t(page, 'parking'), tx(page, spot.parking))}
${detailRow(t(page, 'contact'), contact(spot.contact))}
${detailRow(t(page, 'website'), website(page, spot.url))}
</dl>
</section>
${
  barrierFree.length || spot.barrierFreeNote
    ? html`<section class="section" aria-labelledby="barrier-free-heading"><h2 id="barrier-free-heading">${t(page, 'barrierFree')}</h2>
${barrierFree.length ? html`<ul class="checks">${barrierFree.map((code) => html`<li>${barrierFreeName(page.lang, code)}</li>`)}</ul>` : ''}
${paragraphs(page, spot.barrierFreeNote)}</section>`
    : ''
}
${spot.notes?.text ? html`<section class="section" aria-labelledby="notes-heading"><h2 id="notes-heading">${t(page, 'notes')}</h2>${paragraphs(page, spot.notes)}</section>` : ''}
${point ? placeMapSection(page, name, address, point) : ''}
${
  data.nearby.length
    ? section(
        page,
        t(page, 'nearby'),
        'nearby-heading',
        cards(
          page,
          data.nearby.map((n) =>
            spotCard(
              page,
              n.item,
              data.nearbyImages,
              3,
              t(page, 'distance', { km: n.km < 10 ? n.km.toFixed(1) : Math.round(n.km) }),
            ),
          ),
        ),
      )
    : ''
}
</div>`;
  return renderShell(page, {
    title: plain(name),
    description: plain(spot.description),
    body,
    section: '/spots/',
    jsonLd: [jsonLd],
    image: images[0] ?? null,
    map: point !== null,
  });
}

type EventListData = EventCalendarModel;

/** Year and month of 'YYYY-MM' as numbers. */
const yearMonth = (month: string) => {
  const [y = 1970, m = 1] = month.split('-').map(Number);
  return { y, m };
};

const shiftMonth = (month: string, by: number) => {
  const { y, m } = yearMonth(month);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
};

export function eventListPage(page: SitePage, data: EventListData): string {
  const monthName = data.upcoming ? t(page, 'upcomingEvents') : formatMonth(page, data.month);
  const title = `${t(page, 'events')}: ${monthName}`;
  const link = (month: string, view: string) => `${href(page, '/events/')}?month=${month}&view=${view}`;
  const body = html`${pageHeading(html`${t(page, 'events')} <span class="h1-sub">${monthName}</span>`)}
<div class="wrap">
<div class="toolbar">
<nav aria-label="${t(page, 'viewChoice')}"><ul class="segmented">
<li><a href="${link(data.month, 'list')}"${data.view === 'list' ? raw(' aria-current="page"') : ''}>${t(page, 'listView')}</a></li>
<li><a href="${link(data.month, 'month')}"${data.view === 'month' ? raw(' aria-current="page"') : ''}>${t(page, 'monthView')}</a></li>
</ul></nav>
<nav aria-label="${t(page, 'monthNav')}"><ul class="month-nav">
<li><a href="${link(shiftMonth(data.month, -1), data.view)}" rel="prev">← ${t(page, 'prevMonth')}</a></li>
<li><a href="${link(shiftMonth(data.month, 1), data.view)}" rel="next">${t(page, 'nextMonth')} →</a></li>
</ul></nav>
</div>
${data.view === 'month' ? monthGrid(page, data) : eventList(page, data)}
</div>`;
  return renderShell(page, { title, body, section: '/events/' });
}

function eventList(page: SitePage, data: EventListData): Raw {
  if (data.occurrences.length === 0) return html`<p>${t(page, data.upcoming ? 'none' : 'noEventsMonth')}</p>`;
  const heading = data.upcoming
    ? t(page, 'upcomingEvents')
    : t(page, 'calendarCaption', { month: formatMonth(page, data.month) });
  return html`<h2 class="visually-hidden">${heading}</h2>
${cards(
  page,
  firstOfEach(data.occurrences).map((o) => eventCard(page, o, data.images)),
  { lead: true, wide: true },
)}`;
}

/** A recurring event once, at its first date in the list; its card says the rule. */
const firstOfEach = (occurrences: EventOccurrence[]) => {
  const seen = new Set<string>();
  return occurrences.filter((o) => !seen.has(o.event.id) && seen.add(o.event.id));
};

function monthGrid(page: SitePage, data: EventListData): Raw {
  const { y, m } = yearMonth(data.month);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  // Weeks start on Sunday, as Japanese calendars do.
  const lead = first.getUTCDay();
  const order: readonly DayKey[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const byDay = new Map<string, EventOccurrence[]>();
  for (const o of data.occurrences) {
    for (let d = o.date; d <= o.endDate; d = nextDay(d)) {
      if (!d.startsWith(data.month)) continue;
      byDay.set(d, [...(byDay.get(d) ?? []), o]);
    }
  }
  const cells: (number | null)[] = [
    ...Array(lead).fill(null),
    ...Array.from({ length: days }, (_, i) => i + 1),
  ];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  const longDay = (d: DayKey) =>
    new Intl.DateTimeFormat(page.lang, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2023, 0, 1 + order.indexOf(d))),
    );
  return html`<div class="calendar-scroll" role="region" aria-label="${t(page, 'calendarCaption', { month: formatMonth(page, data.month) })}" tabindex="0">
<table class="calendar">
<caption>${t(page, 'calendarCaption', { month: formatMonth(page, data.month) })}</caption>
<thead><tr>${order.map((d) => html`<th scope="col" class="dow-${d}"><abbr title="${longDay(d)}">${dayName(page.lang, d)}</abbr></th>`)}</tr></thead>
<tbody>${weeks.map(
    (week) =>
      html`<tr>${week.map((day, i) => {
        if (day === null) return html`<td class="empty"></td>`;
        const date = `${data.month}-${String(day).padStart(2, '0')}`;
        const events = byDay.get(date) ?? [];
        return html`<td class="${[`dow-${order[i]}`, date === today ? 'today' : ''].join(' ').trim()}"${date === today ? raw(' aria-current="date"') : ''}>
<span class="day-number"><time datetime="${date}">${day}</time></span>
${events.length ? html`<ul>${events.map((o) => html`<li><a href="${href(page, `/events/${o.event.id}`)}">${tx(page, o.event.name)}</a></li>`)}</ul>` : ''}
</td>`;
      })}</tr>`,
  )}</tbody>
</table>
</div>
${agenda(page, byDay)}
${data.occurrences.length === 0 ? html`<p>${t(page, 'noEventsMonth')}</p>` : ''}`;
}

/** The month as a list of the days that have events: what narrow screens show instead of the grid. */
function agenda(page: SitePage, byDay: Map<string, EventOccurrence[]>): Raw | string {
  const days = [...byDay.keys()].sort();
  if (days.length === 0) return '';
  return html`<ol class="agenda">${days.map(
    (date) => html`<li><time class="agenda-date" datetime="${date}">${formatDate(page, date)}</time>
<ul>${(byDay.get(date) ?? []).map((o) => html`<li><a href="${href(page, `/events/${o.event.id}`)}">${tx(page, o.event.name)}</a></li>`)}</ul></li>`,
  )}</ol>`;
}

const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function eventDetailPage(page: SitePage, detail: EventDetail, jsonLd: JsonLd): string {
  const { item: event, images } = detail;
  const name = event.name;
  const venue = event.venue;
  const venueSpot = event.venueSpot;
  const venueName = venue.name ?? venueSpot?.name ?? null;
  const venueAddress = venue.address;
  const point = pointOf({ lat: venue.lat ?? venueSpot?.lat, lng: venue.lng ?? venueSpot?.lng });
  const application = event.application;
  const body = html`${pageHeading(tx(page, name), html`<span class="tag">${detail.categoryName?.text ?? categoryName(page.lang, event.category)}</span> ${statusBadge(page, event)}`)}
<div class="wrap detail">
${gallery(page, images)}
${event.eventStatus === 'rescheduled' && event.previousStartDate ? html`<p class="notice">${t(page, 'previousDate', { date: formatDate(page, event.previousStartDate) })}</p>` : ''}
${paragraphs(page, event.description, 'description')}
<section class="section" aria-labelledby="details-heading">
<h2 id="details-heading">${t(page, 'details')}</h2>
<dl class="details">
${detailRow(t(page, 'date'), html`<time datetime="${event.startDate}">${dateRange(page, event.startDate, event.endDate)}</time>`)}
${detailRow(t(page, 'time'), timeRange(page, event))}
${detailRow(t(page, 'schedule'), tx(page, event.scheduleNote))}
${detailRow(
  t(page, 'nextDates'),
  detail.nextDates.length
    ? html`<ul class="plain">${detail.nextDates.map((d) => html`<li><time datetime="${d}">${formatDate(page, d)}</time></li>`)}</ul>`
    : '',
)}
${detailRow(
  t(page, 'venue'),
  venueName || venueAddress
    ? html`${venueSpot ? html`<a href="${href(page, `/spots/${venueSpot.id}`)}">${tx(page, venueName)}</a>` : tx(page, venueName)}${venue.addressDetail ? html` ${tx(page, venue.addressDetail)}` : ''}${venueAddress ? html`<br>${tx(page, venueAddress)}` : ''}`
    : '',
)}
${detailRow(t(page, 'fees'), fees(page, event.fees))}
${detailRow(t(page, 'organiser'), tx(page, event.organiser))}
${detailRow(t(page, 'capacity'), typeof event.capacity === 'number' ? t(page, 'people', { n: event.capacity }) : '')}
${detailRow(
  t(page, 'application'),
  application
    ? html`${tx(page, application.method)}${application.deadline ? html`<br>${t(page, 'deadline')}: ${formatDate(page, application.deadline)} ${application.deadlineTime ?? ''}` : ''}`
    : '',
)}
${detailRow(t(page, 'access'), tx(page, event.access))}
${detailRow(t(page, 'parking'), tx(page, event.parking))}
${detailRow(t(page, 'contact'), contact(event.contact))}
${detailRow(t(page, 'website'), website(page, event.url))}
</dl>
</section>
${event.notes?.text ? html`<section class="section" aria-labelledby="notes-heading"><h2 id="notes-heading">${t(page, 'notes')}</h2>${paragraphs(page, event.notes)}</section>` : ''}
${point ? placeMapSection(page, venueName ?? name, venueAddress, point) : ''}
</div>`;
  return renderShell(page, {
    title: plain(name),
    description: plain(event.description),
    body,
    section: '/events/',
    jsonLd: [jsonLd],
    image: images[0] ?? null,
    map: point !== null,
  });
}

function listPage(page: SitePage, kind: 'courses' | 'articles', specs: CardSpec[]): string {
  const title = t(page, kind);
  const body = html`${pageHeading(title)}
<div class="wrap">
${specs.length ? cards(page, specs, { lead: true }) : html`<p>${t(page, 'none')}</p>`}
</div>`;
  return renderShell(page, { title, body, section: `/${kind}/` });
}

export const courseListPage = (page: SitePage, data: ListModel<'course'>) =>
  listPage(
    page,
    'courses',
    data.items.map((item) => courseCard(page, item, data.images, 2)),
  );

export const articleListPage = (page: SitePage, data: ListModel<'article'>) =>
  listPage(
    page,
    'articles',
    data.items.map((item) => articleCard(page, item, data.images, 2)),
  );

export function courseDetailPage(page: SitePage, detail: CourseDetail, jsonLd: JsonLd): string {
  const { item: course, images } = detail;
  const name = course.name;
  const total = course.totalMinutes;
  const places: MapPlace[] = course.stops.flatMap((s) => {
    const point = pointOf(s.spot);
    return point ? [{ ...point, name: plain(s.spot.name), url: href(page, `/spots/${s.spot.id}`) }] : [];
  });
  const body = html`${pageHeading(tx(page, name), total ? html`${t(page, 'totalTime')}: ${duration(page, total)}` : '')}
<div class="wrap detail">
${gallery(page, images)}
${paragraphs(page, course.description, 'description')}
${places.length ? html`<section class="section" aria-labelledby="map-heading"><h2 id="map-heading">${t(page, 'map')}</h2>${mapBlock(page, t(page, 'mapLabel', { name: plain(name) }), places, true)}</section>` : ''}
<section class="section" aria-labelledby="stops-heading">
<h2 id="stops-heading">${t(page, 'stops')}</h2>
<ol class="stops">${course.stops.map((stop, i) => {
    const spot = stop.spot;
    const address = detail.stopPlaces[i]?.address;
    const point = pointOf(spot);
    const last = i === course.stops.length - 1;
    return html`<li class="stop">
<h3 class="stop-name"><a href="${href(page, `/spots/${spot.id}`)}">${tx(page, spot.name)}</a></h3>
${address ? html`<p class="stop-address">${tx(page, address)}</p>` : ''}
${point ? html`<p class="stop-map"><a href="${mapLink(point.lat, point.lng)}" rel="noopener">${t(page, 'openInMap')}<span class="visually-hidden">: ${plain(spot.name)}</span></a></p>` : ''}
${stop.stayMinutes ? html`<p class="stop-stay">${t(page, 'stay', { t: duration(page, stop.stayMinutes) })}</p>` : ''}
${paragraphs(page, stop.note)}
${!last && stop.minutesToNext !== undefined ? html`<p class="leg">${t(page, 'travelTo', { mode: travelName(page.lang, stop.travelMode ?? 'other'), t: duration(page, stop.minutesToNext) })}</p>` : ''}
</li>`;
  })}</ol>
</section>
</div>`;
  return renderShell(page, {
    title: plain(name),
    description: plain(course.description),
    body,
    section: '/courses/',
    jsonLd: [jsonLd],
    image: images[0] ?? null,
    map: places.length > 0,
  });
}

export function articleDetailPage(page: SitePage, detail: ArticleDetail, jsonLd: JsonLd): string {
  const { item: article } = detail;
  const hero = detail.images[0] ?? null;
  const title = article.title;
  const bodyHtml = article.body;
  const related = article.relatedSpots;
  const body = html`${pageHeading(tx(page, title), html`<time datetime="${article.publishedAt.slice(0, 10)}">${formatDate(page, jstDate(article.publishedAt), false)}</time>`)}
<div class="wrap detail">
<article class="article">
${hero ? html`<figure class="gallery-main">${responsiveImage(page, hero, '(min-width: 60rem) 56rem, 100vw', '', true)}</figure>` : ''}
${paragraphs(page, article.summary, 'description')}
${fallbackNotice(page, { lang: bodyHtml.lang, text: '' })}<div class="prose"${bodyHtml.lang !== page.lang ? raw(` lang="${bodyHtml.lang}"`) : ''}>${raw(bodyHtml.html)}</div>
</article>
${related.length ? section(page, t(page, 'relatedSpots'), 'related-heading', html`<ul class="link-list">${related.map((s) => html`<li><a href="${href(page, `/spots/${s.id}`)}">${tx(page, s.name)}</a></li>`)}</ul>`) : ''}
</div>`;
  return renderShell(page, {
    title: plain(title),
    description: plain(article.summary),
    body,
    section: '/articles/',
    jsonLd: [jsonLd],
    image: hero,
    ogType: 'article',
  });
}

const KIND_LABEL = {
  spot: 'kindSpot',
  event: 'kindEvent',
  course: 'kindCourse',
  article: 'kindArticle',
} as const;

export function searchPage(page: SitePage, q: string, items: PublicItem[]): string {
  const title = q ? `${t(page, 'search')}: ${q}` : t(page, 'search');
  const body = html`${pageHeading(t(page, 'search'))}
<div class="wrap">
${searchForm(page, q, 'search-q')}
<p class="hint">${t(page, 'searchHint')}</p>
${
  q
    ? html`<section class="section" aria-labelledby="results-heading">
<h2 id="results-heading" aria-live="polite">${t(page, 'searchResults', { q, n: items.length })}</h2>
${
  items.length
    ? html`<ul class="results">${items.map((item) => {
        const name = item.kind === 'article' ? item.title : item.name;
        const summary = item.kind === 'article' ? item.summary : item.description;
        return html`<li><span class="tag">${t(page, KIND_LABEL[item.kind])}</span> <a href="${href(page, `/${KIND_PATH[item.kind]}/${item.id}`)}">${tx(page, name)}</a>${
          summary?.text
            ? html`<p${summary.lang !== page.lang ? raw(' lang="ja"') : ''}>${summary.text.slice(0, 120)}${summary.text.length > 120 ? '…' : ''}</p>`
            : ''
        }</li>`;
      })}</ul>`
    : html`<p>${t(page, 'searchEmpty')}</p>`
}
</section>`
    : ''
}
</div>`;
  return renderShell(page, { title, body, section: '/search', noindex: true });
}

export function privacyPage(page: SitePage): string {
  const title = t(page, 'privacy');
  const body = html`${pageHeading(title)}
<div class="wrap detail prose">
<p>${t(page, 'privacyLead')}</p>
<h2>${t(page, 'privacyCookiesTitle')}</h2><p>${t(page, 'privacyCookies')}</p>
<h2>${t(page, 'privacyDataTitle')}</h2><p>${t(page, 'privacyData')}</p>
<h2>${t(page, 'privacyVisitorsTitle')}</h2><p>${t(page, 'privacyVisitors')}</p>
<h2>${t(page, 'privacyDntTitle')}</h2><p>${t(page, 'privacyDnt')}</p>
<h2>${t(page, 'privacyMapTitle')}</h2><p>${t(page, 'privacyMap')}</p>
</div>`;
  return renderShell(page, { title, body });
}

export function notFoundPage(page: SitePage): string {
  const body = html`${pageHeading(t(page, 'notFoundTitle'))}
<div class="wrap detail"><p>${t(page, 'notFoundBody')}</p><p><a href="${href(page, '/')}">${t(page, 'backHome')}</a></p></div>`;
  return renderShell(page, { title: t(page, 'notFoundTitle'), body, noindex: true });
}

/**
 * Where there is no site to dress the page in (an unknown organisation, a failure that may have
 * been the database's): a plain page in the visitor's language, with Japanese beside it.
 */
export function bareErrorPage(lang: SiteLanguage, status: number): string {
  const [title, body] =
    status === 404 ? (['notFoundTitle', 'notFoundBody'] as const) : (['errorTitle', 'errorBody'] as const);
  const other: SiteLanguage = lang === 'ja' ? 'en' : 'ja';
  return html`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${ui(lang, title)}</title><link rel="stylesheet" href="${assetUrl('site.css')}"></head>
<body><main id="main" class="wrap detail"><h1>${ui(lang, title)}</h1><p>${ui(lang, body)}</p>
<p lang="${other}">${ui(other, title)}${other === 'ja' ? '。' : '. '}${ui(other, body)}</p></main></body>
</html>
`.html;
}

// Every language a site may publish in: the page cannot know which ones this organisation chose
// (its settings are not read while it is suspended), so it says it in all of them.
const UNAVAILABLE_TEXT: [lang: string, title: string, text: string][] = [
  [
    'ja',
    '一時的にご利用いただけません',
    'このサイトは現在、一時的に公開を停止しています。しばらくしてから再度アクセスしてください。',
  ],
  ['en', 'Temporarily unavailable', 'This site is temporarily unavailable. Please come back later.'],
  ['zh-Hans', '暂时无法访问', '本网站暂时停止公开。请稍后再访问。'],
  ['zh-Hant', '暫時無法瀏覽', '本網站暫時停止公開。請稍後再瀏覽。'],
  [
    'ko',
    '일시적으로 이용할 수 없습니다',
    '이 사이트는 현재 일시적으로 공개가 중지되었습니다. 잠시 후 다시 방문해 주십시오.',
  ],
  ['th', 'ไม่สามารถใช้งานได้ชั่วคราว', 'เว็บไซต์นี้หยุดให้บริการชั่วคราว กรุณากลับมาใหม่ภายหลัง'],
];

/** The 503 page of a suspended organisation's site. */
export function unavailablePage(): string {
  const sections = UNAVAILABLE_TEXT.map(
    ([lang, title, text]) => html`<section lang="${lang}"><h2>${title}</h2><p>${text}</p></section>`,
  );
  return html`<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>一時的にご利用いただけません / Temporarily unavailable</title><link rel="stylesheet" href="${assetUrl('site.css')}"></head>
<body><main id="main" class="wrap detail"><h1>一時的にご利用いただけません</h1>${sections}</main></body>
</html>
`.html;
}
