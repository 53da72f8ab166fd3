/**
 * Reading 観光施設一覧 / イベント一覧 CSV files into typed rows for the import preview. Nothing here
 * writes anywhere: the caller shows `problems` and `warnings` and only stores `rows` once the file
 * has no problems and the user confirms.
 */
import type { Bilingual } from '../../../platform/errors.js';
import { normaliseForSearch } from '../../content/index.js';
import { CsvDecodeError, decodeCsv } from './csv-decode.js';
import { parseCsvRecords } from './csv-records.js';
import { type FieldKey, type OpenDataSet, resolveHeaders } from './opendata-columns.js';
import type {
  Contact,
  CsvEncoding,
  CsvEncodingChoice,
  Fees,
  ImportResult,
  LocalText,
  OpeningHours,
  ParsedEvent,
  ParsedSpot,
  Publisher,
  RowProblem,
} from './opendata-types.js';
import {
  insideJapan,
  parseCount,
  parseDate,
  parseDays,
  parseDecimal,
  parseExtension,
  parseHttpUrl,
  parseKana,
  parseMunicipalityCode,
  parsePhone,
  parseTime,
  parseYen,
  splitLocalGovernmentName,
  type ValueResult,
} from './opendata-values.js';

export interface ImportOptions {
  /** 'auto' (default) detects UTF-8 (with or without BOM) or cp932. */
  encoding?: CsvEncodingChoice;
  /** The organisation's own 全国地方公共団体コード: rows naming another one get a warning. */
  ownMunicipalityCode?: string;
}

/** One data row of the file, with access to its cells by field and problem recording. */
class RowReader {
  readonly problems: RowProblem[] = [];

  constructor(
    readonly line: number,
    private readonly cells: Map<FieldKey, { value: string; column: string }>,
    private readonly warnings: RowProblem[],
  ) {}

  /** The trimmed cell for a field, '' when the column is absent or empty. */
  text(field: FieldKey): string {
    return this.cells.get(field)?.value ?? '';
  }

  /** The trimmed cell, or null when empty. */
  opt(field: FieldKey): string | null {
    return this.text(field) || null;
  }

  column(field: FieldKey): string | null {
    return this.cells.get(field)?.column ?? null;
  }

  problem(field: FieldKey | null, code: string, message: Bilingual, relatedLine?: number): void {
    this.problems.push({
      line: this.line,
      column: field ? this.column(field) : null,
      code,
      message,
      ...(relatedLine === undefined ? {} : { relatedLine }),
    });
  }

  warn(field: FieldKey | null, code: string, message: Bilingual): void {
    this.warnings.push({ line: this.line, column: field ? this.column(field) : null, code, message });
  }

  /** Parse an optional cell; a failure is recorded and answers null. */
  parse<T>(field: FieldKey, parser: (raw: string) => ValueResult<T>): T | null {
    const raw = this.text(field);
    if (!raw) return null;
    const result = parser(raw);
    if (result.ok) return result.value;
    this.problem(field, result.code, result.message);
    return null;
  }

  required(field: FieldKey, header: string): string {
    const value = this.text(field);
    if (!value) {
      this.problem(field, 'required', {
        ja: `「${header}」は必須です。`,
        en: `"${header}" is required and must not be empty.`,
      });
    }
    return value;
  }
}

interface Sheet {
  readers: RowReader[];
  problems: RowProblem[];
  warnings: RowProblem[];
  encoding: CsvEncoding | null;
}

