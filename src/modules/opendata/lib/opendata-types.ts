import type { Bilingual } from '../../../platform/errors.js';

/** Days as the content model stores them; `holiday` is a Japanese public holiday (祝日). */
export const DAY_CODES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'] as const;
export type DayCode = (typeof DAY_CODES)[number];

/** A text the open data sets carry in Japanese and, for some columns, English. */
export interface LocalText {
  ja: string;
  en?: string;
}

/** One opening-hours entry. Times are 'HH:MM' (00:00–23:59, and 24:00 as a closing time). */
export interface OpeningHours {
  /** Empty when the file gives times but no days. */
  days: DayCode[];
  opens: string | null;
  closes: string | null;
  note: string | null;
}

export interface Fees {
  basicYen: number | null;
  detail: string | null;
}

export interface Contact {
  name: string | null;
  phone: string | null;
  extension: string | null;
}

/** Who publishes the row: the 情報管理主体 columns. */
export interface Publisher {
  /** 6-digit 全国地方公共団体コード with its check digit. */
  municipalityCode: string | null;
  prefecture: string | null;
  municipality: string | null;
}

/** One row of 観光施設一覧, as read from or written to the standard CSV. */
export interface ParsedSpot {
  publisher: Publisher;
  /** NO / ID: unique within the publisher; the key re-imports match on. */
  externalId: string | null;
  name: LocalText;
  /** Reading in full-width katakana or hiragana (half-width input is widened). */
  kana: string | null;
  poiCode: string | null;
  address: string | null;
  /** 方書: building, floor. */
  addressDetail: string | null;
  lat: number | null;
  lng: number | null;
  /** At most one entry: the standard has one set of day and time columns per row. */
  openingHours: OpeningHours[];
  fees: Fees;
  description: LocalText | null;
  access: string | null;
  parking: string | null;
  barrierFree: string | null;
  contact: Contact;
  image: string | null;
  imageLicense: string | null;
  url: string | null;
  notes: string | null;
}

/** One row of イベント一覧. Dates are 'YYYY-MM-DD' and times 'HH:MM', both Asia/Tokyo. */
export interface ParsedEvent {
  publisher: Publisher;
  externalId: string | null;
  name: LocalText;
  kana: string | null;
  startDate: string;
  endDate: string | null;
  startTime: string | null;
  endTime: string | null;
  /** True when no start time is given. */
  allDay: boolean;
  /** 開始日時特記事項 */
  scheduleNote: string | null;
  description: LocalText | null;
  fees: Fees;
  contact: Contact;
  organiser: string | null;
  venue: {
    name: string | null;
    address: string | null;
    addressDetail: string | null;
    lat: number | null;
    lng: number | null;
  };
  access: string | null;
  parking: string | null;
  capacity: number | null;
  application: {
    deadlineDate: string | null;
    deadlineTime: string | null;
    method: string | null;
  };
  image: string | null;
  imageLicense: string | null;
  url: string | null;
  notes: string | null;
}

/** A problem (or warning) in an imported file, shown in the import preview. */
export interface RowProblem {
  /** 1-based physical line in the file; the header is line 1. A multi-line row reports its first line. */
  line: number;
  /** The header as written in the file; for a missing column, its standard name; null for the whole row/file. */
  column: string | null;
  code: string;
  message: Bilingual;
  /** For duplicates: the line of the earlier row it repeats. */
  relatedLine?: number;
}

export type CsvEncoding = 'utf8' | 'utf8-bom' | 'cp932';
export type CsvEncodingChoice = 'auto' | 'utf8' | 'sjis';

export interface ImportResult<Row> {
  /** Rows that passed validation, in file order. Only write them when `problems` is empty. */
  rows: Row[];
  /** The physical line each of `rows` starts on. */
  rowLines: number[];
  problems: RowProblem[];
  /** Accepted, but worth showing: coordinates outside Japan, ignored columns, normalised codes. */
  warnings: RowProblem[];
  /** Null when the bytes could not be decoded at all. */
  encoding: CsvEncoding | null;
}
