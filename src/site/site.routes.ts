import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../config.js';
import { KIND_PATH } from '../modules/content/content.schema.js';
import { publicGet, publicList, publicSearch, toPublic } from '../modules/content/content-public.service.js';
import {
  type EventForPublishing,
  eventJsonLd,
  type Localised,
  type SpotForPublishing,
  touristAttractionJsonLd,
  touristTripJsonLd,
} from '../modules/content/lib/structured-data.js';
import { cachedPublic } from '../platform/http/cache.js';
import type { Context } from '../platform/http/context.js';
import { AppError, Errors } from '../platform/http/errors.js';
import { defineRoute, type RouteDeps } from '../platform/http/route.js';
import { serveSiteAssets } from './site-assets.js';
import {
  addDays,
  countSpots,
  eventOccurrences,
  liveItem,
  loadImages,
  loadSiteSettings,
  nearbySpots,
  nextOccurrences,
  type PublicItem,
  type SiteImage,
  type SiteSettings,
  sitemapItems,
  spotCategories,
  spotsById,
  todayInTokyo,
} from './site-data.js';
import { negotiateLanguage, type SiteLanguage } from './site-i18n.js';
import { absolute, href, orgName, pageHref, type SitePage } from './site-layout.js';
import {
  articleDetailPage,
  bareNotFoundPage,
  courseDetailPage,
  eventDetailPage,
  eventListPage,
  homePage,
  listPage,
  notFoundPage,
  privacyPage,
  searchPage,
  spotDetailPage,
  spotListPage,
} from './site-pages.js';
import { siteLinks } from './site-url.js';
import { sitemapFileCount, sitemapIndexXml, sitemapXml } from './sitemap.js';

const CodeParams = Type.Object({ serviceCode: Type.String({ maxLength: 64 }) });
const LangParams = Type.Object({
  serviceCode: Type.String({ maxLength: 64 }),
  lang: Type.String({ maxLength: 16 }),
});
const ItemParams = Type.Object({
  serviceCode: Type.String({ maxLength: 64 }),
  lang: Type.String({ maxLength: 16 }),
  id: Type.String({ maxLength: 64 }),
});

const imageIdsOf = (items: Record<string, unknown>[]) =>
  items.flatMap((i) => [
    ...((i.imageIds as string[] | undefined) ?? []),
    ...(i.heroImageId ? [String(i.heroImageId)] : []),
  ]);

async function imageMap(ctx: Context, items: Record<string, unknown>[], lang: SiteLanguage) {
  // Cards show one image each: the first of each item is enough.
  const firsts = items.flatMap((i) => imageIdsOf([i]).slice(0, 1));
  return new Map((await loadImages(ctx, firsts, lang)).map((img) => [img.id, img]));
}

/** The public tourism site: server-rendered pages per organisation and language. */
export async function registerSiteRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  config: Config,
): Promise<void> {
  serveSiteAssets(app);
  await app.register(async (site) => {
    // An unknown organisation (refused before any handler) answers a plain 404 page, not JSON.
    site.setErrorHandler((error, _request, reply) => {
      if (error instanceof AppError && error.status === 404) {
        return reply
          .code(404)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(bareNotFoundPage());
      }
      throw error;
    });
    defineSitePages(site, deps, config);
  });
}

interface PageParams {
  serviceCode: string;
  lang: string;
  id: string;
}
type PageHandler = (
  ctx: Context,
  page: SitePage,
  params: PageParams,
  request: FastifyRequest,
) => Promise<string>;

