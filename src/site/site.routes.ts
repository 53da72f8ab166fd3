import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { Type } from 'typebox';
import type { Config } from '../config.js';
import type { ModuleDeps } from '../modules/app-module.js';
import { type PublishedReads, sitemapItems } from '../modules/content/index.js';
import { siteMaintenanceWindows } from '../modules/notices/index.js';
import type { RallyKeys } from '../modules/rally/index.js';
import { publicSiteSettings } from '../modules/site-settings/index.js';
import type { OrganisationRef, TenantContext } from '../platform/access/context.js';
import { AppError, Errors } from '../platform/errors.js';
import { cachedPublic } from '../platform/http/cache.js';
import { toAppError } from '../platform/http/error-handler.js';
import { defineRoute, type RouteDeps, resolvedPublicOrganisation } from '../platform/http/route.js';
import { PreparedPageStore } from './prepared-pages.js';
import { registerRallySitePages } from './rally-site.routes.js';
import { serveSiteAssets } from './site-assets.js';
import { negotiateLanguage, SITE_LANGUAGES, type SiteLanguage, siteLanguageOf } from './site-i18n.js';
import type { SitePage, SiteSettings } from './site-layout.js';
import { type PageRequest, pageQuery, querySchema, SITE_PAGES, type SitePageEntry } from './site-pages.js';
import { bareErrorPage, notFoundPage, unavailablePage } from './site-render.js';
import { siteLinks } from './site-url.js';
import { sitemapFileCount, sitemapIndexXml, sitemapXml } from './sitemap.js';

const CodeParams = Type.Object({ serviceCode: Type.String({ maxLength: 64 }) });
const LangParams = Type.Object({
  serviceCode: Type.String({ maxLength: 64 }),
  lang: Type.String({ maxLength: 16 }),
});
const PageParams = Type.Object({
  serviceCode: Type.String({ maxLength: 64 }),
  lang: Type.String({ maxLength: 16 }),
  id: Type.Optional(Type.String({ maxLength: 64 })),
});

/** The public tourism site: server-rendered pages per organisation and language. */
type SiteDeps = RouteDeps &
  Pick<ModuleDeps, 'media' | 'mail' | 'registry' | 'log'> & {
    config: Config;
    published: PublishedReads;
    rallyKeys: RallyKeys;
  };

export async function registerSiteRoutes(app: FastifyInstance, deps: SiteDeps): Promise<void> {
  const { config } = deps;
  serveSiteAssets(app);
  // An unknown organisation (refused before any handler) and failures answer plain HTML pages
  // in the visitor's language, not JSON: there may be no site (or no database) to dress them in.
  function siteErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const appError = toAppError(error, config.bodyLimitBytes);
    if (appError.status >= 500) request.log.error({ err: error }, 'site page failed');
    if (appError.headers) reply.headers(appError.headers);
    return reply
      .code(appError.status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        // A suspended organisation's site says so in every language a site may publish.
        appError.code === 'organisation_suspended'
          ? unavailablePage()
          : bareErrorPage(visitorLanguage(request, SITE_LANGUAGES, 'ja'), appError.status),
      );
  }

  const prepared = preparedPages(deps);
  await app.register(async (site) => {
    site.setErrorHandler(siteErrorHandler);
    defineSiteRedirects(site, deps, config);
    for (const entry of SITE_PAGES) defineSitePage(site, deps, config, entry, prepared);
    defineSiteFiles(site, deps, config);
  });
  // The stamp rally's pages: same error pages, plus a form body parser of their own.
  await app.register(async (site) => {
    site.setErrorHandler(siteErrorHandler);
    registerRallySitePages(site, deps);
  });
}

