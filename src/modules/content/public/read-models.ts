/**
 * The public read models: what the public API answers and the public site renders, read from
 * live copies only. One loader per page; each runs a handful of queries (content-public.repo.ts)
 * and resolves references (venue, stops, related spots) to live spots, leaving the others out so
 * no unpublished id ever leaves here. Callers check the language against the site settings.
 */

import {
  isStandardCategory,
  STANDARD_CATEGORY_NAMES,
  standardCategories,
} from '../../../contract/categories.js';
import type { TenantContext } from '../../../platform/access/context.js';
import { Errors } from '../../../platform/errors.js';
import { jstDate, jstDateTime } from '../../../platform/time/jst.js';
import { imageAltTexts } from '../../media/index.js';
import { listOwnCategories } from '../categories/categories.repo.js';
import { itemDataForExport } from '../content.repo.js';
import type { ContentKind, EventData, Language, SpotData } from '../content.schema.js';
import { decodeCursor, encodeCursor, likePattern } from '../content-list.service.js';
import { renderArticleMarkdown } from '../lib/markdown.js';
import { expandOccurrences } from '../lib/recurrence.js';
import { searchTerms, searchVariants } from '../lib/text-normalise.js';
import {
  allLiveItems,
  countLiveSpots,
  findLiveItem,
  findLiveItems,
  findWorkingCopy,
  type LiveListFilter,
  listLiveItems,
  liveEventsBetween,
  liveSpotCategoryCodes,
  liveSpotIds,
  nearbyLiveSpots,
  searchLiveItems,
  sitemapRows,
} from './content-public.repo.js';
import {
  type LiveRow,
  localize,
  type PublicArticleDetail,
  type PublicCourseDetail,
  type PublicEvent,
  type PublicEventDetail,
  type PublicItem,
  type PublicItemOf,
  type PublicSpot,
  type PublicText,
  referencedSpotIds,
  type SpotRef,
  toPublic,
  withoutHiddenSpots,
} from './public-item.js';

const DAY_MS = 86_400_000;
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
export const todayInTokyo = () => jstDate(new Date());

// ---------------------------------------------------------------------------------------------
// Images and references

export interface PublicImage {
  id: string;
  /** Alt text in the page language, else Japanese; empty when none was written. */
  alt: string;
  altLang: Language;
}

/** The images an item shows, in its order (an article: its hero image). */
export function imageIdsOf(row: LiveRow): string[] {
  if (row.kind === 'article') return row.data.heroImageId ? [row.data.heroImageId] : [];
  return row.data.imageIds ?? [];
}

/** The organisation's images among `ids`, in that order, with alt text from the media library. */
export async function imagesOf(
  ctx: TenantContext,
  ids: readonly string[],
  lang: Language,
): Promise<PublicImage[]> {
  const wanted = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  return imagesFrom(wanted, await imageAltTexts(ctx.tx, ctx.scope.org, wanted), lang);
}

/** The images among `ids` that have alt texts (those of the library), in the page language. */
export function imagesFrom(
  ids: readonly string[],
  alts: ReadonlyMap<string, Record<string, string>>,
  lang: Language,
): PublicImage[] {
  return ids.flatMap((id) => {
    const alt = alts.get(id);
    if (!alt) return [];
    const own = alt[lang]?.trim();
    return [{ id, alt: own || alt.ja || '', altLang: own ? lang : 'ja' }];
  });
}

/** Cards show one image each: the first of each item, by image id. */
async function cardImages(ctx: TenantContext, rows: readonly LiveRow[], lang: Language) {
  const firsts = rows.flatMap((r) => imageIdsOf(r).slice(0, 1));
  return new Map((await imagesOf(ctx, firsts, lang)).map((img) => [img.id, img]));
}

/** The rows without references to spots that are not live. */
async function visible<K extends ContentKind>(ctx: TenantContext, rows: LiveRow<K>[]): Promise<LiveRow<K>[]> {
  const refs = rows.flatMap((r) => referencedSpotIds(r));
  if (refs.length === 0) return rows;
  const live = await liveSpotIds(ctx.tx, ctx.scope.org, refs);
  return rows.map((r) => withoutHiddenSpots(r, live));
}

