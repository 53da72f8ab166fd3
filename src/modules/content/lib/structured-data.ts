/**
 * Machine-readable forms of published content: schema.org JSON-LD (TouristAttraction, Event,
 * TouristTrip), GeoJSON for spots and iCalendar for events. Inputs are plain data in the content
 * model's shape; the caller resolves ids (venue spot, images, course stops) into names and URLs.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import { jstDateTime, jstIso } from '../../../platform/time/jst.js';
import { parseRecurrence } from './recurrence.js';

export const LANGS = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'th'] as const;
export type Lang = (typeof LANGS)[number];
/** A text per language; Japanese is the fallback for any missing one. */
export type PerLanguage = { ja: string } & Partial<Record<Exclude<Lang, 'ja'>, string>>;
type DayCode = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun' | 'holiday';

export interface SpotForPublishing {
  id: string;
  name: PerLanguage;
  kana?: string;
  description?: PerLanguage;
  address?: PerLanguage;
  lat?: number;
  lng?: number;
  category?: string;
  openingHours?: {
    days: readonly DayCode[];
    opens: string | null;
    closes: string | null;
    validFrom?: string;
    validTo?: string;
  }[];
  fees?: { basicYen: number | null };
  contact?: { phone?: string };
  /** The spot's own website. */
  url?: string;
  imageUrls?: string[];
}

export interface EventForPublishing {
  id: string;
  name: PerLanguage;
  description?: PerLanguage;
  /** YYYY-MM-DD and HH:MM, Asia/Tokyo. */
  startDate: string;
  endDate?: string;
  startTime?: string;
  endTime?: string;
  allDay: boolean;
  recurrence?: string;
  eventStatus: 'scheduled' | 'cancelled' | 'postponed' | 'rescheduled';
  previousStartDate?: string;
  venue: { name?: PerLanguage; address?: PerLanguage; lat?: number; lng?: number };
  fees?: { basicYen: number | null };
  organiser?: PerLanguage;
  url?: string;
  imageUrls?: string[];
  updatedAt?: Date;
}

export interface CourseForPublishing {
  id: string;
  name: PerLanguage;
  description?: PerLanguage;
  imageUrls?: string[];
  stops: {
    name: PerLanguage;
    description?: PerLanguage;
    /** The stop's page on the public site. */
    url?: string;
    stayMinutes?: number;
    minutesToNext?: number;
  }[];
}

export interface JsonLdOptions {
  /** The public page of this item. */
  url: string;
  lang: Lang;
}

type JsonObject = Record<string, unknown>;

/** The text in `lang`, else Japanese; undefined when empty. */
export function pick(text: PerLanguage | undefined, lang: Lang): string | undefined {
  if (!text) return undefined;
  const value = text[lang] || text.ja;
  return value ? value : undefined;
}

/** Drop undefined, null and empty arrays so the JSON stays minimal. */
function compact(obj: JsonObject): JsonObject {
  // A loop rather than Object.fromEntries(Object.entries().filter()): every item page builds
  // dozens of these, and the arrays of pairs were its cost. Keys are fixed schema.org names.
  const out: JsonObject = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  }
  return out;
}

const SCHEMA_DAYS: Record<DayCode, string> = {
  mon: 'https://schema.org/Monday',
  tue: 'https://schema.org/Tuesday',
  wed: 'https://schema.org/Wednesday',
  thu: 'https://schema.org/Thursday',
  fri: 'https://schema.org/Friday',
  sat: 'https://schema.org/Saturday',
  sun: 'https://schema.org/Sunday',
  holiday: 'https://schema.org/PublicHolidays',
};

function postalAddress(address: string | undefined, region?: { prefecture?: string; municipality?: string }) {
  return compact({
    '@type': 'PostalAddress',
    streetAddress: address,
    addressRegion: region?.prefecture,
    addressLocality: region?.municipality,
    addressCountry: 'JP',
  });
}

function geo(lat: number | undefined, lng: number | undefined) {
  return lat === undefined || lng === undefined
    ? undefined
    : { '@type': 'GeoCoordinates', latitude: lat, longitude: lng };
}