/** The spot pages and the spot list's first page, rendered ahead from the published model (spot pages also into the tier). */
function preparedPages(deps: SiteDeps): PreparedPageStore {
  const kept = new Counter({
    name: 'mitte_site_pages_prepared_total',
    help: 'Site pages rendered ahead and kept, by where: spot pages and the spot list on the published model, spot pages in the published tier',
    labelNames: ['kept'] as const,
    registers: [deps.registry],
  });
  // Both series from the start, so a reader of one sees 0 rather than nothing.
  kept.inc({ kept: 'model' }, 0);
  kept.inc({ kept: 'tier' }, 0);
  const entry = (path: string) => {
    const found = SITE_PAGES.find((e) => e.path === path);
    if (!found?.respondPublished) throw new Error(`site page ${path}: not built from the published model`);
    return found;
  };
  const store = new PreparedPageStore(deps.published, deps.config, {
    renderAfter: deps.config.sitePagesAheadAfter,
    list: entry('/spots/'),
    item: entry('/spots/:id'),
    organisation: (code) => resolvedPublicOrganisation(deps.db, code),
    onPrepared: (pages, where) => kept.inc({ kept: where }, pages),
    onError: (error) => deps.log.warn({ err: error }, 'site pages rendered ahead failed'),
  });
  // The organisations the model does not hold: their spot pages in the published tier's files.
  deps.published.renderTierPagesWith(store.renderForTier);
  return store;
}

/** One page of the table: the language must be one the site publishes; 404s wear the site's dress. */
function defineSitePage(
  app: FastifyInstance,
  deps: SiteDeps,
  config: Config,
  entry: SitePageEntry,
  prepared: PreparedPageStore,
): void {
  const route = {
    method: 'GET',
    url: `/s/:serviceCode/:lang${entry.path}`,
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: entry.summary,
      hide: true,
      params: PageParams,
      ...(entry.query.length ? { querystring: querySchema(entry.query) } : {}),
    },
  } as const;
  type Input = { params: { lang: string; id?: string | undefined }; query: unknown };
  const answer = async (
    org: OrganisationRef,
    settings: SiteSettings,
    maintenance: SitePage['maintenance'],
    input: Input,
    request: FastifyRequest,
    reply: FastifyReply,
    respond: (request: PageRequest, page: SitePage) => Promise<string>,
  ) => {
    const lang = settings.languages.find((l) => l === input.params.lang);
    const sitePage = {
      ...pageFor(
        org,
        request,
        settings,
        lang ?? visitorLanguage(request, settings.languages, settings.defaultLanguage),
        config,
      ),
      maintenance,
    };
    reply.type('text/html; charset=utf-8');
    if (!lang) return notFound(reply, sitePage);
    try {
      const query = pageQuery(entry.query, input.query);
      const body = await respond({ lang, id: input.params.id ?? '', query }, sitePage);
      // Encoded once: the ETag hash, the response cache and the socket all take the same bytes.
      return cachedPublic(request, reply, Buffer.from(body), 60);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return notFound(reply, sitePage);
      throw error;
    }
  };
  const published = entry.respondPublished;
  if (published) {
    // Built from the published read model: no transaction, the item and site cached per node.
    defineRoute(app, deps, {
      ...route,
      transaction: 'published',
      // A page rendered ahead, when there is one for exactly this URL (prepared-pages.ts).
      fromMemory: (org, input) => prepared.answer(org, input),
      async handler(ctx, input, request, reply) {
        const site = await deps.published.site(ctx);
        // Only a site that shows planned maintenance pays for a short transaction to read it.
        const maintenance = await shownMaintenance(site.settings, (read) => ctx.transaction(read));
        return answer(ctx.org, site.settings, maintenance, input, request, reply, (r, p) =>
          published({ org: ctx.scope.org, transaction: ctx.transaction, reads: deps.published, site }, r, p),
        );
      },
    });
    return;
  }
  defineRoute(app, deps, {
    ...route,
    async handler(ctx, input, request, reply) {
      const settings = await publicSiteSettings(ctx);
      const maintenance = await shownMaintenance(settings, (read) => read(ctx));
      return answer(ctx.org, settings, maintenance, input, request, reply, (r, p) =>
        entry.respond(ctx, r, p),
      );
    },
  });
}