/** Decode, split into records, resolve the header and hand out one reader per data row. */
function readSheet(bytes: Buffer, dataset: OpenDataSet, options: ImportOptions): Sheet {
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  let text: string;
  let encoding: CsvEncoding;
  try {
    ({ text, encoding } = decodeCsv(bytes, options.encoding ?? 'auto'));
  } catch (error) {
    if (!(error instanceof CsvDecodeError)) throw error;
    problems.push({ line: error.line, column: null, code: error.code, message: error.text });
    return { readers: [], problems, warnings, encoding: null };
  }

  const { records, error } = parseCsvRecords(text);
  const header = records[0];
  if (!header) {
    problems.push(
      error
        ? { line: error.line, column: null, code: error.code, message: error.message }
        : {
            line: 1,
            column: null,
            code: 'csv_empty',
            message: { ja: 'ファイルにデータがありません。', en: 'The file contains no data.' },
          },
    );
    return { readers: [], problems, warnings, encoding };
  }

  const headers = header.cells.map((h) => h.trim());
  const resolved = resolveHeaders(headers, dataset);
  for (const name of resolved.missingRequired) {
    problems.push({
      line: header.line,
      column: name,
      code: 'missing_column',
      message: { ja: `必須の列「${name}」がありません。`, en: `The required column "${name}" is missing.` },
    });
  }
  for (const name of resolved.duplicate) {
    problems.push({
      line: header.line,
      column: name,
      code: 'duplicate_column',
      message: {
        ja: `列「${name}」は他の列と同じ項目を表しています。どちらか一方にしてください。`,
        en: `The column "${name}" means the same as another column. Keep only one of them.`,
      },
    });
  }
  // Without the right columns every row would fail the same way: report the file, not each row.
  if (problems.length > 0) return { readers: [], problems, warnings, encoding };
  for (const name of resolved.unknown) {
    warnings.push({
      line: header.line,
      column: name,
      code: 'unknown_column',
      message: { ja: `列「${name}」は取り込まれません。`, en: `The column "${name}" is not imported.` },
    });
  }

  const readers: RowReader[] = [];
  for (const record of records.slice(1)) {
    const cells = record.cells.map((c) => c.trim());
    if (cells.every((c) => c === '')) continue;
    const extra = cells.slice(headers.length);
    if (cells.length < headers.length || extra.some((c) => c !== '')) {
      problems.push({
        line: record.line,
        column: null,
        code: 'cell_count',
        message: {
          ja: `列の数（${cells.length}）が見出し（${headers.length}）と一致しません。セル内のコンマや改行は " で囲んでください。`,
          en: `The row has ${cells.length} cells but the header has ${headers.length}. Enclose commas and line breaks inside a cell in quotation marks.`,
        },
      });
      continue;
    }
    const byField = new Map<FieldKey, { value: string; column: string }>();
    resolved.mapping.forEach((field, i) => {
      if (field) byField.set(field, { value: cells[i] ?? '', column: headers[i]! });
    });
    readers.push(new RowReader(record.line, byField, warnings));
  }
  if (error) problems.push({ line: error.line, column: null, code: error.code, message: error.message });
  return { readers, problems, warnings, encoding };
}

function publisherOf(row: RowReader, options: ImportOptions): Publisher {
  const code = row.parse('municipalityCode', (raw) => {
    const result = parseMunicipalityCode(raw);
    if (result.ok && result.normalised) {
      row.warn('municipalityCode', 'municipality_code_normalised', {
        ja: `都道府県番号「${raw}」を 6 桁のコード ${result.value} として読みました。`,
        en: `The prefecture number "${raw}" was read as the 6-digit code ${result.value}.`,
      });
    }
    return result;
  });
  if (code && options.ownMunicipalityCode && code !== options.ownMunicipalityCode) {
    row.warn('municipalityCode', 'municipality_code_other', {
      ja: `この行は別の自治体（コード ${code}）のデータです。`,
      en: `This row belongs to another local government (code ${code}).`,
    });
  }
  let prefecture = row.opt('prefecture');
  let municipality = row.opt('municipality');
  const combined = row.text('localGovernmentName');
  if (combined && !prefecture && !municipality)
    ({ prefecture, municipality } = splitLocalGovernmentName(combined));
  return { municipalityCode: code, prefecture, municipality };
}

function localText(ja: string, en: string): LocalText {
  return en ? { ja, en } : { ja };
}

function optionalLocalText(row: RowReader, jaField: FieldKey, enField: FieldKey): LocalText | null {
  const ja = row.text(jaField);
  const en = row.text(enField);
  return ja || en ? localText(ja, en) : null;
}

/** The fields both lists begin with (publisher, NO/ID, name, reading), read in that order. */
function leadingFields(row: RowReader, options: ImportOptions, externalId: string | null, name: string) {
  return {
    publisher: publisherOf(row, options),
    externalId,
    name: localText(name, row.text('name.en')),
    kana: row.parse('kana', parseKana),
  };
}

/** The fields both lists end with (image and its licence, URL, notes), read in that order. */
function trailingFields(row: RowReader) {
  return {
    image: row.opt('image'),
    imageLicense: row.opt('imageLicense'),
    url: row.parse('url', parseHttpUrl),
    notes: row.opt('notes'),
  };
}

/** 住所, or the newer standard's split address joined the Japanese way (no separators). */
function addressOf(row: RowReader): string | null {
  const whole = row.opt('address');
  if (whole) return whole;
  const parts = (['address.prefecture', 'address.city', 'address.town', 'address.number'] as const).map((f) =>
    row.text(f),
  );
  return parts.join('') || null;
}

function addressColumn(row: RowReader): FieldKey {
  return row.column('address') ? 'address' : 'address.prefecture';
}

