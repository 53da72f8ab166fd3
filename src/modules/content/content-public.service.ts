/**
 * The public read API: live copies only, per language with Japanese fallback, from the same read
 * models the public site renders (public/read-models.ts) and the same JSON-LD (public/json-ld.ts).
 */
import type { TenantContext } from '../../platform/access/context.js';
import { Errors } from '../../platform/errors.js';
import { publicSiteSettings } from '../site-settings/index.js';
import type { ContentKind, Language } from './content.schema.js';
import { jsonLdFor } from './public/json-ld.js';
import type { PublicText } from './public/public-item.js';
import { listLive, loadDetail, type PublicQuery, searchLive } from './public/read-models.js';

export type { PublicQuery, PublicText };

/** The languages the organisation publishes its site in. */
export async function siteLanguages(ctx: TenantContext): Promise<Language[]> {
  return (await publicSiteSettings(ctx)).languages;
}

async function requireLanguage(ctx: TenantContext, lang: string | undefined): Promise<Language> {
  const chosen = lang ?? 'ja';
  // A language the organisation does not publish in does not exist on its site.
  const published = (await siteLanguages(ctx)).find((l) => l === chosen);
  if (!published) throw Errors.notFound();
  return published;
}

export async function publicList(
  ctx: TenantContext,
  kind: ContentKind,
  query: PublicQuery & { lang?: string },
) {
  const lang = await requireLanguage(ctx, query.lang);
  const { items, nextCursor } = await listLive(ctx, kind, lang, query);
  return { lang, items, nextCursor };
}

export async function publicGet(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  langParam: string | undefined,
) {
  const lang = await requireLanguage(ctx, langParam);
  return (await loadDetail(ctx, kind, id, lang)).item;
}

/** Search over every public kind, in the live copies only. */
export async function publicSearch(ctx: TenantContext, query: { q: string; lang?: string; limit?: number }) {
  const lang = await requireLanguage(ctx, query.lang);
  return { lang, items: await searchLive(ctx, query.q, lang, query.limit ?? 50) };
}

/**
 * schema.org JSON-LD of one live item, exactly as its page on the public site embeds it;
 * `siteUrl` is the service's base URL (the site under `/s/{code}`).
 */
export async function publicJsonLd(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  langParam: string | undefined,
  siteUrl: string,
) {
  const lang = await requireLanguage(ctx, langParam);
  if (!ctx.org) throw Errors.notFound();
  const detail = await loadDetail(ctx, kind, id, lang);
  return jsonLdFor(detail, { org: ctx.org, base: `${siteUrl}/s/${ctx.org.serviceCode}` });
}