function defineSiteRedirects(app: FastifyInstance, deps: RouteDeps, config: Config): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site root (redirect)', hide: true, params: CodeParams },
    async handler(ctx, _input, request, reply) {
      return reply.redirect(`${siteLinks(request, ctx.org, config).prefix}/`, 301);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site: to the visitor’s language', hide: true, params: CodeParams },
    async handler(ctx, _input, request, reply) {
      const settings = await publicSiteSettings(ctx);
      const lang =
        negotiateLanguage(request.headers['accept-language'], settings.languages) ?? settings.defaultLanguage;
      reply.header('vary', 'Accept-Language').header('cache-control', 'public, max-age=60');
      return reply.redirect(`${siteLinks(request, ctx.org, config).prefix}/${lang}/`, 302);
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/:lang',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site language root (redirect)', hide: true, params: LangParams },
    async handler(ctx, input, request, reply) {
      const settings = await publicSiteSettings(ctx);
      const lang = settings.languages.find((l) => l === input.params.lang);
      if (!lang) {
        const sitePage = pageFor(
          ctx.org,
          request,
          settings,
          visitorLanguage(request, settings.languages, settings.defaultLanguage),
          config,
        );
        reply.type('text/html; charset=utf-8');
        return notFound(reply, sitePage);
      }
      return reply.redirect(`${siteLinks(request, ctx.org, config).prefix}/${lang}/`, 301);
    },
  });
}

/** Sitemap, robots.txt and the organisation's 404 for any other path. */
function defineSiteFiles(app: FastifyInstance, deps: RouteDeps, config: Config): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/sitemap.xml',
    access: { public: true },
    scope: 'tenant',
    schema: { summary: 'Public site: sitemap', hide: true, params: CodeParams },
    async handler(ctx, _input, request, reply) {
      const settings = await publicSiteSettings(ctx);
      const p = pageFor(ctx.org, request, settings, settings.defaultLanguage, config);
      const items = await sitemapItems(ctx);
      const files = sitemapFileCount(p, items);
      reply.type('application/xml; charset=utf-8');
      const body = files > 1 ? sitemapIndexXml(p, files) : (sitemapXml(p, items) ?? '');
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
      const match = /^([1-9]\d{0,3})\.xml$/.exec(input.params.file);
      if (!match) throw Errors.notFound();
      const settings = await publicSiteSettings(ctx);
      const p = pageFor(ctx.org, request, settings, settings.defaultLanguage, config);
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
      const links = siteLinks(request, ctx.org, config);
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
      const settings = await publicSiteSettings(ctx);
      reply.type('text/html; charset=utf-8');
      const lang = visitorLanguage(request, settings.languages, settings.defaultLanguage);
      return notFound(reply, pageFor(ctx.org, request, settings, lang, config));
    },
  });
}

/**
 * The provider's planned maintenance the pages show, when the organisation chose to (site
 * settings): read through `within`, a transaction of the organisation's.
 */
export async function shownMaintenance(
  settings: SiteSettings,
  within: <T>(read: (ctx: TenantContext) => Promise<T>) => Promise<T>,
): Promise<SitePage['maintenance']> {
  return settings.showPlannedMaintenance ? within((ctx) => siteMaintenanceWindows(ctx)) : [];
}

/**
 * The language to answer a page that is not one of the site's (404, errors) in: the one the path
 * names when the site offers it, else the visitor's Accept-Language, else the fallback.
 */
export function visitorLanguage(
  request: FastifyRequest,
  offered: readonly SiteLanguage[],
  fallback: SiteLanguage,
): SiteLanguage {
  const named = siteLanguageOf(request.url.split('?')[0]?.split('/')[3]);
  if (named && offered.includes(named)) return named;
  const negotiated = siteLanguageOf(
    negotiateLanguage(request.headers['accept-language'], offered) ?? undefined,
  );
  return negotiated ?? fallback;
}

export function pageFor(
  org: OrganisationRef,
  request: FastifyRequest,
  settings: SiteSettings,
  lang: SiteLanguage,
  config: Config,
): SitePage {
  return {
    org,
    lang,
    settings,
    links: siteLinks(request, org, config),
    path: pagePath(request),
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

export function notFound(reply: FastifyReply, page: SitePage) {
  reply.code(404).header('cache-control', 'no-store');
  // A 404 has no alternates: its path is not a page in any language.
  return notFoundPage({ ...page, path: '/' });
}
