import { type Static, type TSchema, Type } from 'typebox';
import {
  BARRIER_FREE,
  type ContentKind,
  DAY_CODES,
  EVENT_STATUSES,
  TRAVEL_MODES,
} from '../../contract/content.js';

// The constants live in the contract the console shares; re-exported so server code keeps one import.
export {
  BARRIER_FREE,
  CONTENT_KINDS,
  type ContentKind,
  type ContentStatus,
  DAY_CODES,
  EVENT_CATEGORIES,
  EVENT_STATUSES,
  KIND_MODULE,
  KIND_PATH,
  SPOT_CATEGORIES,
  STATUSES,
  TRAVEL_MODES,
} from '../../contract/content.js';
export { LANGUAGES, type Language, type LocalizedText } from '../../contract/languages.js';

const text = (max: number) => Type.String({ maxLength: max });

/** A text in every language: Japanese required, the others optional. */
export const Localized = (max = 2000, minJa = 1) =>
  Type.Object(
    {
      ja: Type.String({ minLength: minJa, maxLength: max }),
      en: Type.Optional(text(max)),
      'zh-Hans': Type.Optional(text(max)),
      'zh-Hant': Type.Optional(text(max)),
      ko: Type.Optional(text(max)),
      th: Type.Optional(text(max)),
    },
    { additionalProperties: false },
  );
/** An optional localized text: Japanese may be empty. */
const OptLocalized = (max = 4000) => Type.Optional(Localized(max, 0));

const Uuid = Type.String({ format: 'uuid' });
const Time = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$',
  description: 'HH:MM, Asia/Tokyo',
});
const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD, Asia/Tokyo' });
const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30, uniqueItems: true });
const Category = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', maxLength: 40 });
const ImageIds = Type.Array(Uuid, { maxItems: 30, uniqueItems: true });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });

export const OpeningHours = Type.Object(
  {
    // Empty: the source gave times without days.
    days: Type.Array(Type.Enum(DAY_CODES), { uniqueItems: true }),
    opens: Type.Union([Time, Type.Null()]),
    closes: Type.Union([Time, Type.Null()]),
    validFrom: Type.Optional(DateOnly),
    validTo: Type.Optional(DateOnly),
    note: OptLocalized(500),
  },
  { additionalProperties: false },
);

const Contact = Type.Object(
  {
    name: Type.Optional(text(200)),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    extension: Type.Optional(Type.String({ pattern: '^[0-9]{0,10}$' })),
  },
  { additionalProperties: false },
);

const Fees = Type.Object(
  {
    basicYen: Type.Union([Type.Integer({ minimum: 0, maximum: 10_000_000 }), Type.Null()]),
    detail: OptLocalized(2000),
  },
  { additionalProperties: false },
);

/** What an open-data import keeps of a spot's or an event's row, after the data it maps. */
const OpenDataFields = {
  /** NO / ID of the open data set: re-imports match on it. */
  externalId: Type.Optional(Type.String({ maxLength: 64 })),
  /** 画像 / 画像_ライセンス of the open data set (an image URL elsewhere, until the media library). */
  image: Type.Optional(Type.String({ maxLength: 2000 })),
  imageLicense: Type.Optional(Type.String({ maxLength: 200 })),
};

export const SpotData = Type.Object(
  {
    name: Localized(200),
    kana: Type.Optional(
      Type.String({ maxLength: 200, pattern: '^[\\u3041-\\u309F\\u30A0-\\u30FF\\u30FC\\s・ー　]*$' }),
    ),
    category: Category,
    tags: Type.Optional(Tags),
    description: OptLocalized(8000),
    address: OptLocalized(300),
    /** 方書: building, floor. */
    addressDetail: OptLocalized(200),
    lat: Type.Optional(Lat),
    lng: Type.Optional(Lng),
    openingHours: Type.Optional(Type.Array(OpeningHours, { maxItems: 20 })),
    fees: Type.Optional(Fees),
    access: OptLocalized(2000),
    parking: OptLocalized(1000),
    barrierFree: Type.Optional(Type.Array(Type.Enum(BARRIER_FREE), { uniqueItems: true })),
    barrierFreeNote: OptLocalized(1000),
    contact: Type.Optional(Contact),
    url: Type.Optional(HttpUrl),
    imageIds: Type.Optional(ImageIds),
    notes: OptLocalized(2000),
    poiCode: Type.Optional(Type.String({ maxLength: 64 })),
    ...OpenDataFields,
  },
  { additionalProperties: false },
);
export type SpotData = Static<typeof SpotData>;

export const EventData = Type.Object(
  {
    name: Localized(200),
    kana: Type.Optional(Type.String({ maxLength: 200 })),
    category: Category,
    tags: Type.Optional(Tags),
    description: OptLocalized(8000),
    startDate: DateOnly,
    endDate: Type.Optional(DateOnly),
    startTime: Type.Optional(Time),
    endTime: Type.Optional(Time),
    allDay: Type.Boolean(),
    recurrence: Type.Optional(
      Type.String({ maxLength: 200, description: 'RRULE subset: FREQ=WEEKLY|MONTHLY …' }),
    ),
    /** 開始日時特記事項 */
    scheduleNote: OptLocalized(1000),
    eventStatus: Type.Enum(EVENT_STATUSES),
    previousStartDate: Type.Optional(DateOnly),
    venue: Type.Object(
      {
        spotId: Type.Optional(Uuid),
        name: OptLocalized(200),
        address: OptLocalized(300),
        addressDetail: OptLocalized(200),
        lat: Type.Optional(Lat),
        lng: Type.Optional(Lng),
      },
      { additionalProperties: false },
    ),
    fees: Type.Optional(Fees),
    organiser: OptLocalized(200),
    capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
    application: Type.Optional(
      Type.Object(
        { deadline: Type.Optional(DateOnly), deadlineTime: Type.Optional(Time), method: OptLocalized(1000) },
        { additionalProperties: false },
      ),
    ),
    access: OptLocalized(2000),
    parking: OptLocalized(1000),
    contact: Type.Optional(Contact),
    url: Type.Optional(HttpUrl),
    imageIds: Type.Optional(ImageIds),
    notes: OptLocalized(2000),
    ...OpenDataFields,
  },
  { additionalProperties: false },
);
export type EventData = Static<typeof EventData>;

export const CourseData = Type.Object(
  {
    name: Localized(200),
    description: OptLocalized(8000),
    tags: Type.Optional(Tags),
    stops: Type.Array(
      Type.Object(
        {
          spotId: Uuid,
          stayMinutes: Type.Integer({ minimum: 0, maximum: 1440 }),
          travelMode: Type.Optional(Type.Enum(TRAVEL_MODES)),
          minutesToNext: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
          note: OptLocalized(1000),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: 30 },
    ),
    imageIds: Type.Optional(ImageIds),
  },
  { additionalProperties: false },
);
export type CourseData = Static<typeof CourseData>;

export const ArticleData = Type.Object(
  {
    title: Localized(200),
    summary: OptLocalized(1000),
    body: Localized(100_000),
    heroImageId: Type.Optional(Uuid),
    relatedSpotIds: Type.Optional(Type.Array(Uuid, { maxItems: 30, uniqueItems: true })),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false },
);
export type ArticleData = Static<typeof ArticleData>;

export const DATA_SCHEMA: Record<ContentKind, TSchema> = {
  spot: SpotData,
  event: EventData,
  course: CourseData,
  article: ArticleData,
};