export function touristAttractionJsonLd(spot: SpotForPublishing, options: JsonLdOptions): JsonObject {
  const { lang } = options;
  const hours = (spot.openingHours ?? [])
    .filter((h) => h.days.length > 0)
    .map((h) =>
      compact({
        '@type': 'OpeningHoursSpecification',
        dayOfWeek: h.days.map((d) => SCHEMA_DAYS[d]),
        opens: h.opens ?? undefined,
        // Google reads midnight closing as 23:59.
        closes: h.closes === '24:00' ? '23:59' : (h.closes ?? undefined),
        validFrom: h.validFrom,
        validThrough: h.validTo,
      }),
    );
  const fee = spot.fees?.basicYen;
  return compact({
    '@context': 'https://schema.org',
    '@type': 'TouristAttraction',
    '@id': options.url,
    url: options.url,
    name: pick(spot.name, lang),
    alternateName:
      lang === 'ja'
        ? spot.kana || undefined
        : spot.name.ja !== pick(spot.name, lang)
          ? spot.name.ja
          : undefined,
    description: pick(spot.description, lang),
    inLanguage: lang,
    image: spot.imageUrls,
    address: spot.address?.ja ? postalAddress(pick(spot.address, lang)) : undefined,
    geo: geo(spot.lat, spot.lng),
    openingHoursSpecification: hours,
    isAccessibleForFree: fee === 0 ? true : fee ? false : undefined,
    telephone: spot.contact?.phone || undefined,
    sameAs: spot.url && spot.url !== options.url ? spot.url : undefined,
  });
}

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' + 'HH:MM' as an instant; 24:00 is the next midnight. */
const tokyoInstant = (date: string, time: string): Date => jstDateTime(date, time);

/** An instant as ISO 8601 with the +09:00 offset Google wants for Japanese events. */
export const tokyoIso = jstIso;

/** Start and end of an event, or of one occurrence of a recurring event. */
function eventTimes(event: EventForPublishing, occurrenceStart?: Date): { start: string; end?: string } {
  if (event.allDay || !event.startTime) {
    if (!occurrenceStart) return { start: event.startDate, end: event.endDate };
    const days = event.endDate ? (Date.parse(event.endDate) - Date.parse(event.startDate)) / DAY_MS : 0;
    const first = tokyoIso(occurrenceStart).slice(0, 10);
    const last = new Date(Date.parse(first) + days * DAY_MS).toISOString().slice(0, 10);
    return { start: first, end: event.endDate ? last : undefined };
  }
  const start = tokyoInstant(event.startDate, event.startTime);
  const end = event.endTime ? tokyoInstant(event.endDate ?? event.startDate, event.endTime) : undefined;
  const shift = occurrenceStart ? occurrenceStart.getTime() - start.getTime() : 0;
  return {
    start: tokyoIso(new Date(start.getTime() + shift)),
    end: end ? tokyoIso(new Date(end.getTime() + shift)) : event.endDate,
  };
}

const EVENT_STATUS: Record<EventForPublishing['eventStatus'], string> = {
  scheduled: 'https://schema.org/EventScheduled',
  cancelled: 'https://schema.org/EventCancelled',
  postponed: 'https://schema.org/EventPostponed',
  rescheduled: 'https://schema.org/EventRescheduled',
};

export interface EventJsonLdOptions extends JsonLdOptions {
  /** Fills the address when the venue has none (Google requires one), and names the organiser. */
  org?: { name?: string; url?: string; prefecture?: string; municipality?: string };
  /** For a recurring event: the occurrence to describe (Google wants one Event per date). */
  occurrenceStart?: Date;
}

/**
 * schema.org Event with what Google requires (name, startDate, location with name and address)
 * and recommends (endDate, eventStatus with previousStartDate, eventAttendanceMode, image,
 * description, offers when there is a fee, organizer).
 */
export function eventJsonLd(event: EventForPublishing, options: EventJsonLdOptions): JsonObject {
  const { lang, org } = options;
  const name = pick(event.name, lang);
  const address = pick(event.venue.address, lang);
  const times = eventTimes(event, options.occurrenceStart);
  const fee = event.fees?.basicYen;
  const organiser = pick(event.organiser, lang) ?? org?.name;
  return compact({
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': options.occurrenceStart ? `${options.url}#${times.start}` : options.url,
    url: options.url,
    name,
    description: pick(event.description, lang),
    inLanguage: lang,
    startDate: times.start,
    endDate: times.end,
    eventStatus: EVENT_STATUS[event.eventStatus],
    previousStartDate: event.eventStatus === 'rescheduled' ? event.previousStartDate : undefined,
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: compact({
      '@type': 'Place',
      name: pick(event.venue.name, lang) ?? address ?? name,
      address: postalAddress(address, org),
      geo: geo(event.venue.lat, event.venue.lng),
    }),
    image: event.imageUrls,
    isAccessibleForFree: fee === 0 ? true : undefined,
    offers: fee
      ? {
          '@type': 'Offer',
          price: fee,
          priceCurrency: 'JPY',
          url: event.url ?? options.url,
          availability: 'https://schema.org/InStock',
        }
      : undefined,
    organizer: organiser ? compact({ '@type': 'Organization', name: organiser, url: org?.url }) : undefined,
    sameAs: event.url && event.url !== options.url ? event.url : undefined,
  });
}