function coordinates(row: RowReader): { lat: number | null; lng: number | null } {
  let lat = row.parse('lat', parseDecimal);
  let lng = row.parse('lng', parseDecimal);
  const swapped = lat !== null && lng !== null && insideJapan(lng, lat);
  const hint = swapped
    ? {
        ja: '緯度と経度が入れ替わっていないか確認してください。',
        en: ' Check whether latitude and longitude are swapped.',
      }
    : { ja: '', en: '' };
  if (lat !== null && (lat < -90 || lat > 90)) {
    row.problem('lat', 'out_of_range', {
      ja: `緯度は -90〜90 の範囲で記入してください。${hint.ja}`,
      en: `Latitude must be between -90 and 90.${hint.en}`,
    });
    lat = null;
  }
  if (lng !== null && (lng < -180 || lng > 180)) {
    row.problem('lng', 'out_of_range', {
      ja: `経度は -180〜180 の範囲で記入してください。${hint.ja}`,
      en: `Longitude must be between -180 and 180.${hint.en}`,
    });
    lng = null;
  }
  const latGiven = row.text('lat') !== '';
  const lngGiven = row.text('lng') !== '';
  if (latGiven !== lngGiven) {
    const missing = latGiven ? 'lng' : 'lat';
    row.problem(missing, 'coordinate_pair', {
      ja: '緯度と経度は両方記入するか、両方空欄にしてください。',
      en: 'Give both latitude and longitude, or neither.',
    });
  }
  if (lat !== null && lng !== null && !insideJapan(lat, lng)) {
    row.warn('lat', 'outside_japan', {
      ja: `位置（${lat}, ${lng}）が日本の範囲外です。${hint.ja}`,
      en: `The position (${lat}, ${lng}) is outside Japan.${hint.en}`,
    });
  }
  return { lat, lng };
}

function feesOf(row: RowReader): Fees {
  return { basicYen: row.parse('fees.basic', parseYen), detail: row.opt('fees.detail') };
}

function contactOf(row: RowReader): Contact {
  return {
    name: row.opt('contact.name'),
    phone: row.parse('contact.phone', parsePhone),
    extension: row.parse('contact.extension', parseExtension),
  };
}

const endBeforeStart = {
  ja: '終了が開始より前になっています。',
  en: 'The end is before the start.',
};

function openingHoursOf(row: RowReader): OpeningHours[] {
  const days = row.parse('hours.days', parseDays) ?? [];
  const opens = row.parse('hours.opens', (raw) => parseTime(raw, false));
  const closes = row.parse('hours.closes', (raw) => parseTime(raw, true));
  const note = row.opt('hours.note');
  if (opens && closes && closes < opens) row.problem('hours.closes', 'end_before_start', endBeforeStart);
  if (days.length === 0 && !opens && !closes && !note) return [];
  return [{ days, opens, closes, note }];
}

/** Remembers identity keys and reports a row that repeats an earlier one. */
class DuplicateFinder {
  private readonly seen = new Map<string, number>();

  check(row: RowReader, keys: [FieldKey, string | null][]): void {
    for (const [field, key] of keys) {
      if (!key) continue;
      const first = this.seen.get(key);
      if (first !== undefined) {
        row.problem(
          field,
          'duplicate_row',
          {
            ja: `${first} 行目と同じデータです（重複）。`,
            en: `This row duplicates line ${first}.`,
          },
          first,
        );
        return;
      }
    }
    for (const [, key] of keys) if (key && !this.seen.has(key)) this.seen.set(key, row.line);
  }
}

const fold = (s: string) => normaliseForSearch(s);

function collect<Row>(sheet: Sheet, build: (row: RowReader) => Row): ImportResult<Row> {
  const rows: Row[] = [];
  const rowLines: number[] = [];
  const problems = [...sheet.problems];
  for (const reader of sheet.readers) {
    const row = build(reader);
    if (reader.problems.length === 0) {
      rows.push(row);
      rowLines.push(reader.line);
    }
    problems.push(...reader.problems);
  }
  problems.sort((a, b) => a.line - b.line);
  return { rows, rowLines, problems, warnings: sheet.warnings, encoding: sheet.encoding };
}

/**
 * Read a 観光施設一覧 CSV. Rows repeat when they share NO/ID, POIコード, or 名称 with the same
 * non-empty 住所 (compared after search folding, so width and kana differences do not hide them).
 */
export function parseTourismCsv(bytes: Buffer, options: ImportOptions = {}): ImportResult<ParsedSpot> {
  const sheet = readSheet(bytes, 'tourism', options);
  const duplicates = new DuplicateFinder();
  return collect(sheet, (row): ParsedSpot => {
    const name = row.required('name.ja', row.column('name.ja') ?? '名称');
    const address = addressOf(row);
    const externalId = row.opt('externalId');
    const poiCode = row.opt('poiCode');
    const { lat, lng } = coordinates(row);
    const spot: ParsedSpot = {
      ...leadingFields(row, options, externalId, name),
      poiCode,
      address,
      addressDetail: row.opt('addressDetail'),
      lat,
      lng,
      openingHours: openingHoursOf(row),
      fees: feesOf(row),
      description: optionalLocalText(row, 'description.ja', 'description.en'),
      access: row.opt('access'),
      parking: row.opt('parking'),
      barrierFree: row.opt('barrierFree'),
      contact: contactOf(row),
      ...trailingFields(row),
    };
    if (name) {
      duplicates.check(row, [
        ['externalId', externalId && `id:${externalId}`],
        ['poiCode', poiCode && `poi:${poiCode}`],
        [addressColumn(row), address && `name:${fold(name)}|${fold(address)}`],
      ]);
    }
    return spot;
  });
}

