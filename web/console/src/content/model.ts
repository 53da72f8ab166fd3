/**
 * Tourism content as the console API sends and receives it. The data shapes are the server's
 * TypeBox schemas (`modules/content/content.schema.ts`, imported as types only, so no TypeBox in
 * the bundle) and the constants come from the shared contract in `src/contract/`; what is defined
 * here is only the console's view of the answers. No DOM, no React.
 */
import type { ContentKind, ContentStatus } from '../../../../src/contract/content';
import type {
  ArticleData,
  CourseData,
  EventData,
  SpotData,
} from '../../../../src/modules/content/content.schema';

export {
  BARRIER_FREE,
  type BarrierFree,
  type CategoryCode,
  CONTENT_KINDS,
  type ContentKind,
  type ContentStatus,
  type ContentSummary,
  DAY_CODES,
  type DayCode,
  EVENT_CATEGORIES,
  EVENT_STATUSES,
  type EventStatus,
  KIND_MODULE,
  KIND_PATH,
  type RevisionSummary,
  SPOT_CATEGORIES,
  STATUSES,
  TRAVEL_MODES,
  type TravelMode,
} from '../../../../src/contract/content';
export { isLanguage, LANGUAGES, type Language, type LocalizedText } from '../../../../src/contract/languages';
export type {
  ArticleData,
  CourseData,
  EventData,
  SpotData,
} from '../../../../src/modules/content/content.schema';

export type OpeningHours = NonNullable<SpotData['openingHours']>[number];
export type Fees = NonNullable<SpotData['fees']>;
export type Contact = NonNullable<SpotData['contact']>;
export type EventVenue = EventData['venue'];
export type CourseStop = CourseData['stops'][number];

export interface ContentDataByKind {
  spot: SpotData;
  event: EventData;
  course: CourseData;
  article: ArticleData;
}

export type AnyContentData = ContentDataByKind[ContentKind];

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