/** Minutes as an ISO 8601 duration: 210 → PT3H30M. */
export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

/** A model course: its stops as an ordered itinerary; the duration is stays plus travel. */
export function touristTripJsonLd(course: CourseForPublishing, options: JsonLdOptions): JsonObject {
  const { lang } = options;
  const minutes = course.stops.reduce((sum, s, i) => {
    const travel = i < course.stops.length - 1 ? (s.minutesToNext ?? 0) : 0;
    return sum + (s.stayMinutes ?? 0) + travel;
  }, 0);
  return compact({
    '@context': 'https://schema.org',
    '@type': 'TouristTrip',
    '@id': options.url,
    url: options.url,
    name: pick(course.name, lang),
    description: pick(course.description, lang),
    inLanguage: lang,
    image: course.imageUrls,
    timeRequired: minutes > 0 ? isoDuration(minutes) : undefined,
    itinerary: {
      '@type': 'ItemList',
      numberOfItems: course.stops.length,
      itemListElement: course.stops.map((stop, i) => ({
        '@type': 'ListItem',
        position: i + 1,
        item: compact({
          '@type': 'TouristAttraction',
          name: pick(stop.name, lang),
          description: pick(stop.description, lang),
          url: stop.url,
        }),
      })),
    },
  });
}

export interface ArticleForPublishing {
  title: PerLanguage;
  /** When it was first published. */
  publishedAt: Date;
  imageUrls?: string[];
}

/** A feature article: Google's Article with headline (≤ 110 characters), date, image, publisher. */
export function articleJsonLd(
  article: ArticleForPublishing,
  options: JsonLdOptions & { publisher: { name: string; url: string } },
): JsonObject {
  return compact({
    '@context': 'https://schema.org',
    '@type': 'Article',
    '@id': options.url,
    url: options.url,
    headline: (pick(article.title, options.lang) ?? '').slice(0, 110),
    inLanguage: options.lang,
    datePublished: article.publishedAt.toISOString(),
    image: article.imageUrls,
    publisher: { '@type': 'Organization', name: options.publisher.name, url: options.publisher.url },
  });
}

// ---------------------------------------------------------------------------------------------
// GeoJSON

export interface GeoJsonFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: { type: 'Point'; coordinates: [number, number] };
    properties: Record<string, string | number | boolean>;
  }[];
}

/** Flat per-language properties (name, name:en, …) as GIS tools read them best (OSM convention). */
function perLanguage(
  props: Record<string, string | number | boolean>,
  key: string,
  text: PerLanguage | undefined,
) {
  if (!text) return;
  for (const lang of LANGS) {
    const value = text[lang];
    if (value) props[lang === 'ja' ? key : `${key}:${lang}`] = value;
  }
}

/**
 * Spots with coordinates as a GeoJSON FeatureCollection (RFC 7946: [longitude, latitude]).
 * Spots without coordinates are left out.
 */
export function spotsGeoJson(
  spots: readonly SpotForPublishing[],
  options: { pageUrl?: (spot: SpotForPublishing) => string } = {},
): GeoJsonFeatureCollection {
  const features: GeoJsonFeatureCollection['features'] = [];
  for (const spot of spots) {
    if (spot.lat === undefined || spot.lng === undefined) continue;
    const properties: Record<string, string | number | boolean> = { id: spot.id };
    perLanguage(properties, 'name', spot.name);
    if (spot.kana) properties.kana = spot.kana;
    perLanguage(properties, 'description', spot.description);
    perLanguage(properties, 'address', spot.address);
    if (spot.category) properties.category = spot.category;
    if (spot.url) properties.website = spot.url;
    if (options.pageUrl) properties.url = options.pageUrl(spot);
    features.push({
      type: 'Feature',
      id: spot.id,
      geometry: { type: 'Point', coordinates: [spot.lng, spot.lat] },
      properties,
    });
  }
  return { type: 'FeatureCollection', features };
}

// ---------------------------------------------------------------------------------------------
// iCalendar

