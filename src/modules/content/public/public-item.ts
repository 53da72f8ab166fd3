/**
 * The public shape of live content: every per-language text replaced by the text in the asked
 * language, or the Japanese one marked `{ text, lang: 'ja' }` when it is missing. The API answers
 * these, and the public site renders them.
 */
import {
  type ArticleData,
  type ContentKind,
  type CourseData,
  type EventData,
  LANGUAGES,
  type Language,
  type LocalizedText,
  type SpotData,
} from '../content.schema.js';

/** A text in the requested language, or the Japanese one with `lang: 'ja'` when missing. */
export interface PublicText {
  text: string;
  lang: Language;
}

/** `T` with each per-language text as one `PublicText` (null when even Japanese is empty). */
export type Localised<T> = T extends LocalizedText
  ? PublicText | null
  : T extends readonly (infer U)[]
    ? Localised<U>[]
    : T extends object
      ? { [K in keyof T]: Localised<T[K]> }
      : T;

/** The stored data of each kind. */
export interface DataOf {
  spot: SpotData;
  event: EventData;
  course: CourseData;
  article: ArticleData;
}

function isLocalized(value: unknown): value is Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (!keys.includes('ja')) return false;
  for (const k of keys) if (!LANGUAGE_SET.has(k)) return false;
  return true;
}
const LANGUAGE_SET: ReadonlySet<string> = new Set(LANGUAGES);

function localizeValue(value: unknown, lang: Language): unknown {
  if (isLocalized(value)) {
    const own = value[lang];
    if (own && own.trim() !== '') return { text: own, lang };
    return value.ja ? { text: value.ja, lang: 'ja' } : null;
  }
  if (Array.isArray(value)) return value.map((v) => localizeValue(v, lang));
  if (value && typeof value === 'object') return localizeInto({}, value, lang);
  return value;
}

/**
 * Adds each own property of `value`, localised, to `into` (as a spread would: a key already there
 * keeps its place and takes the new value). A loop, not Object.fromEntries(Object.entries()):
 * public pages localise every item they show, and the arrays of pairs were most of the cost.
 */
function localizeInto<T extends object>(into: T, value: object, lang: Language): T {
  for (const k of Object.keys(value)) {
    const v = localizeValue((value as Record<string, unknown>)[k], lang);
    // A data key named __proto__ stays a plain property, as in Object.fromEntries.
    if (k === '__proto__')
      Object.defineProperty(into, k, { value: v, enumerable: true, writable: true, configurable: true });
    else (into as Record<string, unknown>)[k] = v;
  }
  return into;
}

/** Replaces every per-language text with the chosen language's, falling back to Japanese (marked). */
export function localize<T>(value: T, lang: Language): Localised<T> {
  // The walk above follows Localised<T> by construction; TypeScript cannot see that through it.
  return localizeValue(value, lang) as Localised<T>;
}

/** A live item as it is stored: its kind's data, as last published. */
export type LiveRow<K extends ContentKind = ContentKind> = K extends ContentKind
  ? { id: string; kind: K; data: DataOf[K]; publishedAt: Date; updatedAt: Date }
  : never;

interface PublicBase<K extends ContentKind> {
  id: string;
  kind: K;
  publishedAt: string;
}
export type PublicSpot = PublicBase<'spot'> & Localised<SpotData>;
export type PublicEvent = PublicBase<'event'> & Localised<EventData>;
export type PublicCourse = PublicBase<'course'> & Localised<CourseData>;
export type PublicArticle = PublicBase<'article'> & Localised<ArticleData>;
/** One live item in one language, as lists and search answer it. */
export type PublicItem = PublicSpot | PublicEvent | PublicCourse | PublicArticle;
export type PublicItemOf<K extends ContentKind> = Extract<PublicItem, { kind: K }>;

/** A live spot referenced by another item (course stop, event venue, related spot). */
export interface SpotRef {
  id: string;
  name: PublicText | null;
  lat: number | null;
  lng: number | null;
}

export type PublicCourseStop = PublicCourse['stops'][number] & { spot: SpotRef };
/** A course with its stops whose spot is live (the others are left out) and its total time. */
export type PublicCourseDetail = Omit<PublicCourse, 'stops'> & {
  totalMinutes: number;
  stops: PublicCourseStop[];
};
/** An article with its body rendered to sanitised HTML and its live related spots. */
export type PublicArticleDetail = Omit<PublicArticle, 'body'> & {
  body: { html: string; lang: Language };
  relatedSpots: SpotRef[];
};
/** An event with its venue spot when that spot is live. */
export type PublicEventDetail = PublicEvent & { venueSpot?: SpotRef };

export function toPublic<K extends ContentKind>(row: LiveRow<K>, lang: Language): PublicItemOf<K>;
export function toPublic(row: LiveRow, lang: Language): PublicItem {
  // { id, publishedAt, kind, ...localize(row.data) }, built in place.
  const base = { id: row.id, publishedAt: row.publishedAt.toISOString(), kind: row.kind };
  return localizeInto(base, row.data, lang) as PublicItem;
}

/** The spots an item refers to (course stops, event venue, related spots). */
export function referencedSpotIds(row: LiveRow): string[] {
  switch (row.kind) {
    case 'course':
      return row.data.stops.map((s) => s.spotId);
    case 'event':
      return row.data.venue.spotId ? [row.data.venue.spotId] : [];
    case 'article':
      return row.data.relatedSpotIds ?? [];
    default:
      return [];
  }
}

/**
 * The row without references to spots that are not live (drafts, withdrawn, deleted): a published
 * item must not reveal the ids of unpublished ones. Course stops of such spots are left out.
 */
export function withoutHiddenSpots<K extends ContentKind>(
  row: LiveRow<K>,
  live: ReadonlySet<string>,
): LiveRow<K>;
export function withoutHiddenSpots(row: LiveRow, live: ReadonlySet<string>): LiveRow {
  switch (row.kind) {
    case 'course': {
      const data = row.data;
      return { ...row, data: { ...data, stops: data.stops.filter((s) => live.has(s.spotId)) } };
    }
    case 'article': {
      const data = row.data;
      if (!data.relatedSpotIds) return row;
      return { ...row, data: { ...data, relatedSpotIds: data.relatedSpotIds.filter((id) => live.has(id)) } };
    }
    case 'event': {
      const data = row.data;
      if (!data.venue.spotId || live.has(data.venue.spotId)) return row;
      const { spotId: _hidden, ...venue } = data.venue;
      return { ...row, data: { ...data, venue } };
    }
    default:
      return row;
  }
}