function defineSitePages(app: FastifyInstance, deps: RouteDeps, config: Config): void {
  /** Builds the page context, refuses languages the site does not publish, renders 404s in the site's dress. */
  const page = (
    url: string,
    summary: string,
    render: PageHandler,
    params: typeof LangParams | typeof ItemParams = LangParams,
    querystring?: ReturnType<typeof Type.Object>,
  ) =>
    defineRoute(app, deps, {
      method: 'GET',
      url,
      access: { public: true },
      scope: 'tenant',
      schema: { summary, hide: true, params, ...(querystring ? { querystring } : {}) },
      async handler(ctx, input, request, reply) {
        const settings = await loadSiteSettings(ctx);
        const p = input.params as unknown as PageParams;
        const enabled = settings.languages.includes(p.lang as SiteLanguage);
        const sitePage = pageFor(
          ctx,
          request,
          settings,
          enabled ? (p.lang as SiteLanguage) : settings.defaultLanguage,
          config,
        );
        reply.type('text/html; charset=utf-8');
        if (!enabled) return notFound(reply, sitePage);
        try {
          const body = await render(ctx, sitePage, p, request);
          return cachedPublic(request, reply, body, 60);
        } catch (error) {
          if (error instanceof AppError && error.status === 404) return notFound(reply, sitePage);
          throw error;
        }
      },
    });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site root (redirect)', hide: true, params: CodeParams },
    async handler(ctx, _input, request, reply) {
      return reply.redirect(`${siteLinks(request, ctx.org!, config).prefix}/`, 301);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site: to the visitor’s language', hide: true, params: CodeParams },
    async handler(ctx, _input, request, reply) {
      const settings = await loadSiteSettings(ctx);
      const lang =
        negotiateLanguage(request.headers['accept-language'], settings.languages) ?? settings.defaultLanguage;
      reply.header('vary', 'Accept-Language').header('cache-control', 'public, max-age=60');
      return reply.redirect(`${siteLinks(request, ctx.org!, config).prefix}/${lang}/`, 302);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/:lang',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site language root (redirect)', hide: true, params: LangParams },
    async handler(ctx, input, request, reply) {
      const settings = await loadSiteSettings(ctx);
      if (!settings.languages.includes(input.params.lang as SiteLanguage)) {
        const sitePage = pageFor(ctx, request, settings, settings.defaultLanguage, config);
        reply.type('text/html; charset=utf-8');
        return notFound(reply, sitePage);
      }
      return reply.redirect(`${siteLinks(request, ctx.org!, config).prefix}/${input.params.lang}/`, 301);
    },
  });

  page('/s/:serviceCode/:lang/', 'Public site home', async (ctx, p) => {
    const today = todayInTokyo();
    const [spots, courses, articles, occurrences] = await Promise.all([
      publicList(ctx, 'spot', { lang: p.lang, limit: 6 }),
      publicList(ctx, 'course', { lang: p.lang, limit: 3 }),
      publicList(ctx, 'article', { lang: p.lang, limit: 3 }),
      eventOccurrences(ctx, p.lang, today, addDays(today, 120), 60),
    ]);
    // One card per event: its next occurrence.
    const seen = new Set<string>();
    const events = occurrences.filter((o) => !seen.has(o.event.id) && seen.add(o.event.id)).slice(0, 6);
    const all = [
      ...spots.items,
      ...courses.items,
      ...articles.items,
      ...events.map((e) => e.event),
    ] as PublicItem[];
    return homePage(p, {
      spots: spots.items as PublicItem[],
      courses: courses.items as PublicItem[],
      articles: articles.items as PublicItem[],
      events,
      images: await imageMap(ctx, all, p.lang),
    });
  });

  page(
    '/s/:serviceCode/:lang/spots/',
    'Public site: spots',
    async (ctx, p, _params, request) => {
      const query = request.query as { category?: string; cursor?: string };
      const category =
        query.category && /^[a-z0-9][a-z0-9-]{0,39}$/.test(query.category) ? query.category : undefined;
      p.query = category ? `category=${category}` : '';
      const [list, categories, total] = await Promise.all([
        publicList(ctx, 'spot', {
          lang: p.lang,
          limit: 24,
          ...(category ? { category } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        }),
        spotCategories(ctx, p.lang),
        countSpots(ctx, category),
      ]);
      const spots = list.items as PublicItem[];
      return spotListPage(p, {
        spots,
        total,
        categories,
        category,
        nextCursor: list.nextCursor,
        firstPage: !query.cursor,
        images: await imageMap(ctx, spots, p.lang),
      });
    },
    LangParams,
    Type.Object({
      category: Type.Optional(Type.String({ maxLength: 40 })),
      cursor: Type.Optional(Type.String({ maxLength: 300 })),
    }),
  );

  page(
    '/s/:serviceCode/:lang/spots/:id',
    'Public site: spot',
    async (ctx, p, params) => {
      const row = await liveItem(ctx, 'spot', params.id);
      const spot = toPublic(row, p.lang) as PublicItem;
      const data = row.published_data as Record<string, unknown>;
      const images = await loadImages(ctx, (data.imageIds as string[] | undefined) ?? [], p.lang);
      const nearby =
        typeof data.lat === 'number' && typeof data.lng === 'number'
          ? await nearbySpots(ctx, { lat: data.lat, lng: data.lng }, row.id, p.lang)
          : [];
      const jsonLd = touristAttractionJsonLd(
        { ...(data as unknown as SpotForPublishing), id: row.id, imageUrls: imageUrls(p, images) },
        { url: canonical(p), lang: p.lang },
      );
      return spotDetailPage(p, {
        spot,
        images,
        nearby,
        nearbyImages: await imageMap(
          ctx,
          nearby.map((n) => n.item),
          p.lang,
        ),
        jsonLd,
      });
    },
    ItemParams,
  );

  page(
    '/s/:serviceCode/:lang/events/',
    'Public site: event calendar',
    async (ctx, p, _params, request) => {
      const query = request.query as { month?: string; view?: string };
      const month =
        query.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(query.month) ? query.month : todayInTokyo().slice(0, 7);
      const view = query.view === 'month' ? 'month' : 'list';
      // Without a month the list shows what is coming up: the next three months from today.
      const upcoming = !query.month && view === 'list';
      p.query = upcoming ? '' : new URLSearchParams({ month, view }).toString();
      const [y, m] = month.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      const today = todayInTokyo();
      const occurrences = upcoming
        ? await eventOccurrences(ctx, p.lang, today, addDays(today, 90), 200)
        : await eventOccurrences(ctx, p.lang, `${month}-01`, last);
      return eventListPage(p, {
        view,
        month,
        upcoming,
        occurrences,
        images: await imageMap(
          ctx,
          occurrences.map((o) => o.event),
          p.lang,
        ),
      });
    },
    LangParams,
    Type.Object({
      month: Type.Optional(Type.String({ maxLength: 7 })),
      view: Type.Optional(Type.String({ maxLength: 5 })),
    }),
  );

  page(
    '/s/:serviceCode/:lang/events/:id',
    'Public site: event',
    async (ctx, p, params) => {
      const row = await liveItem(ctx, 'event', params.id);
      const event = (await publicGet(ctx, 'event', row.id, p.lang)) as PublicItem;
      const data = row.published_data as Record<string, unknown>;
      const images = await loadImages(ctx, (data.imageIds as string[] | undefined) ?? [], p.lang);
      const upcoming = nextOccurrences(data, todayInTokyo(), 6);
      const venue = { ...(data.venue as Record<string, unknown>) };
      if (venue.spotId) {
        // Google needs the place's name and address: take them from the venue spot when unset.
        const spot = await liveItem(ctx, 'spot', String(venue.spotId)).catch(() => null);
        const spotData = spot?.published_data as Record<string, unknown> | undefined;
        if (spotData) {
          venue.name = (venue.name as Localised | undefined)?.ja ? venue.name : spotData.name;
          venue.address = (venue.address as Localised | undefined)?.ja ? venue.address : spotData.address;
          venue.lat ??= spotData.lat;
          venue.lng ??= spotData.lng;
        }
      }
      const name = orgName(p);
      const jsonLd = eventJsonLd(
        {
          ...(data as unknown as EventForPublishing),
          venue: venue as EventForPublishing['venue'],
          id: row.id,
          imageUrls: imageUrls(p, images),
        },
        {
          url: canonical(p),
          lang: p.lang,
          org: { name: name.text, url: absolute(p, href(p, '/')) },
          ...(upcoming[0]
            ? { occurrenceStart: new Date(`${upcoming[0]}T${String(data.startTime ?? '00:00')}:00+09:00`) }
            : {}),
        },
      );
      return eventDetailPage(p, { event, images, nextDates: data.recurrence ? upcoming : [], jsonLd });
    },
    ItemParams,
  );

  for (const kind of ['course', 'article'] as const) {
    page(`/s/:serviceCode/:lang/${KIND_PATH[kind]}/`, `Public site: ${KIND_PATH[kind]}`, async (ctx, p) => {
      const list = await publicList(ctx, kind, { lang: p.lang, limit: 100 });
      const items = list.items as PublicItem[];
      return listPage(p, KIND_PATH[kind], items, await imageMap(ctx, items, p.lang));
    });
  }

  page(
    '/s/:serviceCode/:lang/courses/:id',
    'Public site: model course',
    async (ctx, p, params) => {
      const row = await liveItem(ctx, 'course', params.id);
      const course = toPublic(row, p.lang) as PublicItem;
      const data = row.published_data as Record<string, unknown>;
      const rawStops = (data.stops ?? []) as Record<string, unknown>[];
      const localStops = (course.stops ?? []) as Record<string, unknown>[];
      const spots = await spotsById(
        ctx,
        rawStops.map((s) => String(s.spotId)),
        p.lang,
      );
      const spotRows = await Promise.all(
        rawStops.map((s) => liveItem(ctx, 'spot', String(s.spotId)).catch(() => null)),
      );
      const images = await loadImages(ctx, (data.imageIds as string[] | undefined) ?? [], p.lang);
      const jsonLd = touristTripJsonLd(
        {
          id: row.id,
          name: data.name as Localised,
          ...(data.description ? { description: data.description as Localised } : {}),
          imageUrls: imageUrls(p, images),
          // Stops whose spot is not public are left out of the itinerary.
          stops: rawStops.flatMap((s, i) => {
            const spot = spotRows[i]?.published_data as Record<string, unknown> | undefined;
            if (!spot) return [];
            return [
              {
                name: spot.name as Localised,
                ...(spot.description ? { description: spot.description as Localised } : {}),
                url: absolute(p, href(p, `/spots/${String(s.spotId)}`)),
                stayMinutes: Number(s.stayMinutes ?? 0),
                ...(s.minutesToNext === undefined ? {} : { minutesToNext: Number(s.minutesToNext) }),
              },
            ];
          }),
        },
        { url: canonical(p), lang: p.lang },
      );
      return courseDetailPage(p, {
        course,
        stops: localStops.map((stop, i) => ({ stop, spot: spots.get(String(rawStops[i]?.spotId)) ?? null })),
        images,
        jsonLd,
      });
    },
    ItemParams,
  );

  page(
    '/s/:serviceCode/:lang/articles/:id',
    'Public site: feature article',
    async (ctx, p, params) => {
      const article = (await publicGet(ctx, 'article', params.id, p.lang)) as PublicItem;
      const [hero] = article.heroImageId ? await loadImages(ctx, [String(article.heroImageId)], p.lang) : [];
      const title = (article.title as { text: string } | null)?.text ?? '';
      const jsonLd = {
        '@context': 'https://schema.org',
        '@type': 'Article',
        '@id': canonical(p),
        url: canonical(p),
        headline: title.slice(0, 110),
        inLanguage: p.lang,
        datePublished: article.publishedAt,
        ...(hero ? { image: imageUrls(p, [hero]) } : {}),
        publisher: { '@type': 'Organization', name: orgName(p).text, url: absolute(p, href(p, '/')) },
      };
      return articleDetailPage(p, { article, hero: hero ?? null, relatedImages: new Map(), jsonLd });
    },
    ItemParams,
  );

  page(
    '/s/:serviceCode/:lang/search',
    'Public site: search',
    async (ctx, p, _params, request) => {
      const q = String((request.query as { q?: string }).q ?? '')
        .trim()
        .slice(0, 200);
      const result = q ? await publicSearch(ctx, { q, lang: p.lang, limit: 50 }) : { items: [] };
      p.query = q ? new URLSearchParams({ q }).toString() : '';
      return searchPage(p, q, result.items as PublicItem[]);
    },
    LangParams,
    Type.Object({ q: Type.Optional(Type.String({ maxLength: 400 })) }),
  );

  page('/s/:serviceCode/:lang/privacy', 'Public site: privacy', async (_ctx, p) => privacyPage(p));

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/sitemap.xml',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site: sitemap', hide: true, params: CodeParams },
    async handler(ctx, _input, request, reply) {
      const settings = await loadSiteSettings(ctx);
      const p = pageFor(ctx, request, settings, settings.defaultLanguage, config);
      const items = await sitemapItems(ctx);
      const files = sitemapFileCount(p, items);
      reply.type('application/xml; charset=utf-8');
      const body = files > 1 ? sitemapIndexXml(p, files) : sitemapXml(p, items)!;
      return cachedPublic(request, reply, body, 300);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/sitemaps/:file',
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: 'Public site: one file of a sitemap index',
      hide: true,
      params: Type.Object({
        serviceCode: Type.String({ maxLength: 64 }),
        file: Type.String({ maxLength: 16 }),
      }),
    },
    async handler(ctx, input, request, reply) {
      const match = /^([1-9]\d{0,3})\.xml$/.exec((input.params as { file: string }).file);
      if (!match) throw Errors.notFound();
      const settings = await loadSiteSettings(ctx);
      const p = pageFor(ctx, request, settings, settings.defaultLanguage, config);
      const body = sitemapXml(p, await sitemapItems(ctx), Number(match[1]));
      if (body === undefined) throw Errors.notFound();
      reply.type('application/xml; charset=utf-8');
      return cachedPublic(request, reply, body, 300);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/robots.txt',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site: robots.txt', hide: true, params: CodeParams },
    async handler(ctx, _input, request, reply) {
      const links = siteLinks(request, ctx.org!, config);
      const body = [
        'User-agent: *',
        `Disallow: ${links.prefix}/*/search`,
        `Allow: ${links.prefix}/`,
        '',
        `Sitemap: ${links.origin}${links.prefix}/sitemap.xml`,
        '',
      ].join('\n');
      reply.type('text/plain; charset=utf-8');
      return cachedPublic(request, reply, body, 300);
    },
  });

  // Anything else under an organisation's site: its 404 page.
  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/*',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site: not found', hide: true },
    async handler(ctx, _input, request, reply) {
      const settings = await loadSiteSettings(ctx);
      reply.type('text/html; charset=utf-8');
      return notFound(reply, pageFor(ctx, request, settings, settings.defaultLanguage, config));
    },
  });
}

function pageFor(
  ctx: Context,
  request: FastifyRequest,
  settings: SiteSettings,
  lang: SiteLanguage,
  config: Config,
): SitePage {
  const path = pagePath(request);
  return {
    org: ctx.org!,
    lang,
    settings,
    links: siteLinks(request, ctx.org!, config),
    path,
    mapTileUrl: config.mapTileUrl,
  };
}

/** The request's path after `/s/{code}/{lang}`, without the query: what alternates share. */
function pagePath(request: FastifyRequest): string {
  const pathname = request.url.split('?')[0] ?? '/';
  const parts = pathname.split('/');
  // ['', 's', code, lang, ...rest]
  const rest = parts.slice(4).join('/');
  return `/${rest}`;
}

function notFound(reply: FastifyReply, page: SitePage) {
  reply.code(404).header('cache-control', 'no-store');
  // A 404 has no alternates: its path is not a page in any language.
  return notFoundPage({ ...page, path: '/' });
}

const canonical = (p: SitePage) => absolute(p, pageHref(p, p.lang, p.path));

const imageUrls = (p: SitePage, images: SiteImage[]) =>
  images.map((img) => absolute(p, `${p.links.prefix}/media/${img.id}/w1600.webp`));
