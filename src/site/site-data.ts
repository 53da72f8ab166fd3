/**
 * What the public pages read, beyond the content module's public services: the site settings,
 * images with their alt text, events expanded into dated occurrences, spot categories, nearby
 * spots and the sitemap's list. Everything reads live copies only (liveItems), never drafts.
 */
import { sql } from 'kysely';
import type { ContentKind, Language } from '../modules/content/content.schema.js';
import { liveItems, localize, type PublicText, toPublic } from '../modules/content/content-public.service.js';
import { jstDate, jstDateTime } from '../modules/content/content-time.js';
import { expandOccurrences } from '../modules/content/lib/recurrence.js';
import { getSiteSettings } from '../modules/site-settings/site-settings.service.js';
import type { Context } from '../platform/http/context.js';
import { Errors } from '../platform/http/errors.js';
import { categoryName, type SiteLanguage } from './site-i18n.js';

export type Text = PublicText | null | undefined;
/** A live item in one language: its data with every text as { text, lang }. */
export type PublicItem = { id: string; kind: ContentKind; publishedAt: string } & Record<string, unknown>;

export interface FooterLink {
  label: Partial<Record<Language, string>> & { ja: string };
  url: string;
}

export interface SiteSettings {
  languages: SiteLanguage[];
  defaultLanguage: SiteLanguage;
  logoMediaId: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  footerLinks: FooterLink[];
}

const orgOf = (ctx: Context) => {
  if (ctx.scope.kind !== 'tenant') throw Errors.notFound();
  return ctx.scope.org;
};

/** The site settings; languages are site languages by the table's check constraint. */
export async function loadSiteSettings(ctx: Context): Promise<SiteSettings> {
  return (await getSiteSettings(ctx)) as SiteSettings;
}

export interface SiteImage {
  id: string;
  /** Alt text in the page language, else Japanese; empty when none was written. */
  alt: string;
  altLang: Language;
}

/** The organisation's images among `ids`, in that order, with alt text from the media library. */
export async function loadImages(ctx: Context, ids: readonly string[], lang: Language): Promise<SiteImage[]> {
  const wanted = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (wanted.length === 0) return [];
  const rows = await ctx.tx
    .selectFrom('tenant.media')
    .select(['id', 'alt'])
    .where('org', '=', orgOf(ctx))
    .where('kind', '=', 'image')
    .where('id', 'in', wanted)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r.alt as Record<string, string>]));
  return wanted.flatMap((id) => {
    const alt = byId.get(id);
    if (!alt) return [];
    const own = alt[lang]?.trim();
    return [{ id, alt: own || alt.ja || '', altLang: own ? lang : 'ja' }];
  });
}

export async function liveItem(ctx: Context, kind: ContentKind, id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw Errors.notFound();
  const row = await liveItems(ctx, kind).where('id', '=', id).executeTakeFirst();
  if (!row) throw Errors.notFound();
  return row;
}

/** Live spots by id, localized, in the order asked. */
export async function spotsById(ctx: Context, ids: readonly string[], lang: Language) {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (valid.length === 0) return new Map<string, PublicItem>();
  const rows = await liveItems(ctx, 'spot').where('id', 'in', valid).execute();
  return new Map(rows.map((r) => [r.id, toPublic(r, lang) as PublicItem]));
}

/** How many live spots there are (in a category). */
export async function countSpots(ctx: Context, category?: string): Promise<number> {
  let q = liveItems(ctx, 'spot')
    .clearSelect()
    .select((eb) => eb.fn.countAll<string>().as('n'));
  if (category) q = q.where(sql<boolean>`published_data->>'category' = ${category}`);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface NearbySpot {
  item: PublicItem;
  km: number;
}

/** The closest live spots to a point (equirectangular distance: fine at town scale). */
export async function nearbySpots(
  ctx: Context,
  point: { lat: number; lng: number },
  excludeId: string,
  lang: Language,
  limit = 4,
): Promise<NearbySpot[]> {
  const lat = sql<number>`(published_data->>'lat')::float8`;
  const lng = sql<number>`(published_data->>'lng')::float8`;
  const cos = Math.cos((point.lat * Math.PI) / 180);
  const distance = sql<number>`sqrt(power(${lat} - ${point.lat}, 2) + power((${lng} - ${point.lng}) * ${cos}, 2)) * 111.32`;
  const rows = await liveItems(ctx, 'spot')
    .select(distance.as('km'))
    .where('id', '!=', excludeId)
    .where(sql<boolean>`published_data ? 'lat' and published_data ? 'lng'`)
    .orderBy(distance)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ item: toPublic(r, lang) as PublicItem, km: Number(r.km) }));
}

