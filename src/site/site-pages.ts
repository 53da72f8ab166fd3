/**
 * The public site's pages, as a table: where each page lives, which read model of the content
 * module it loads, and how it renders that model (a pure function of the page and the model).
 */
import { type Static, Type } from 'typebox';
import type { ContentKind, DetailOf } from '../modules/content/index.js';
import {
  eventCalendarModel,
  homeModel,
  imagesOf,
  jsonLdFor,
  type ListModel,
  listModel,
  loadDetail,
  type PublicSite,
  type PublishedSite,
  publishedSpotPage,
  type SitePageReads,
  searchLive,
  spotListModel,
  spotPageModel,
} from '../modules/content/index.js';
import { runningCampaigns } from '../modules/rally/index.js';
import type { PublishedContext, TenantContext } from '../platform/access/context.js';
import { found } from '../platform/errors.js';
import type { SiteLanguage } from './site-i18n.js';
import { absolute, type SitePage } from './site-layout.js';
import {
  articleDetailPage,
  articleListPage,
  courseDetailPage,
  courseListPage,
  eventDetailPage,
  eventListPage,
  homePage,
  privacyPage,
  searchPage,
  spotDetailPage,
  spotListPage,
} from './site-render.js';

/** Every query parameter a page reads; each page declares (and so validates) its own. */
const Query = {
  category: Type.Optional(Type.String({ maxLength: 40 })),
  cursor: Type.Optional(Type.String({ maxLength: 300 })),
  month: Type.Optional(Type.String({ maxLength: 7 })),
  view: Type.Optional(Type.String({ maxLength: 5 })),
  q: Type.Optional(Type.String({ maxLength: 400 })),
};
const AllQuery = Type.Object(Query);
export type PageQuery = Static<typeof AllQuery>;
export type QueryName = keyof PageQuery;

export interface PageRequest {
  lang: SiteLanguage;
  /** The `:id` of an item page; empty elsewhere. */
  id: string;
  query: PageQuery;
}

export interface SitePageSpec<M> {
  /** After `/s/:serviceCode/:lang`. */
  path: string;
  summary: string;
  /** The query parameters the page reads. */
  query?: QueryName[];
  /** `page` carries the site settings the route has read already. */
  load(ctx: TenantContext, request: PageRequest, page: SitePage): Promise<M>;
  /**
   * Pages that can be built from the published read model alone (no transaction, cached per node)
   * load through this instead of `load`.
   */
  published?: (source: PublishedSource, request: PageRequest) => Promise<M>;
  render(page: SitePage, model: M): string;
}

/** Where a page built from the published read model reads: the organisation's site and items. */
export interface PublishedSource {
  /** The organisation's service code. */
  org: string;
  /** A short tenant transaction, for what the model does not hold. */
  transaction: PublishedContext['transaction'];
  reads: SitePageReads;
  site: PublishedSite;
}

/** A page of the table with its model type hidden: what the routes register. */
export interface SitePageEntry {
  path: string;
  summary: string;
  query: QueryName[];
  respond(ctx: TenantContext, request: PageRequest, page: SitePage): Promise<string>;
  /** Set for pages built from the published read model. */
  respondPublished?: (source: PublishedSource, request: PageRequest, page: SitePage) => Promise<string>;
}

const page = <M>(spec: SitePageSpec<M>): SitePageEntry => ({
  path: spec.path,
  summary: spec.summary,
  query: spec.query ?? [],
  respond: async (ctx, request, sitePage) => spec.render(sitePage, await spec.load(ctx, request, sitePage)),
  ...(spec.published
    ? {
        respondPublished: async (source: PublishedSource, request: PageRequest, sitePage: SitePage) =>
          spec.render(sitePage, await spec.published!(source, request)),
      }
    : {}),
});

/** The query schema of a page: just the parameters it reads. */
export const querySchema = (names: QueryName[]) =>
  Type.Object(Object.fromEntries(names.map((name) => [name, Query[name]])));

