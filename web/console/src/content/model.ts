/**
 * Tourism content as the console API sends and receives it: a mirror of the server's
 * `content.schema.ts` (SpotData, EventData, CourseData, ArticleData). No DOM, no React.
 */
import type { RightModule } from '../api';

/** Languages a text may be written in, in tab order; Japanese is always required. */
export const CONTENT_LANGS = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'th'] as const;
export type ContentLang = (typeof CONTENT_LANGS)[number];

export function isContentLang(value: unknown): value is ContentLang {
  return typeof value === 'string' && (CONTENT_LANGS as readonly string[]).includes(value);
}

/** A text in every language: Japanese required, the others optional. */
export type LocalizedText = { ja: string } & Partial<Record<Exclude<ContentLang, 'ja'>, string>>;

export const DAY_CODES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'] as const;
export type DayCode = (typeof DAY_CODES)[number];

export const BARRIER_FREE = [
  'wheelchair_access',
  'accessible_toilet',
  'ramp',
  'elevator',
  'accessible_parking',
  'nursing_room',
  'ostomate',
  'braille',
  'wheelchair_rental',
  'assistance_dog',
] as const;
export type BarrierFree = (typeof BARRIER_FREE)[number];

export const EVENT_STATUSES = ['scheduled', 'cancelled', 'postponed', 'rescheduled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export const TRAVEL_MODES = ['walk', 'bicycle', 'car', 'bus', 'train', 'taxi', 'ferry', 'other'] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

export const CONTENT_STATUSES = ['draft', 'in_review', 'published', 'unpublished'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

export interface OpeningHours {
  days: DayCode[];
  /** `HH:MM` (Asia/Tokyo) or null when no time applies (e.g. a closed day described in the note). */
  opens: string | null;
  closes: string | null;
  validFrom?: string;
  validTo?: string;
  note?: LocalizedText;
}

export interface Fees {
  basicYen: number | null;
  detail?: LocalizedText;
}

export interface Contact {
  name?: string;
  phone?: string;
  extension?: string;
}

export interface SpotData {
  name: LocalizedText;
  kana?: string;
  category: string;
  tags?: string[];
  description?: LocalizedText;
  address?: LocalizedText;
  lat?: number;
  lng?: number;
  openingHours?: OpeningHours[];
  fees?: Fees;
  access?: LocalizedText;
  parking?: LocalizedText;
  barrierFree?: BarrierFree[];
  barrierFreeNote?: LocalizedText;
  contact?: Contact;
  url?: string;
  imageIds?: string[];
  notes?: LocalizedText;
  poiCode?: string;
}

export interface EventVenue {
  spotId?: string;
  name?: LocalizedText;
  address?: LocalizedText;
  lat?: number;
  lng?: number;
}

export interface EventData {
  name: LocalizedText;
  kana?: string;
  category: string;
  tags?: string[];
  description?: LocalizedText;
  startDate: string;
  endDate?: string;
  startTime?: string;
  endTime?: string;
  allDay: boolean;
  /** RRULE subset, e.g. `FREQ=WEEKLY;BYDAY=SA,SU;UNTIL=20251130`. */
  recurrence?: string;
  eventStatus: EventStatus;
  previousStartDate?: string;
  venue: EventVenue;
  fees?: Fees;
  organiser?: LocalizedText;
  capacity?: number;
  application?: { deadline?: string; deadlineTime?: string; method?: LocalizedText };
  access?: LocalizedText;
  parking?: LocalizedText;
  contact?: Contact;
  url?: string;
  imageIds?: string[];
  notes?: LocalizedText;
  externalId?: string;
}

export interface CourseStop {
  spotId: string;
  stayMinutes: number;
  travelMode?: TravelMode;
  minutesToNext?: number;
  note?: LocalizedText;
}

export interface CourseData {
  name: LocalizedText;
  description?: LocalizedText;
  tags?: string[];
  stops: CourseStop[];
  imageIds?: string[];
}

export interface ArticleData {
  title: LocalizedText;
  summary?: LocalizedText;
  body: LocalizedText;
  heroImageId?: string;
  relatedSpotIds?: string[];
  tags?: string[];
}

export interface ContentDataByKind {
  spot: SpotData;
  event: EventData;
  course: CourseData;
  article: ArticleData;
}

export type ContentKind = keyof ContentDataByKind;
export type AnyContentData = ContentDataByKind[ContentKind];

/** The kinds, in the order of the navigation. */
export const CONTENT_KINDS_IN_NAV: readonly ContentKind[] = ['spot', 'event', 'course', 'article'];

/** URL segment (console route and API path) of each kind. */
export const KIND_PATH: Record<ContentKind, 'spots' | 'events' | 'courses' | 'articles'> = {
  spot: 'spots',
  event: 'events',
  course: 'courses',
  article: 'articles',
};

/** The rights module that governs each kind. */
export const KIND_MODULE: Record<ContentKind, RightModule> = {
  spot: 'spots',
  event: 'events',
  course: 'courses',
  article: 'articles',
};

/** Which field holds the item's title. */
export function titleField(kind: ContentKind): 'name' | 'title' {
  return kind === 'article' ? 'title' : 'name';
}

/** A field problem or warning from the server. */
export interface ContentProblem {
  field: string;
  message: { ja: string; en: string };
}

/** One item as the console API answers it. */
export interface ContentItem<D = AnyContentData> {
  id: string;
  kind: ContentKind;
  status: ContentStatus;
  version: number;
  data: D;
  /** A published copy is on the public site. */
  live: boolean;
  /** The live copy differs from the saved data (an edit is waiting to be published). */
  hasUnpublishedChanges: boolean;
  publishedAt: string | null;
  publishAt: string | null;
  unpublishAt: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  warnings: ContentProblem[];
}

/** One row of the console list. */
export interface ContentSummary {
  id: string;
  status: ContentStatus;
  version: number;
  live: boolean;
  /** The Japanese title. */
  title: string;
  /** Languages the title is written in. */
  languages: string[];
  category: string | null;
  tags: string[];
  startsAt: string | null;
  updatedAt: string;
  publishAt: string | null;
  unpublishAt: string | null;
}

export interface RevisionSummary {
  version: number;
  status: string;
  note: string | null;
  actorId: string | null;
  actorName: string | null;
  createdAt: string;
}

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** A new, empty item of each kind (Japanese texts empty, required fields present). */
export function emptyData<K extends ContentKind>(kind: K): ContentDataByKind[K] {
  const blank: ContentDataByKind = {
    spot: { name: { ja: '' }, category: '' },
    event: {
      name: { ja: '' },
      category: '',
      startDate: '',
      allDay: false,
      eventStatus: 'scheduled',
      venue: {},
    },
    course: { name: { ja: '' }, stops: [] },
    article: { title: { ja: '' }, body: { ja: '' } },
  };
  return blank[kind] as ContentDataByKind[K];
}