/** Spot categories that have live spots, with their names (the organisation's own, else built in). */
export async function spotCategories(ctx: Context, lang: SiteLanguage) {
  const used = await liveItems(ctx, 'spot')
    .clearSelect()
    .select(sql<string>`published_data->>'category'`.as('code'))
    .groupBy(sql`published_data->>'category'`)
    .orderBy(sql`published_data->>'category'`)
    .execute();
  const own = await ctx.tx
    .selectFrom('tenant.content_categories')
    .select(['code', 'names'])
    .where('org', '=', orgOf(ctx))
    .where('kind', '=', 'spot')
    .execute();
  const names = new Map(own.map((r) => [r.code, localize(r.names, lang) as Text]));
  return used
    .filter((r) => r.code)
    .map((r) => {
      const name = names.get(r.code);
      return { code: r.code, name: name ?? { text: categoryName(lang, r.code), lang } };
    });
}

export interface EventOccurrence {
  /** First day of this occurrence, YYYY-MM-DD (Asia/Tokyo). */
  date: string;
  /** Last day (multi-day events), YYYY-MM-DD. */
  endDate: string;
  /** The occurrence's start instant, for recurring events. */
  start: Date | null;
  event: PublicItem;
}

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * Live events happening between two dates (inclusive), each recurring event expanded into its
 * occurrences; sorted by date, then start time.
 */
export async function eventOccurrences(
  ctx: Context,
  lang: Language,
  from: string,
  to: string,
  limit = 500,
): Promise<EventOccurrence[]> {
  const rows = await liveItems(ctx, 'event')
    .where(sql<boolean>`published_data->>'startDate' <= ${to}`)
    .where(
      sql<boolean>`(coalesce(published_data->>'endDate', published_data->>'startDate') >= ${from} or published_data ? 'recurrence')`,
    )
    .orderBy(sql`published_data->>'startDate'`)
    .limit(2000)
    .execute();
  const found: EventOccurrence[] = [];
  for (const row of rows) {
    const data = row.published_data as Record<string, string | undefined>;
    const startDate = data.startDate!;
    const span = data.endDate ? Math.round((Date.parse(data.endDate) - Date.parse(startDate)) / DAY_MS) : 0;
    const event = toPublic(row, lang) as PublicItem;
    if (data.recurrence) {
      let starts: Date[] = [];
      try {
        starts = expandOccurrences(
          data.recurrence,
          jstDateTime(startDate, data.startTime),
          jstDateTime(addDays(from, -span)),
          jstDateTime(to, undefined, true),
          limit,
        );
      } catch {
        // A rule the site cannot read still shows its first date.
        starts = [jstDateTime(startDate, data.startTime)];
      }
      for (const start of starts) {
        const date = jstDate(start);
        found.push({ date, endDate: addDays(date, span), start, event });
      }
    } else {
      found.push({ date: startDate, endDate: data.endDate ?? startDate, start: null, event });
    }
  }
  return found
    .filter((o) => o.endDate >= from && o.date <= to)
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        String(a.event.startTime ?? '').localeCompare(String(b.event.startTime ?? '')) ||
        a.event.id.localeCompare(b.event.id),
    )
    .slice(0, limit);
}

/** The next occurrences of one recurring event from today. */
export function nextOccurrences(data: Record<string, unknown>, today: string, count: number): string[] {
  const rule = data.recurrence as string | undefined;
  if (!rule) return [];
  try {
    return expandOccurrences(
      rule,
      jstDateTime(String(data.startDate), data.startTime as string | undefined),
      jstDateTime(today),
      jstDateTime(addDays(today, 800), undefined, true),
      count,
    ).map(jstDate);
  } catch {
    return [];
  }
}

/** Every live item of the organisation, for the sitemap. */
export async function sitemapItems(ctx: Context) {
  return ctx.tx
    .selectFrom('tenant.content_items')
    .select(['id', 'kind', 'published_at', 'updated_at'])
    .where('org', '=', orgOf(ctx))
    .where('published_data', 'is not', null)
    .orderBy('kind')
    .orderBy('published_at', 'desc')
    .limit(50_000)
    .execute();
}

export const todayInTokyo = () => jstDate(new Date());
export { addDays };