/** The page's own parameters from a validated query string; the others are not read. */
export function pageQuery(names: QueryName[], query: unknown): PageQuery {
  const found: PageQuery = {};
  if (!query || typeof query !== 'object') return found;
  for (const name of names) {
    const value: unknown = Reflect.get(query, name);
    if (typeof value === 'string') found[name] = value;
  }
  return found;
}

/** The site as the JSON-LD builder sees it: the organisation and the absolute site prefix. */
const publicSite = (p: SitePage): PublicSite => ({ org: p.org, base: absolute(p, p.links.prefix) });

/** An item's own page (event, course, article): its detail as the site reads it, with its JSON-LD. */
const itemPage = <K extends ContentKind>(
  kind: K,
  path: string,
  summary: string,
  render: (p: SitePage, detail: DetailOf<K>, jsonLd: Record<string, unknown>) => string,
) =>
  page({
    path,
    summary,
    load: (ctx, r) => loadDetail(ctx, kind, r.id, r.lang),
    render: (p, m) => render(p, m, jsonLdFor(m, publicSite(p))),
  });

/** A list of an item kind without filters (courses, articles): its live items with their card images. */
const listPage = <K extends 'course' | 'article'>(
  kind: K,
  path: string,
  summary: string,
  render: (p: SitePage, list: ListModel<K>) => string,
) => page({ path, summary, load: (ctx, r) => listModel(ctx, kind, r.lang), render });

export const SITE_PAGES: SitePageEntry[] = [
  page({
    path: '/',
    summary: 'Public site home',
    load: async (ctx, r, p) => {
      const [model, hero, rallies] = await Promise.all([
        homeModel(ctx, r.lang),
        imagesOf(ctx, p.settings.heroImageIds, r.lang),
        runningCampaigns(ctx),
      ]);
      return { ...model, hero, rallies };
    },
    render: homePage,
  }),
  page({
    path: '/spots/',
    summary: 'Public site: spots',
    query: ['category', 'cursor'],
    load: (ctx, r) => spotListModel(ctx, r.lang, r.query),
    // From the published model when this node holds the organisation; else as above.
    published: async ({ org, transaction, reads, site }, r) =>
      reads.spotListPage(org, site, r.lang, r.query) ??
      transaction((tctx) => spotListModel(tctx, r.lang, r.query)),
    render: (p, m) => spotListPage({ ...p, query: m.category ? `category=${m.category}` : '' }, m),
  }),
  page({
    path: '/spots/:id',
    summary: 'Public site: spot',
    load: (ctx, r) => spotPageModel(ctx, r.id, r.lang),
    published: async ({ org, reads, site }, r) => {
      const entry = found(await reads.item(org, 'spot', r.id));
      return publishedSpotPage(entry, site, r.lang);
    },
    render: (p, m) => spotDetailPage(p, m, jsonLdFor(m.detail, publicSite(p))),
  }),
  page({
    path: '/events/',
    summary: 'Public site: event calendar',
    query: ['month', 'view'],
    load: (ctx, r) => eventCalendarModel(ctx, r.lang, r.query),
    render: (p, m) =>
      eventListPage(
        { ...p, query: m.upcoming ? '' : new URLSearchParams({ month: m.month, view: m.view }).toString() },
        m,
      ),
  }),
  itemPage('event', '/events/:id', 'Public site: event', eventDetailPage),
  listPage('course', '/courses/', 'Public site: courses', courseListPage),
  itemPage('course', '/courses/:id', 'Public site: model course', courseDetailPage),
  listPage('article', '/articles/', 'Public site: articles', articleListPage),
  itemPage('article', '/articles/:id', 'Public site: feature article', articleDetailPage),
  page({
    path: '/search',
    summary: 'Public site: search',
    query: ['q'],
    load: async (ctx, r) => {
      const q = (r.query.q ?? '').trim().slice(0, 200);
      return { q, items: q ? await searchLive(ctx, q, r.lang, 50) : [] };
    },
    render: (p, m) =>
      searchPage({ ...p, query: m.q ? new URLSearchParams({ q: m.q }).toString() : '' }, m.q, m.items),
  }),
  page({
    path: '/privacy',
    summary: 'Public site: privacy',
    load: async () => null,
    render: (p) => privacyPage(p),
  }),
];