const spotRef = (row: LiveRow<'spot'>, lang: Language): SpotRef => ({
  id: row.id,
  name: localize(row.data.name, lang),
  lat: row.data.lat ?? null,
  lng: row.data.lng ?? null,
});

// ---------------------------------------------------------------------------------------------
// Lists and search

export interface PublicQuery {
  category?: string | undefined;
  tag?: string | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface PublicList<K extends ContentKind> {
  items: PublicItemOf<K>[];
  rows: LiveRow<K>[];
  nextCursor: string | null;
}

/** Per query term, the LIKE patterns of its spellings (any one matching is enough). */
const patterns = (q: string | undefined) =>
  searchTerms(q ?? '').map((term) => searchVariants(term).map(likePattern));

/** The keyset a page ends at: events by start date, the others by publication. */
function keyOf(row: LiveRow): [string, string] {
  return row.kind === 'event' ? [row.data.startDate, row.id] : [row.publishedAt.toISOString(), row.id];
}

/** A page of live items of one kind; events are upcoming (not ended today) unless a range is asked. */
export async function listLive<K extends ContentKind>(
  ctx: TenantContext,
  kind: K,
  lang: Language,
  query: PublicQuery,
): Promise<PublicList<K>> {
  const filter = liveListFilter(kind, query);
  const rows = await listLiveItems(ctx.tx, ctx.scope.org, kind, filter);
  const page = await visible(ctx, rows.slice(0, filter.limit));
  return livePage(page, rows.length > filter.limit, lang);
}

/** The filter of a public list query (the same for the database and the published read model). */
export function liveListFilter(kind: ContentKind, query: PublicQuery): LiveListFilter {
  const cursor = decodeCursor(query.cursor);
  return {
    category: query.category,
    tag: query.tag,
    searchPatterns: patterns(query.q),
    ...(kind === 'event' ? { from: query.from ?? todayInTokyo(), to: query.to } : {}),
    after: cursor ? [String(cursor[0]), String(cursor[1])] : null,
    limit: query.limit ?? 50,
  };
}

/** A page of visible rows in one language, with the cursor of the next page when there is one. */
export function livePage<K extends ContentKind>(
  page: LiveRow<K>[],
  more: boolean,
  lang: Language,
): PublicList<K> {
  return { items: page.map((r) => toPublic(r, lang)), rows: page, nextCursor: nextCursorOf(page, more) };
}

/** The cursor of the page after `page` (its visible rows) when there is one. */
export function nextCursorOf(page: readonly LiveRow[], more: boolean): string | null {
  const last = more ? page.at(-1) : undefined;
  return last ? encodeCursor(keyOf(last)) : null;
}

/** Search over every public kind, in the live copies only. */
export async function searchLive(
  ctx: TenantContext,
  q: string,
  lang: Language,
  limit = 50,
): Promise<PublicItem[]> {
  const terms = patterns(q);
  if (terms.length === 0) return [];
  const rows = await visible(ctx, await searchLiveItems(ctx.tx, ctx.scope.org, terms, limit));
  return rows.map((r) => toPublic(r, lang));
}

// ---------------------------------------------------------------------------------------------
// One item with what its page shows

interface DetailBase {
  lang: Language;
  images: PublicImage[];
}
export interface SpotDetail extends DetailBase {
  kind: 'spot';
  row: LiveRow<'spot'>;
  item: PublicSpot;
  /** The category's name in the page language (own or standard; null for an unknown code). */
  categoryName: PublicText | null;
}
export interface EventDetail extends DetailBase {
  kind: 'event';
  row: LiveRow<'event'>;
  item: PublicEventDetail;
  /** The live venue spot, whose name, address and position fill what the venue leaves out. */
  venueSpot: SpotData | null;
  /** The category's name in the page language (own or standard; null for an unknown code). */
  categoryName: PublicText | null;
  /** The next dates of a recurring event from today (none for a one-off event). */
  nextDates: string[];
}
export interface CourseDetail extends DetailBase {
  kind: 'course';
  row: LiveRow<'course'>;
  item: PublicCourseDetail;
  /** The live spot of each stop, in the order of `row.data.stops`, stored and localised. */
  stopSpots: LiveRow<'spot'>[];
  stopPlaces: PublicSpot[];
}
export interface ArticleDetail extends DetailBase {
  kind: 'article';
  row: LiveRow<'article'>;
  item: PublicArticleDetail;
}
export type PublicDetail = SpotDetail | EventDetail | CourseDetail | ArticleDetail;
export type DetailOf<K extends ContentKind> = Extract<PublicDetail, { kind: K }>;

/**
 * Which copy of an item a detail page shows: the live copy, or (for a signed preview link only)
 * the working copy as it would look once published. References resolve to live spots either way.
 */
export type DetailCopy = 'live' | 'working';

/** One live item with its images and its live references; 404 when it is not live. */
export async function loadDetail<K extends ContentKind>(
  ctx: TenantContext,
  kind: K,
  id: string,
  lang: Language,
  copy?: DetailCopy,
): Promise<DetailOf<K>>;
export async function loadDetail(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  lang: Language,
  copy: DetailCopy = 'live',
): Promise<PublicDetail> {
  const found =
    copy === 'working'
      ? await findWorkingCopy(ctx.tx, ctx.scope.org, kind, id)
      : await findLiveItem(ctx.tx, ctx.scope.org, kind, id);
  if (!found) throw Errors.notFound();
  const spots = await findLiveItems(ctx.tx, ctx.scope.org, 'spot', referencedSpotIds(found));
  const wanted = imageIdsOf(found).filter((image) => /^[0-9a-f-]{36}$/i.test(image));
  return detailOf(
    found,
    {
      spots: new Map(spots.map((s) => [s.id, s])),
      alts: await imageAltTexts(ctx.tx, ctx.scope.org, wanted),
      own:
        found.kind === 'spot' || found.kind === 'event'
          ? await listOwnCategories(ctx.tx, ctx.scope.org, found.kind)
          : [],
    },
    lang,
  );
}

/** What a detail shows beside its row: its live referenced spots, image alt texts, own categories. */
export interface DetailParts {
  spots: ReadonlyMap<string, LiveRow<'spot'>>;
  alts: ReadonlyMap<string, Record<string, string>>;
  /** The organisation's own categories of the item's kind (spots and events). */
  own: readonly OwnCategory[];
}

interface OwnCategory {
  code: string;
  names: { ja: string };
}

/** One item's detail from its row and parts: the same for the database and the published read model. */
export function detailOf(found: LiveRow, parts: DetailParts, lang: Language): PublicDetail {
  const byId = parts.spots;
  const row = withoutHiddenSpots(found, new Set(byId.keys()));
  const images = imagesFrom(
    imageIdsOf(row).filter((image) => /^[0-9a-f-]{36}$/i.test(image)),
    parts.alts,
    lang,
  );
  switch (row.kind) {
    case 'spot':
      return {
        kind: 'spot',
        lang,
        images,
        row,
        item: toPublic(row, lang),
        categoryName: categoryName(parts.own, row.data.category, lang),
      };
    case 'event': {
      const venue = row.data.venue.spotId ? byId.get(row.data.venue.spotId) : undefined;
      return {
        kind: 'event',
        lang,
        images,
        row,
        item: { ...toPublic(row, lang), ...(venue ? { venueSpot: spotRef(venue, lang) } : {}) },
        venueSpot: venue?.data ?? null,
        categoryName: categoryName(parts.own, row.data.category, lang),
        nextDates: nextOccurrences(row.data, todayInTokyo(), 6),
      };
    }
    case 'course': {
      const item = toPublic(row, lang);
      const stops = row.data.stops.flatMap((stop, i) => {
        const spot = byId.get(stop.spotId);
        const shown = item.stops[i];
        return spot && shown ? [{ raw: stop, spot, shown }] : [];
      });
      const totalMinutes = stops.reduce(
        (sum, s, i) => sum + s.raw.stayMinutes + (i < stops.length - 1 ? (s.raw.minutesToNext ?? 0) : 0),
        0,
      );
      return {
        kind: 'course',
        lang,
        images,
        row,
        item: {
          ...item,
          totalMinutes,
          stops: stops.map((s) => ({ ...s.shown, spot: spotRef(s.spot, lang) })),
        },
        stopSpots: stops.map((s) => s.spot),
        stopPlaces: stops.map((s) => toPublic(s.spot, lang)),
      };
    }
    case 'article': {
      const body = row.data.body;
      const own = body[lang]?.trim() ? lang : 'ja';
      return {
        kind: 'article',
        lang,
        images,
        row,
        item: {
          ...toPublic(row, lang),
          body: { html: renderArticleMarkdown(body[own] ?? ''), lang: own },
          relatedSpots: (row.data.relatedSpotIds ?? []).flatMap((spotId) => {
            const spot = byId.get(spotId);
            return spot ? [spotRef(spot, lang)] : [];
          }),
        },
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Events as dated occurrences

export interface EventOccurrence {
  /** First day of this occurrence, YYYY-MM-DD (Asia/Tokyo). */
  date: string;
  /** Last day (multi-day events), YYYY-MM-DD. */
  endDate: string;
  /** The occurrence's start instant, for recurring events. */
  start: Date | null;
  event: PublicEvent;
}

/** The next occurrences of one recurring event from `today`. */
export function nextOccurrences(data: EventData, today: string, count: number): string[] {
  if (!data.recurrence) return [];
  try {
    return expandOccurrences(
      data.recurrence,
      jstDateTime(data.startDate, data.startTime),
      jstDateTime(today),
      jstDateTime(addDays(today, 800), undefined, true),
      count,
    ).map(jstDate);
  } catch {
    return [];
  }
}

/**
 * Live events happening between two dates (inclusive), each recurring event expanded into its
 * occurrences; sorted by date, then start time.
 */
export async function eventOccurrences(
  ctx: TenantContext,
  lang: Language,
  from: string,
  to: string,
  limit = 500,
): Promise<{ occurrences: EventOccurrence[]; rows: LiveRow<'event'>[] }> {
  const rows = await visible(ctx, await liveEventsBetween(ctx.tx, ctx.scope.org, from, to));
  const found: EventOccurrence[] = [];
  for (const row of rows) {
    const data = row.data;
    const span = data.endDate
      ? Math.round((Date.parse(data.endDate) - Date.parse(data.startDate)) / DAY_MS)
      : 0;
    const event = toPublic(row, lang);
    if (data.recurrence) {
      let starts: Date[] = [];
      try {
        starts = expandOccurrences(
          data.recurrence,
          jstDateTime(data.startDate, data.startTime),
          jstDateTime(addDays(from, -span)),
          jstDateTime(to, undefined, true),
          limit,
        );
      } catch {
        // A rule the site cannot read still shows its first date.
        starts = [jstDateTime(data.startDate, data.startTime)];
      }
      for (const start of starts) {
        const date = jstDate(start);
        found.push({ date, endDate: addDays(date, span), start, event });
      }
    } else {
      found.push({ date: data.startDate, endDate: data.endDate ?? data.startDate, start: null, event });
    }
  }
  const occurrences = found
    .filter((o) => o.endDate >= from && o.date <= to)
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        (a.event.startTime ?? '').localeCompare(b.event.startTime ?? '') ||
        a.event.id.localeCompare(b.event.id),
    )
    .slice(0, limit);
  const shown = new Set(occurrences.map((o) => o.event.id));
  return { occurrences, rows: rows.filter((r) => shown.has(r.id)) };
}

// ---------------------------------------------------------------------------------------------
// The site's pages

export interface HomeModel {
  spots: PublicItemOf<'spot'>[];
  events: EventOccurrence[];
  courses: PublicItemOf<'course'>[];
  articles: PublicItemOf<'article'>[];
  images: Map<string, PublicImage>;
}

export async function homeModel(ctx: TenantContext, lang: Language): Promise<HomeModel> {
  const today = todayInTokyo();
  const [spots, courses, articles, events] = await Promise.all([
    listLive(ctx, 'spot', lang, { limit: 6 }),
    listLive(ctx, 'course', lang, { limit: 3 }),
    listLive(ctx, 'article', lang, { limit: 3 }),
    eventOccurrences(ctx, lang, today, addDays(today, 120), 60),
  ]);
  // One card per event: its next occurrence.
  const seen = new Set<string>();
  const next = events.occurrences.filter((o) => !seen.has(o.event.id) && seen.add(o.event.id)).slice(0, 6);
  const shown = new Set(next.map((o) => o.event.id));
  const rows = [
    ...spots.rows,
    ...courses.rows,
    ...articles.rows,
    ...events.rows.filter((r) => shown.has(r.id)),
  ];
  return {
    spots: spots.items,
    courses: courses.items,
    articles: articles.items,
    events: next,
    images: await cardImages(ctx, rows, lang),
  };
}

export interface SpotCategory {
  code: string;
  /**
   * The organisation's own name, or the standard name (src/contract/categories.ts, the one source
   * the console shares); null only for a code neither knows (an imported value).
   */
  name: PublicText | null;
}

export interface SpotListModel {
  spots: PublicItemOf<'spot'>[];
  total: number;
  categories: SpotCategory[];
  category: string | undefined;
  nextCursor: string | null;
  firstPage: boolean;
  images: Map<string, PublicImage>;
}

/** A category's name in the page language: the organisation's own, else the standard one. */
function categoryName(own: readonly OwnCategory[], code: string, lang: Language): PublicText | null {
  const found = own.find((c) => c.code === code);
  if (found) return localize(found.names, lang);
  return isStandardCategory(code) ? { text: STANDARD_CATEGORY_NAMES[code][lang], lang } : null;
}

/**
 * The categories live spots use, named and in the organisation's order: its own categories as it
 * ordered them, then the standard ones in their order, then codes neither knows.
 */
function orderedCategories(
  used: string[],
  own: { code: string; names: { ja: string } }[],
  lang: Language,
): SpotCategory[] {
  const live = new Set(used);
  const ownNamed = own
    .filter((c) => live.has(c.code))
    .map((c) => ({ code: c.code, name: localize(c.names, lang) }));
  const ownCodes = new Set(own.map((c) => c.code));
  const standard = standardCategories('spot')
    .filter((code) => live.has(code) && !ownCodes.has(code))
    .map((code) => ({ code, name: { text: STANDARD_CATEGORY_NAMES[code][lang], lang } }));
  const unknown = [...used]
    .sort()
    .filter(
      (code) =>
        !ownCodes.has(code) && !(isStandardCategory(code) && standardCategories('spot').includes(code)),
    )
    .map((code) =>
      isStandardCategory(code)
        ? { code, name: { text: STANDARD_CATEGORY_NAMES[code][lang], lang } }
        : { code, name: null },
    );
  return [...ownNamed, ...standard, ...unknown];
}

/** The spot list page's query: a category code of the right shape (others show every spot), a cursor. */
export interface SpotListQuery {
  category?: string | undefined;
  cursor?: string | undefined;
}

export const SPOT_LIST_PAGE_SIZE = 24;

/** The category the page filters by: only a code of the right shape (anything else shows every spot). */
export function spotListCategory(query: SpotListQuery): string | undefined {
  return query.category && /^[a-z0-9][a-z0-9-]{0,39}$/.test(query.category) ? query.category : undefined;
}

/**
 * The spot list page's model from its parts, whether they come from a tenant transaction or
 * from the published model (`PublishedReads.spotListPage`): one construction for both.
 */
export function spotListOf(
  lang: Language,
  query: SpotListQuery,
  parts: {
    list: PublicList<'spot'>;
    codes: string[];
    own: { code: string; names: { ja: string } }[];
    total: number;
    images: Map<string, PublicImage>;
  },
): SpotListModel {
  return {
    spots: parts.list.items,
    total: parts.total,
    categories: orderedCategories(parts.codes, parts.own, lang),
    category: spotListCategory(query),
    nextCursor: parts.list.nextCursor,
    firstPage: !query.cursor,
    images: parts.images,
  };
}

export async function spotListModel(
  ctx: TenantContext,
  lang: Language,
  query: SpotListQuery,
): Promise<SpotListModel> {
  const category = spotListCategory(query);
  const [list, codes, own, total] = await Promise.all([
    listLive(ctx, 'spot', lang, { limit: SPOT_LIST_PAGE_SIZE, category, cursor: query.cursor }),
    liveSpotCategoryCodes(ctx.tx, ctx.scope.org),
    listOwnCategories(ctx.tx, ctx.scope.org, 'spot'),
    countLiveSpots(ctx.tx, ctx.scope.org, category),
  ]);
  return spotListOf(lang, query, { list, codes, own, total, images: await cardImages(ctx, list.rows, lang) });
}

/**
 * What a spot's card shows (the site's spotCard): a page's nearest spots are read as this, and the
 * published tier keeps each spot's card beside its entry so a page reads no neighbour's whole row.
 */
export type SpotCardItem = Pick<
  PublicSpot,
  'id' | 'kind' | 'publishedAt' | 'name' | 'category' | 'address' | 'description' | 'imageIds'
>;

/** A card's summary: the first this many characters of the description (an ellipsis past them). */
export const CARD_SUMMARY_LENGTH = 110;

export interface NearbySpot {
  item: SpotCardItem;
  km: number;
}

export interface SpotPageModel {
  detail: SpotDetail;
  nearby: NearbySpot[];
  nearbyImages: Map<string, PublicImage>;
}

export async function spotPageModel(
  ctx: TenantContext,
  id: string,
  lang: Language,
  copy: DetailCopy = 'live',
): Promise<SpotPageModel> {
  const detail = await loadDetail(ctx, 'spot', id, lang, copy);
  const { lat, lng } = detail.row.data;
  const nearby =
    lat === undefined || lng === undefined
      ? []
      : await nearbyLiveSpots(ctx.tx, ctx.scope.org, { lat, lng }, detail.row.id, 4);
  return {
    detail,
    nearby: nearby.map((n) => ({ item: toPublic(n.row, lang), km: n.km })),
    nearbyImages: await cardImages(
      ctx,
      nearby.map((n) => n.row),
      lang,
    ),
  };
}

export interface EventCalendarModel {
  view: 'list' | 'month';
  /** The list of the coming months rather than one month. */
  upcoming: boolean;
  month: string;
  occurrences: EventOccurrence[];
  images: Map<string, PublicImage>;
}

export async function eventCalendarModel(
  ctx: TenantContext,
  lang: Language,
  query: { month?: string | undefined; view?: string | undefined },
): Promise<EventCalendarModel> {
  const today = todayInTokyo();
  const month = query.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(query.month) ? query.month : today.slice(0, 7);
  const view = query.view === 'month' ? 'month' : 'list';
  // Without a month the list shows what is coming up: the next three months from today.
  const upcoming = !query.month && view === 'list';
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y ?? 1970, m ?? 1, 0)).toISOString().slice(0, 10);
  const { occurrences, rows } = upcoming
    ? await eventOccurrences(ctx, lang, today, addDays(today, 90), 200)
    : await eventOccurrences(ctx, lang, `${month}-01`, last);
  return { view, month, upcoming, occurrences, images: await cardImages(ctx, rows, lang) };
}

export interface ListModel<K extends 'course' | 'article'> {
  items: PublicItemOf<K>[];
  images: Map<string, PublicImage>;
}

export async function listModel<K extends 'course' | 'article'>(
  ctx: TenantContext,
  kind: K,
  lang: Language,
): Promise<ListModel<K>> {
  const list = await listLive(ctx, kind, lang, { limit: 100 });
  return { items: list.items, images: await cardImages(ctx, list.rows, lang) };
}

/** Every live item of the organisation, for the sitemap. */
export const sitemapItems = (ctx: TenantContext) => sitemapRows(ctx.tx, ctx.scope.org);

// ---------------------------------------------------------------------------------------------
// Open data: every live item of a kind

/** Every live item of a kind, newest publication first (the open-data feeds). */
export const liveItemsOf = <K extends ContentKind>(ctx: TenantContext, kind: K) =>
  allLiveItems(ctx.tx, ctx.scope.org, kind);

/** Every live copy of a kind in the export's stable order (the public open-data CSV). */
export const liveItemData = (ctx: TenantContext, kind: ContentKind) =>
  itemDataForExport(ctx.tx, ctx.scope.org, kind, true);