/** A 開始日時-style cell: a date, optionally followed by a time (2026-04-01 10:00, 2026-04-01T10:00). */
function splitDateTime(raw: string, allow24: boolean): ValueResult<{ date: string; time: string | null }> {
  const [datePart = '', timePart, ...rest] = raw
    .normalize('NFKC')
    .trim()
    .split(/[T\s]+/);
  const date = parseDate(rest.length > 0 ? raw : datePart);
  if (!date.ok) return date;
  if (timePart === undefined) return { ok: true, value: { date: date.value, time: null } };
  const time = parseTime(timePart, allow24);
  if (!time.ok) return time;
  return { ok: true, value: { date: date.value, time: time.value } };
}

/**
 * Read an イベント一覧 CSV. 開始日 (or 開始日時) is required; without a start time the event is
 * all-day. Rows repeat when they share NO/ID, or イベント名 + start + place (場所名称 or 住所): a
 * recurring market listed once per date is not a duplicate.
 */
export function parseEventsCsv(bytes: Buffer, options: ImportOptions = {}): ImportResult<ParsedEvent> {
  const sheet = readSheet(bytes, 'events', options);
  const duplicates = new DuplicateFinder();
  return collect(sheet, (row): ParsedEvent => {
    const name = row.required('name.ja', row.column('name.ja') ?? 'イベント名');
    let startDate = row.parse('startDate', parseDate);
    let startTime = row.parse('startTime', (raw) => parseTime(raw, false));
    let endDate = row.parse('endDate', parseDate);
    let endTime = row.parse('endTime', (raw) => parseTime(raw, true));
    const startCombined = row.parse('startDateTime', (raw) => splitDateTime(raw, false));
    const endCombined = row.parse('endDateTime', (raw) => splitDateTime(raw, true));
    if (!row.text('startDate') && startCombined) ({ date: startDate, time: startTime } = startCombined);
    if (!row.text('endDate') && endCombined) ({ date: endDate, time: endTime } = endCombined);
    const startField: FieldKey =
      row.text('startDate') || !row.column('startDateTime') ? 'startDate' : 'startDateTime';
    if (!row.text('startDate') && !row.text('startDateTime')) {
      row.required(startField, row.column(startField) ?? '開始日');
    }
    if (endTime && !startTime) {
      row.problem('startTime', 'start_time_required', {
        ja: '終了時間を書く場合は開始時間も記入してください。',
        en: 'An end time needs a start time.',
      });
    }
    if (startDate && endDate && endDate < startDate) {
      row.problem(row.text('endDate') ? 'endDate' : 'endDateTime', 'end_before_start', endBeforeStart);
    } else if (
      startDate &&
      startTime &&
      endTime &&
      (endDate ?? startDate) === startDate &&
      endTime < startTime
    ) {
      row.problem(row.text('endTime') ? 'endTime' : 'endDateTime', 'end_before_start', endBeforeStart);
    }
    const externalId = row.opt('externalId');
    const address = addressOf(row);
    const venueName = row.opt('venue.name');
    const { lat, lng } = coordinates(row);
    const event: ParsedEvent = {
      ...leadingFields(row, options, externalId, name),
      startDate: startDate ?? '',
      endDate,
      startTime,
      endTime,
      allDay: startTime === null,
      scheduleNote: row.opt('scheduleNote'),
      description: optionalLocalText(row, 'description.ja', 'description.en'),
      fees: feesOf(row),
      contact: contactOf(row),
      organiser: row.opt('organiser'),
      venue: { name: venueName, address, addressDetail: row.opt('addressDetail'), lat, lng },
      access: row.opt('access'),
      parking: row.opt('parking'),
      capacity: row.parse('capacity', parseCount),
      application: {
        deadlineDate: row.parse('application.deadlineDate', parseDate),
        deadlineTime: row.parse('application.deadlineTime', (raw) => parseTime(raw, true)),
        method: row.opt('application.method'),
      },
      ...trailingFields(row),
    };
    const place = venueName ?? address;
    if (name && startDate) {
      duplicates.check(row, [
        ['externalId', externalId && `id:${externalId}`],
        ['name.ja', place && `event:${fold(name)}|${startDate}|${startTime ?? ''}|${fold(place)}`],
      ]);
    }
    return event;
  });
}