const TOKYO = 'Asia/Tokyo';
const VTIMEZONE_TOKYO = [
  'BEGIN:VTIMEZONE',
  'TZID:Asia/Tokyo',
  'BEGIN:STANDARD',
  'DTSTART:19700101T000000',
  'TZOFFSETFROM:+0900',
  'TZOFFSETTO:+0900',
  'TZNAME:JST',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

/**
 * A fixed-offset date-time satisfying ical-generator's typed Luxon stub (ICalLuxonDateTimeStub).
 * Plain Dates would be formatted in the server process's own time zone; this makes
 * DTSTART;TZID=Asia/Tokyo correct whatever TZ the server runs in, with no time-zone library.
 */
class TokyoDateTime {
  readonly isValid = true;
  readonly zone = { type: 'fixed' };

  constructor(
    private readonly instant: Date,
    private readonly offsetMinutes = 540,
  ) {}

  toJSDate(): Date {
    return new Date(this.instant);
  }

  toJSON(): string {
    return tokyoIso(this.instant);
  }

  setZone(zone?: string): TokyoDateTime {
    return new TokyoDateTime(this.instant, zone === TOKYO ? 540 : 0);
  }

  toFormat(format: string): string {
    const wall = new Date(this.instant.getTime() + this.offsetMinutes * 60_000).toISOString();
    if (format === 'yyyyLLdd') return wall.slice(0, 10).replace(/-/g, '');
    if (format === 'HHmmss') return wall.slice(11, 19).replace(/:/g, '');
    return wall;
  }
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);

/** RRULE text for iCalendar: UNTIL must take DTSTART's value type (DATE for all-day events). */
function icalRule(rule: string, allDay: boolean): string | null {
  const parsed = parseRecurrence(rule);
  if (!parsed.ok) return null;
  const r = parsed.rule;
  const parts = [`FREQ=${r.freq}`];
  if (r.interval !== 1) parts.push(`INTERVAL=${r.interval}`);
  if (r.byDay.length) parts.push(`BYDAY=${r.byDay.map((d) => `${d.ordinal ?? ''}${d.weekday}`).join(',')}`);
  if (r.byMonthDay.length) parts.push(`BYMONTHDAY=${r.byMonthDay.join(',')}`);
  if (r.until) {
    parts.push(
      allDay
        ? `UNTIL=${tokyoIso(r.until).slice(0, 10).replace(/-/g, '')}`
        : `UNTIL=${r.until.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`,
    );
  }
  if (r.count !== null) parts.push(`COUNT=${r.count}`);
  return parts.join(';');
}

export interface CalendarOptions {
  orgName: string;
  /** The organisation's public site; its host makes event UIDs globally unique. */
  url: string;
  lang?: Lang;
  /** DTSTAMP for events without `updatedAt`; fixed in tests so output is reproducible. */
  generatedAt?: Date;
}

/**
 * Events as an iCalendar feed. Timed events carry DTSTART;TZID=Asia/Tokyo with a VTIMEZONE;
 * all-day events are DATE values with an exclusive end date; cancelled events stay in the feed
 * with STATUS:CANCELLED so subscribed calendars remove them; postponed ones are TENTATIVE.
 */
export function eventsICalendar(events: readonly EventForPublishing[], options: CalendarOptions): string {
  const lang = options.lang ?? 'ja';
  const host = new URL(options.url).host;
  const calendar = ical({
    name: options.orgName,
    prodId: { company: 'mitte-C', product: 'events', language: lang.toUpperCase() },
    url: options.url,
    // No calendar-wide zone: ical-generator would then write DTSTAMP without its Z.
    timezone: { name: null, generator: (tz) => (tz === TOKYO ? VTIMEZONE_TOKYO : null) },
  });
  for (const event of events) {
    const allDay = event.allDay || !event.startTime;
    const startInstant = allDay
      ? new Date(`${event.startDate}T00:00:00+09:00`)
      : tokyoInstant(event.startDate, event.startTime!);
    const endInstant = allDay
      ? new Date(`${addDays(event.endDate ?? event.startDate, 1)}T00:00:00+09:00`)
      : event.endTime
        ? tokyoInstant(event.endDate ?? event.startDate, event.endTime)
        : null;
    const venue = [pick(event.venue.name, lang), pick(event.venue.address, lang)].filter(Boolean).join(' ');
    const rule = event.recurrence ? icalRule(event.recurrence, allDay) : null;
    calendar.createEvent({
      id: `${event.id}@${host}`,
      start: new TokyoDateTime(startInstant),
      ...(endInstant ? { end: new TokyoDateTime(endInstant) } : {}),
      allDay,
      timezone: TOKYO,
      summary: pick(event.name, lang) ?? '',
      description: pick(event.description, lang) ?? null,
      location: venue || null,
      url: event.url ?? null,
      status:
        event.eventStatus === 'cancelled'
          ? ICalEventStatus.CANCELLED
          : event.eventStatus === 'postponed'
            ? ICalEventStatus.TENTATIVE
            : ICalEventStatus.CONFIRMED,
      repeating: rule,
      stamp: event.updatedAt ?? options.generatedAt ?? new Date(),
      lastModified: event.updatedAt ?? null,
    });
  }
  return calendar.toString();
}
