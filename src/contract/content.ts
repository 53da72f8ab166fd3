/**
 * The content model's constants, shared by the server (schemas, routes, site) and the console
 * (forms, navigation). Plain constants and answer shapes only: the console bundles this file, while the TypeBox
 * schemas built from it stay in `modules/content/content.schema.ts` (the console imports only
 * their types).
 */
import type { RightModule } from './rights.js';

export type ContentKind = 'spot' | 'event' | 'course' | 'article';
/** The kinds, in the order of the console navigation. */
export const CONTENT_KINDS: readonly ContentKind[] = ['spot', 'event', 'course', 'article'];

/** The path segment of each kind, in the API, the console and the public site. */
export const KIND_PATH = {
  spot: 'spots',
  event: 'events',
  course: 'courses',
  article: 'articles',
} as const satisfies Record<ContentKind, string>;

/** The rights module that governs each kind. */
export const KIND_MODULE = {
  spot: 'spots',
  event: 'events',
  course: 'courses',
  article: 'articles',
} as const satisfies Record<ContentKind, RightModule>;

export const STATUSES = ['draft', 'in_review', 'published', 'unpublished'] as const;
export type ContentStatus = (typeof STATUSES)[number];

/** One row of a content list, as the API sends it and the console lists it. */
export interface ContentSummary {
  id: string;
  status: ContentStatus;
  version: number;
  live: boolean;
  /** Live, and the working copy differs from what the public sees. */
  hasUnpublishedChanges: boolean;
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

/** One saved revision of an item (its history). */
export interface RevisionSummary {
  version: number;
  status: string;
  note: string | null;
  actorId: string | null;
  actorName: string | null;
  createdAt: string;
}

export const DAY_CODES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'] as const;
export type DayCode = (typeof DAY_CODES)[number];

/** RFC 5545 weekday codes of recurrence rules, Monday first (the order of a Japanese calendar). */
export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** The day code (opening hours, day names) of each recurrence weekday. */
export const WEEKDAY_DAY = {
  MO: 'mon',
  TU: 'tue',
  WE: 'wed',
  TH: 'thu',
  FR: 'fri',
  SA: 'sat',
  SU: 'sun',
} as const satisfies Record<WeekdayCode, DayCode>;

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

/**
 * The standard categories (codes match the API's `^[a-z0-9][a-z0-9-]{0,39}$`). Spots and events
 * have their own lists; a code from elsewhere (an import) is kept and shown as written.
 */
export const SPOT_CATEGORIES = [
  'nature',
  'park-garden',
  'history',
  'temple-shrine',
  'castle',
  'museum',
  'onsen',
  'food',
  'shopping',
  'activity',
  'outdoor',
  'scenic-view',
  'accommodation',
  'tourist-info',
  'other',
] as const;

export const EVENT_CATEGORIES = [
  'festival',
  'fireworks',
  'seasonal',
  'exhibition',
  'performance',
  'food-event',
  'market',
  'sports-event',
  'workshop',
  'event-other',
] as const;

export type CategoryCode = (typeof SPOT_CATEGORIES)[number] | (typeof EVENT_CATEGORIES)[number];
