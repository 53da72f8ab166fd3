/**
 * Writing 観光施設一覧 / イベント一覧 CSV with the standard headers, so that the import of an export
 * gives back the same rows. The text uses CRLF between records (what Excel and most municipal
 * catalogues expect); encode it with `encodeCsv` for download.
 */
import { EVENT_COLUMNS, type FieldKey, type OpenDataColumn, TOURISM_COLUMNS } from './opendata-columns.js';
import type { LocalText, OpeningHours, ParsedEvent, ParsedSpot, Publisher } from './opendata-types.js';
import { formatDays } from './opendata-values.js';

/** The publishing organisation, used where a row does not name its own publisher. */
export type OrgInfo = Partial<Publisher>;

/**
 * One cell, quoted only when needed. Cells starting with = + - @ are written as they are:
 * open data must round-trip exactly, so spreadsheet formula injection is not "fixed" by editing
 * values (the data comes from the organisation's own staff).
 */
function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** How a CSV is written: with its header line (a whole file) or without (a later page of one). */
export interface CsvPart {
  header?: boolean;
}

function csvText(
  columns: readonly OpenDataColumn[],
  rows: Partial<Record<FieldKey, string>>[],
  part: CsvPart,
): string {
  const lines = part.header === false ? [] : [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c.field] ?? '')).join(','));
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));

function publisherCells(publisher: Publisher, org: OrgInfo): Partial<Record<FieldKey, string>> {
  return {
    municipalityCode: str(publisher.municipalityCode ?? org.municipalityCode),
    prefecture: str(publisher.prefecture ?? org.prefecture),
    municipality: str(publisher.municipality ?? org.municipality),
  };
}

function textCells(text: LocalText | null, ja: FieldKey, en: FieldKey): Partial<Record<FieldKey, string>> {
  return { [ja]: text?.ja ?? '', [en]: text?.en ?? '' };
}

/** "土,日 10:00-16:00": how extra opening-hours entries are described in the note column. */
function describeHours(entry: OpeningHours): string {
  const times = entry.opens || entry.closes ? ` ${entry.opens ?? ''}-${entry.closes ?? ''}` : '';
  return `${formatDays(entry.days)}${times}${entry.note ? ` ${entry.note}` : ''}`.trim();
}

/**
 * The standard has one set of day/time columns per row: the first entry fills them, and any
 * further entries are described in 利用可能日時特記事項 (one import later they stay in the note).
 */
function hoursCells(hours: OpeningHours[]): Partial<Record<FieldKey, string>> {
  const [first, ...more] = hours;
  if (!first) return {};
  const note = [first.note ?? '', ...more.map(describeHours)].filter(Boolean).join(' / ');
  return {
    'hours.days': formatDays(first.days),
    'hours.opens': str(first.opens),
    'hours.closes': str(first.closes),
    'hours.note': note,
  };
}

export function exportTourismCsv(
  spots: readonly ParsedSpot[],
  org: OrgInfo = {},
  part: CsvPart = {},
): string {
  return csvText(
    TOURISM_COLUMNS,
    spots.map((s) => ({
      ...publisherCells(s.publisher, org),
      externalId: str(s.externalId),
      ...textCells(s.name, 'name.ja', 'name.en'),
      kana: str(s.kana),
      poiCode: str(s.poiCode),
      address: str(s.address),
      addressDetail: str(s.addressDetail),
      lat: str(s.lat),
      lng: str(s.lng),
      ...hoursCells(s.openingHours),
      'fees.basic': str(s.fees.basicYen),
      'fees.detail': str(s.fees.detail),
      ...textCells(s.description, 'description.ja', 'description.en'),
      access: str(s.access),
      parking: str(s.parking),
      barrierFree: str(s.barrierFree),
      'contact.name': str(s.contact.name),
      'contact.phone': str(s.contact.phone),
      'contact.extension': str(s.contact.extension),
      image: str(s.image),
      imageLicense: str(s.imageLicense),
      url: str(s.url),
      notes: str(s.notes),
    })),
    part,
  );
}

/**
 * The standard イベント一覧 has no English description, image or image licence columns, so those
 * fields are not exported (they survive only a round trip through the newer headers).
 */
export function exportEventsCsv(
  events: readonly ParsedEvent[],
  org: OrgInfo = {},
  part: CsvPart = {},
): string {
  return csvText(
    EVENT_COLUMNS,
    events.map((e) => ({
      ...publisherCells(e.publisher, org),
      externalId: str(e.externalId),
      ...textCells(e.name, 'name.ja', 'name.en'),
      kana: str(e.kana),
      startDate: e.startDate,
      endDate: str(e.endDate),
      startTime: str(e.startTime),
      endTime: str(e.endTime),
      scheduleNote: str(e.scheduleNote),
      'description.ja': str(e.description?.ja),
      'fees.basic': str(e.fees.basicYen),
      'fees.detail': str(e.fees.detail),
      'contact.name': str(e.contact.name),
      'contact.phone': str(e.contact.phone),
      'contact.extension': str(e.contact.extension),
      organiser: str(e.organiser),
      'venue.name': str(e.venue.name),
      address: str(e.venue.address),
      addressDetail: str(e.venue.addressDetail),
      lat: str(e.venue.lat),
      lng: str(e.venue.lng),
      access: str(e.access),
      parking: str(e.parking),
      capacity: str(e.capacity),
      'application.deadlineDate': str(e.application.deadlineDate),
      'application.deadlineTime': str(e.application.deadlineTime),
      'application.method': str(e.application.method),
      url: str(e.url),
      notes: str(e.notes),
    })),
    part,
  );
}
