import { sql } from 'kysely';
import { type Context, tenantOrg } from '../../platform/http/context.js';
import { Errors } from '../../platform/http/errors.js';
import { isUuid } from './content.repo.js';
import { type ContentKind, LANGUAGES, type Language } from './content.schema.js';
import { decodeCursor, encodeCursor, likePattern } from './content-list.service.js';
import { renderArticleMarkdown } from './lib/markdown.js';
import {
  type CourseForPublishing,
  type EventForPublishing,
  eventJsonLd,
  type SpotForPublishing,
  touristAttractionJsonLd,
  touristTripJsonLd,
} from './lib/structured-data.js';
import { normaliseForSearch, searchTerms } from './lib/text-normalise.js';

/** A text in the requested language, or the Japanese one with `lang: 'ja'` when missing. */
export interface PublicText {
  text: string;
  lang: Language;
}

function isLocalized(value: unknown): value is Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.includes('ja') && keys.every((k) => (LANGUAGES as readonly string[]).includes(k));
}

/** Replaces every per-language text with the chosen language's, falling back to Japanese (marked). */
export function localize(value: unknown, lang: Language): unknown {
  if (isLocalized(value)) {
    const own = value[lang];
    if (own && own.trim() !== '') return { text: own, lang };
    return value.ja ? { text: value.ja, lang: 'ja' } : null;
  }
  if (Array.isArray(value)) return value.map((v) => localize(v, lang));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, lang)]));
  }
  return value;
}

export async function siteLanguages(ctx: Context): Promise<Language[]> {
  if (ctx.scope.kind !== 'tenant') throw Errors.notFound();
  const row = await ctx.tx
    .selectFrom('tenant.site_settings')
    .select('languages')
    .where('org', '=', ctx.scope.org)
    .executeTakeFirst();
  return (row?.languages ?? ['ja']) as Language[];
}

async function requireLanguage(ctx: Context, lang: string | undefined): Promise<Language> {
  const chosen = (lang ?? 'ja') as Language;
  // A language the organisation does not publish in does not exist on its site.
  if (!(await siteLanguages(ctx)).includes(chosen)) throw Errors.notFound();
  return chosen;
}

const org = (ctx: Context) => tenantOrg(ctx, Errors.notFound);

