import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import type { TenantContext } from '../../platform/access/context.js';
import { AppError, Errors } from '../../platform/errors.js';
import { defineRoute, type RouteDeps } from '../../platform/http/route.js';
import type { SiteLanguage } from '../../site/site-i18n.js';
import type { SitePage } from '../../site/site-layout.js';
import { notFoundPage } from '../../site/site-render.js';
import { siteLinks } from '../../site/site-url.js';
import { CONTENT_KINDS, KIND_PATH, permissionFor } from '../content/index.js';
import type { MediaDeps } from '../media/index.js';
import { PUBLIC_VARIANTS, sendMediaFile } from '../media/index.js';
import { publicSiteSettings } from '../site-settings/index.js';
import { createPreviewLink, findPreviewMediaFile, openPreview, PREVIEW_HOURS } from './preview.service.js';
import { previewExpiredPage, renderPreview } from './preview-page.js';
import type { PreviewTokens } from './preview-tokens.js';

export interface PreviewRouteDeps extends RouteDeps {
  config: Config;
  previews: PreviewTokens;
  media: MediaDeps;
}

/** A preview is a draft: never stored by a cache, never indexed, its token never sent onwards. */
function privateAnswer(reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex, nofollow')
    .header('referrer-policy', 'no-referrer');
}

/** Signed, expiring preview links of drafts: created in the console, opened without a session. */
export function registerPreviewRoutes(app: FastifyInstance, deps: PreviewRouteDeps): void {
  const { config } = deps;
  for (const kind of CONTENT_KINDS) {
    defineRoute(app, deps, {
      method: 'POST',
      url: `/api/v1/${KIND_PATH[kind]}/:id/preview-link`,
      access: { permission: permissionFor(kind, 'edit') },
      scope: 'tenant',
      schema: {
        summary: `A signed, expiring link to the ${kind}'s working copy as the site will show it`,
        tags: [KIND_PATH[kind]],
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Object(
          {
            lang: Type.Optional(Type.String({ maxLength: 16 })),
            hours: Type.Optional(Type.Integer({ minimum: 1, maximum: PREVIEW_HOURS.max })),
          },
          { additionalProperties: false },
        ),
      },
      async handler(ctx, input, _request, reply) {
        const settings = await publicSiteSettings(ctx);
        const lang = input.body.lang ?? settings.defaultLanguage;
        if (!settings.languages.some((l) => l === lang)) {
          throw Errors.invalidField('lang', {
            ja: 'サイトで公開していない言語です。',
            en: 'The site does not publish this language.',
          });
        }
        const link = await createPreviewLink(ctx, deps.previews, kind, input.params.id, input.body.hours);
        reply.code(201).header('cache-control', 'no-store');
        return { ...link, lang, url: `${config.baseUrl}/s/${ctx.scope.org}/preview/${link.token}/${lang}` };
      },
    });
  }

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/preview/:token/:lang',
    access: { public: true },
    scope: 'tenant',
    schema: {
      summary: 'Public site: a signed preview of a draft',
      hide: true,
      params: Type.Object({
        serviceCode: Type.String({ maxLength: 64 }),
        token: Type.String({ maxLength: 200 }),
        lang: Type.String({ maxLength: 16 }),
      }),
    },
    async handler(ctx, input, request, reply) {
      const settings = await publicSiteSettings(ctx);
      const lang = settings.languages.find((l) => l === input.params.lang);
      const base = sitePage(ctx, request, config, settings, lang ?? settings.defaultLanguage);
      privateAnswer(reply).type('text/html; charset=utf-8');
      try {
        if (!lang) throw Errors.notFound();
        const grant = openPreview(ctx, deps.previews, input.params.token);
        const page: SitePage = {
          ...base,
          // Canonical and alternates name the live page the draft will become.
          path: `/${KIND_PATH[grant.kind]}/${grant.id}`,
          preview: { mediaPrefix: `${base.links.prefix}/preview/${input.params.token}/media` },
        };
        return await renderPreview(ctx, grant, lang, page);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'preview_expired') return reply.code(410).send(previewExpiredPage(base));
        if (error.status === 404) return reply.code(404).send(notFoundPage(base));
        throw error;
      }
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/preview/:token/media/:id/:variant',
    access: { public: true },
    // Looked up in a short transaction of its own: none may be open while the file streams.
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'A file shown by a preview: an image of the draft, or a public one',
      hide: true,
      params: Type.Object({
        serviceCode: Type.String({ maxLength: 64 }),
        token: Type.String({ maxLength: 200 }),
        id: Type.String({ maxLength: 64 }),
        variant: Type.String({ maxLength: 20 }),
      }),
    },
    async handler(ctx, input, request, reply) {
      const { token, id } = input.params;
      const variant = PUBLIC_VARIANTS[input.params.variant];
      const file =
        variant &&
        (await ctx.transaction((tx) =>
          findPreviewMediaFile(tx, deps.previews, deps.media.usage, token, id, variant),
        ));
      if (!file) throw Errors.notFound();
      privateAnswer(reply);
      return sendMediaFile(deps.media, ctx.scope.org, file, request, reply, 'no-store');
    },
  });
}

function sitePage(
  ctx: TenantContext,
  request: FastifyRequest,
  config: Config,
  settings: SitePage['settings'],
  lang: SiteLanguage,
): SitePage {
  return {
    org: ctx.org,
    lang,
    settings,
    links: siteLinks(request, ctx.org, config),
    path: '/',
    mapTileUrl: config.mapTileUrl,
  };
}
