/**
 * The public read API: live copies only, per language with Japanese fallback, from the same read
 * models the public site renders (public/read-models.ts) and the same JSON-LD (public/json-ld.ts).
 */
import type { PublishedContext, TenantContext } from '../../platform/access/context.js';
import { Errors, found } from '../../platform/errors.js';
import { joinedJson, type PublicJson } from '../../platform/http/cache.js';
import { isUuidAnyCase } from '../../platform/ids.js';
import { publicSiteSettings } from '../site-settings/index.js';
import type { ContentKind, Language } from './content.schema.js';
import { jsonLdFor } from './public/json-ld.js';
import type { PublicText } from './public/public-item.js';
import type { ListPage, PublishedReads, PublishedSite } from './public/published-reads.js';
import { liveListFilter, loadDetail, type PublicQuery, searchLive } from './public/read-models.js';

export type { PublicQuery, PublicText };

/** The languages the organisation publishes its site in. */
export async function siteLanguages(ctx: TenantContext): Promise<Language[]> {
  return (await publicSiteSettings(ctx)).languages;
}

async function requireLanguage(ctx: TenantContext, lang: string | undefined): Promise<Language> {
  return publishedLanguage(await siteLanguages(ctx), lang);
}

/** The asked language (Japanese by default) when the site publishes it; otherwise 404. */
function publishedLanguage(languages: readonly Language[], lang: string | undefined): Language {
  const chosen = lang ?? 'ja';
  // A language the organisation does not publish in does not exist on its site.
  const published = languages.find((l) => l === chosen);
  if (!published) throw Errors.notFound();
  return published;
}

/** One published item from the published read model, as JSON: no transaction, from memory when the model holds it. */
export async function publishedGet(
  ctx: PublishedContext,
  reads: PublishedReads,
  kind: ContentKind,
  id: string,
  langParam: string | undefined,
): Promise<PublicJson> {
  const site = await reads.site(ctx);
  const lang = publishedLanguage(site.settings.languages, langParam);
  return found(await reads.detail(ctx.scope.org, site, kind, id, lang));
}

/**
 * As publishedGet, from node memory alone and before the route validates anything (the route's
 * `fromMemory`): only for a UUID, no query but a `lang` the site publishes, a site and a model
 * this node holds, and a live item. Anything else is undefined, and the route answers it (400,
 * 404, or from the database) as before.
 */
export function publishedGetFromMemory(
  reads: PublishedReads,
  org: string,
  kind: ContentKind,
  input: { params: unknown; query: unknown },
): PublicJson | undefined {
  const { id } = input.params as { id?: unknown };
  if (!isUuidAnyCase(id)) return undefined;
  let lang: unknown = 'ja';
  for (const [name, value] of Object.entries(input.query as Record<string, unknown>)) {
    if (name !== 'lang') return undefined;
    lang = value;
  }
  const held = heldSite(reads, org, lang);
  return held && reads.detailHeld(org, held.site, kind, id, held.lang);
}

/** The site this node holds and the asked language when the site publishes it; no look-up. */
function heldSite(
  reads: PublishedReads,
  org: string,
  lang: unknown,
): { site: PublishedSite; lang: Language } | undefined {
  const site = reads.siteHeld(org);
  const published = site?.settings.languages.find((l) => l === lang);
  return site && published && { site, lang: published };
}

/**
 * A page of a public list from the published read model, as JSON: `{ lang, items, nextCursor }`
 * with the items serialised ahead (the model's) and the cursor as `seal` gives it out.
 */
export async function publishedList(
  ctx: PublishedContext,
  reads: PublishedReads,
  kind: ContentKind,
  query: PublicQuery & { lang?: string },
  seal: (cursor: string | null) => string | null,
): Promise<PublicJson> {
  const site = await reads.site(ctx);
  const lang = publishedLanguage(site.settings.languages, query.lang);
  const filter = liveListFilter(kind, query);
  return listJson(lang, await reads.list(ctx.scope.org, kind, filter, lang), seal);
}

/**
 * As publishedList, from node memory alone and before the route validates anything (the route's
 * `fromMemory`): only the first page, with no query but `limit` (1–100 written plainly) and a
 * `lang` the site publishes, from a site and a model this node holds. Anything else (a cursor,
 * filters, a search, bad input) is undefined, and the route answers it as before.
 */
export function publishedListFromMemory(
  reads: PublishedReads,
  org: string,
  kind: ContentKind,
  input: { query: unknown },
  seal: (cursor: string | null) => string | null,
): PublicJson | undefined {
  let lang: unknown = 'ja';
  let limit: number | undefined;
  for (const [name, value] of Object.entries(input.query as Record<string, unknown>)) {
    if (name === 'lang') lang = value;
    else if (name === 'limit' && typeof value === 'string' && /^(?:[1-9][0-9]?|100)$/.test(value))
      limit = Number(value);
    else return undefined;
  }
  const held = heldSite(reads, org, lang);
  if (!held) return undefined;
  const filter = liveListFilter(kind, limit === undefined ? {} : { limit });
  const page = reads.listHeld(org, kind, filter, held.lang);
  return page && listJson(held.lang, page, seal);
}

/**
 * Byte for byte what JSON.stringify({ lang, items, nextCursor }) gives for the parsed items, joined
 * from the items' kept bytes, with the ETag of their digests (joinedJson).
 */
function listJson(
  lang: Language,
  { items, next }: ListPage,
  seal: (cursor: string | null) => string | null,
): PublicJson {
  const nextCursor = seal(next);
  return joinedJson(
    `{"lang":${JSON.stringify(lang)},"items":[`,
    items,
    `],"nextCursor":${JSON.stringify(nextCursor)}}`,
  );
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