export interface PublicQuery {
  lang?: string;
  category?: string;
  tag?: string;
  q?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** Live items only: published, and the live copy is what is shown. Drafts never leave here. */
export function liveItems(ctx: Context, kind: ContentKind) {
  return ctx.tx
    .selectFrom('tenant.content_items')
    .select(['id', 'kind', 'published_data', 'published_at', 'updated_at'])
    .where('org', '=', org(ctx))
    .where('kind', '=', kind)
    .where('published_data', 'is not', null);
}

export async function publicList(ctx: Context, kind: ContentKind, query: PublicQuery) {
  const lang = await requireLanguage(ctx, query.lang);
  const limit = query.limit ?? 50;
  let q = liveItems(ctx, kind);
  if (query.category) q = q.where(sql<boolean>`published_data->>'category' = ${query.category}`);
  if (query.tag) q = q.where(sql<boolean>`published_data->'tags' ? ${query.tag}`);
  for (const term of searchTerms(query.q ?? '')) {
    q = q.where('public_search_text', 'like', likePattern(normaliseForSearch(term)));
  }
  if (kind === 'event') {
    // Events by date: upcoming (not yet ended) unless a range is asked for.
    const endDate = sql<string>`coalesce(published_data->>'endDate', published_data->>'startDate')`;
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    q = q.where(sql<boolean>`${endDate} >= ${query.from ?? today}`);
    if (query.to) q = q.where(sql<boolean>`published_data->>'startDate' <= ${query.to}`);
    const cursor = decodeCursor(query.cursor);
    if (cursor)
      q = q.where(
        sql<boolean>`(published_data->>'startDate', id) > (${String(cursor[0])}, ${String(cursor[1])}::uuid)`,
      );
    const rows = await q
      .orderBy(sql`published_data->>'startDate'`)
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = rows.length > limit ? page.at(-1) : undefined;
    return {
      lang,
      items: page.map((r) => toPublic(r, lang)),
      nextCursor: last ? encodeCursor([String(last.published_data!.startDate), last.id]) : null,
    };
  }
  const cursor = decodeCursor(query.cursor);
  if (cursor)
    q = q.where(
      sql<boolean>`(published_at, id) < (${new Date(String(cursor[0]))}, ${String(cursor[1])}::uuid)`,
    );
  const rows = await q
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = rows.length > limit ? page.at(-1) : undefined;
  return {
    lang,
    items: page.map((r) => toPublic(r, lang)),
    nextCursor: last ? encodeCursor([last.published_at!.toISOString(), last.id]) : null,
  };
}

export function toPublic(
  row: {
    id: string;
    kind: ContentKind;
    published_data: Record<string, unknown> | null;
    published_at: Date | null;
    updated_at: Date;
  },
  lang: Language,
) {
  return {
    id: row.id,
    kind: row.kind,
    publishedAt: row.published_at!.toISOString(),
    ...(localize(row.published_data, lang) as Record<string, unknown>),
  };
}

export async function publicGet(ctx: Context, kind: ContentKind, id: string, langParam: string | undefined) {
  const lang = await requireLanguage(ctx, langParam);
  if (!isUuid(id)) throw Errors.notFound();
  const row = await liveItems(ctx, kind).where('id', '=', id).executeTakeFirst();
  if (!row) throw Errors.notFound();
  const item = toPublic(row, lang);
  const data = row.published_data!;
  if (kind === 'course') {
    const stops = (data.stops ?? []) as { spotId: string; stayMinutes: number; minutesToNext?: number }[];
    const spots = await publishedSpots(
      ctx,
      stops.map((s) => s.spotId),
      lang,
    );
    const total = stops.reduce(
      (sum, s, i) => sum + s.stayMinutes + (i < stops.length - 1 ? (s.minutesToNext ?? 0) : 0),
      0,
    );
    return {
      ...item,
      totalMinutes: total,
      // A stop whose spot is not public is shown without its details.
      stops: ((item as Record<string, unknown>).stops as Record<string, unknown>[]).map((stop, i) => ({
        ...stop,
        spot: spots.get(stops[i]!.spotId) ?? null,
      })),
    };
  }
  if (kind === 'article') {
    const body = data.body as Record<string, string>;
    const own = body[lang]?.trim() ? lang : 'ja';
    const related = await publishedSpots(ctx, (data.relatedSpotIds ?? []) as string[], lang);
    return {
      ...item,
      body: { html: renderArticleMarkdown(body[own] ?? ''), lang: own },
      relatedSpots: [...related.values()],
    };
  }
  if (kind === 'event') {
    const venue = data.venue as { spotId?: string };
    if (venue?.spotId) {
      const spots = await publishedSpots(ctx, [venue.spotId], lang);
      return { ...item, venueSpot: spots.get(venue.spotId) ?? null };
    }
  }
  return item;
}

async function publishedSpots(ctx: Context, ids: string[], lang: Language) {
  const map = new Map<string, { id: string; name: unknown; lat: unknown; lng: unknown }>();
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return map;
  const rows = await liveItems(ctx, 'spot').where('id', 'in', valid).execute();
  for (const row of rows) {
    const data = row.published_data!;
    map.set(row.id, {
      id: row.id,
      name: localize(data.name, lang),
      lat: data.lat ?? null,
      lng: data.lng ?? null,
    });
  }
  return map;
}

/** Search over every public kind, in the live copies only. */
export async function publicSearch(ctx: Context, query: { q: string; lang?: string; limit?: number }) {
  const lang = await requireLanguage(ctx, query.lang);
  const terms = searchTerms(query.q);
  if (terms.length === 0) return { lang, items: [] };
  let q = ctx.tx
    .selectFrom('tenant.content_items')
    .select(['id', 'kind', 'published_data', 'published_at', 'updated_at'])
    .where('org', '=', org(ctx))
    .where('published_data', 'is not', null);
  for (const term of terms) q = q.where('public_search_text', 'like', likePattern(normaliseForSearch(term)));
  const rows = await q
    .orderBy('published_at', 'desc')
    .limit(query.limit ?? 50)
    .execute();
  return { lang, items: rows.map((r) => toPublic(r, lang)) };
}

/**
 * schema.org JSON-LD of one live item (TouristAttraction, Event, TouristTrip), as the public site
 * embeds it; `pageUrl` is the item's public page.
 */
export async function publicJsonLd(
  ctx: Context,
  kind: 'spot' | 'event' | 'course',
  id: string,
  langParam: string | undefined,
  siteUrl: string,
) {
  const lang = await requireLanguage(ctx, langParam);
  if (!isUuid(id)) throw Errors.notFound();
  const row = await liveItems(ctx, kind).where('id', '=', id).executeTakeFirst();
  if (!row) throw Errors.notFound();
  const data = row.published_data as Record<string, unknown>;
  const url = `${siteUrl}/s/${org(ctx)}/${lang}/${kind === 'spot' ? 'spots' : kind === 'event' ? 'events' : 'courses'}/${id}`;
  if (kind === 'spot')
    return touristAttractionJsonLd({ ...data, id } as unknown as SpotForPublishing, { url, lang });
  if (kind === 'event') {
    return eventJsonLd({ ...data, id } as unknown as EventForPublishing, {
      url,
      lang,
      org: { name: ctx.org?.nameJa ?? '', url: `${siteUrl}/s/${org(ctx)}/` },
    });
  }
  const stops = (data.stops ?? []) as { spotId: string; stayMinutes: number; minutesToNext?: number }[];
  const spotRows = stops.length
    ? await liveItems(ctx, 'spot')
        .where(
          'id',
          'in',
          stops.map((s) => s.spotId),
        )
        .execute()
    : [];
  const byId = new Map(spotRows.map((r) => [r.id, r.published_data as Record<string, unknown>]));
  return touristTripJsonLd(
    {
      id,
      name: data.name,
      description: data.description,
      // Stops whose spot is not public are left out of the itinerary.
      stops: stops
        .filter((s) => byId.has(s.spotId))
        .map((s) => ({
          name: byId.get(s.spotId)!.name,
          description: byId.get(s.spotId)!.description,
          url: `${siteUrl}/s/${org(ctx)}/${lang}/spots/${s.spotId}`,
          stayMinutes: s.stayMinutes,
          ...(s.minutesToNext === undefined ? {} : { minutesToNext: s.minutesToNext }),
        })),
    } as unknown as CourseForPublishing,
    { url, lang },
  );
}
