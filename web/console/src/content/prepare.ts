/**
 * What the content forms send, and the checks made before sending. The forms keep what the user
 * typed (empty texts, half-typed numbers); saving sends only what the API accepts. The server
 * checks everything again. No DOM, no React.
 */
import { toHalfWidth } from '../format';
import type { MessageKey } from '../i18n';
import { isCalendarDate } from '../jst';
import { isLocalizedText } from './languages';
import type {
  AnyContentData,
  ArticleData,
  ContentDataByKind,
  ContentKind,
  CourseData,
  EventData,
  SpotData,
} from './model';
import '../i18n-content';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const blank = (text: unknown): boolean => typeof text !== 'string' || text.trim() === '';

/** Fields that stay even when empty, because the schema requires them. */
const KEEP_EMPTY: Record<ContentKind, readonly string[]> = {
  spot: [],
  event: ['venue'],
  course: ['stops'],
  article: [],
};

/**
 * Removes what the user left empty: texts in other languages, optional strings, empty lists and
 * objects. A localized text with nothing in any language is removed as a whole.
 */
export function pruneEmpty(value: unknown, keep: readonly string[] = []): unknown {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (Array.isArray(value)) {
    const items = value.map((item) => pruneEmpty(item)).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isLocalizedText(value)) {
    const text: Record<string, string> = {};
    for (const [lang, t] of Object.entries(value)) if (!blank(t)) text[lang] = t as string;
    if (Object.keys(text).length === 0) return undefined;
    return { ...text, ja: value.ja ?? '' };
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const cleaned = pruneEmpty(field);
      if (cleaned !== undefined) out[key] = cleaned;
      else if (keep.includes(key)) out[key] = Array.isArray(field) ? [] : isRecord(field) ? {} : field;
    }
    return Object.keys(out).length > 0 || keep.length > 0 ? out : undefined;
  }
  return value === null ? null : value;
}

function prepareSpot(data: SpotData): SpotData {
  const out = { ...data };
  if (out.openingHours) {
    out.openingHours = out.openingHours.map((row) => ({
      ...row,
      opens: row.opens || null,
      closes: row.closes || null,
    }));
  }
  if (out.fees) out.fees = { ...out.fees, basicYen: out.fees.basicYen ?? null };
  return out;
}

function prepareEvent(data: EventData): EventData {
  const out = { ...data, venue: { ...(data.venue ?? {}) } };
  if (out.allDay) {
    delete out.startTime;
    delete out.endTime;
  }
  if (out.eventStatus !== 'rescheduled') delete out.previousStartDate;
  if (out.recurrence) out.recurrence = out.recurrence.trim().replace(/^RRULE:/i, '');
  if (out.fees) out.fees = { ...out.fees, basicYen: out.fees.basicYen ?? null };
  return out;
}

/** The data as the API wants it: empty things removed, required keys present. */
export function prepareForSave<K extends ContentKind>(
  kind: K,
  data: ContentDataByKind[K],
): ContentDataByKind[K] {
  const pruned = (pruneEmpty(data, KEEP_EMPTY[kind]) ?? {}) as ContentDataByKind[K];
  if (kind === 'spot') return prepareSpot(pruned as SpotData) as ContentDataByKind[K];
  if (kind === 'event') return prepareEvent(pruned as EventData) as ContentDataByKind[K];
  return pruned;
}

/** A check that failed before sending: the path of the input and the message to show. */
export interface ClientProblem {
  path: string;
  key: MessageKey;
}

/** Paths of numbers that could not be read (NaN: the number fields hold what was typed). */
export function invalidNumberPaths(data: unknown, path = ''): string[] {
  const join = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (typeof data === 'number') return Number.isFinite(data) ? [] : [path];
  if (Array.isArray(data)) return data.flatMap((item, i) => invalidNumberPaths(item, join(i)));
  if (isRecord(data))
    return Object.entries(data).flatMap(([key, value]) => invalidNumberPaths(value, join(key)));
  return [];
}

const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const badTime = (value: string | null | undefined): boolean => !blank(value) && !TIME.test(value as string);
const badDate = (value: string | undefined): boolean => !blank(value) && !isCalendarDate(value as string);
const badUrl = (value: string | undefined): boolean =>
  !blank(value) && !/^https?:\/\/\S+$/.test(value as string);

function checkCommon(data: AnyContentData, problems: ClientProblem[]): void {
  for (const path of invalidNumberPaths(data)) problems.push({ path, key: 'content.check.number' });
  const url = (data as { url?: string }).url;
  if (badUrl(url)) problems.push({ path: 'url', key: 'content.check.url' });
}

function checkSpot(data: SpotData, problems: ClientProblem[]): void {
  if (blank(data.name?.ja)) problems.push({ path: 'name.ja', key: 'content.check.nameRequired' });
  if (blank(data.category)) problems.push({ path: 'category', key: 'content.check.categoryRequired' });
  if ((data.lat === undefined) !== (data.lng === undefined))
    problems.push({ path: data.lat === undefined ? 'lat' : 'lng', key: 'content.check.latLngBoth' });
  data.openingHours?.forEach((row, i) => {
    if (row.days.length === 0)
      problems.push({ path: `openingHours.${i}.days`, key: 'content.check.daysRequired' });
    if (badTime(row.opens)) problems.push({ path: `openingHours.${i}.opens`, key: 'content.check.time' });
    if (badTime(row.closes)) problems.push({ path: `openingHours.${i}.closes`, key: 'content.check.time' });
    if (badDate(row.validFrom))
      problems.push({ path: `openingHours.${i}.validFrom`, key: 'content.check.date' });
    if (badDate(row.validTo)) problems.push({ path: `openingHours.${i}.validTo`, key: 'content.check.date' });
    else if (row.validFrom && row.validTo && row.validTo < row.validFrom)
      problems.push({ path: `openingHours.${i}.validTo`, key: 'content.check.validOrder' });
  });
}

function checkEvent(data: EventData, problems: ClientProblem[]): void {
  if (blank(data.name?.ja)) problems.push({ path: 'name.ja', key: 'content.check.nameRequired' });
  if (blank(data.category)) problems.push({ path: 'category', key: 'content.check.categoryRequired' });
  if (blank(data.startDate)) problems.push({ path: 'startDate', key: 'content.check.startDateRequired' });
  else if (badDate(data.startDate)) problems.push({ path: 'startDate', key: 'content.check.date' });
  if (badDate(data.endDate)) problems.push({ path: 'endDate', key: 'content.check.date' });
  else if (data.endDate && data.startDate && data.endDate < data.startDate)
    problems.push({ path: 'endDate', key: 'content.check.endDateOrder' });
  if (!data.allDay) {
    if (blank(data.startTime)) problems.push({ path: 'startTime', key: 'content.check.startTimeRequired' });
    else if (badTime(data.startTime)) problems.push({ path: 'startTime', key: 'content.check.time' });
    if (badTime(data.endTime)) problems.push({ path: 'endTime', key: 'content.check.time' });
  }
  if (!blank(data.recurrence) && !/^(RRULE:)?FREQ=/i.test((data.recurrence ?? '').trim()))
    problems.push({ path: 'recurrence', key: 'content.check.recurrence' });
  if (data.eventStatus === 'rescheduled') {
    if (blank(data.previousStartDate))
      problems.push({ path: 'previousStartDate', key: 'content.check.previousStartDateRequired' });
    else if (badDate(data.previousStartDate))
      problems.push({ path: 'previousStartDate', key: 'content.check.date' });
  }
  const venue = data.venue ?? {};
  if ((venue.lat === undefined) !== (venue.lng === undefined))
    problems.push({
      path: venue.lat === undefined ? 'venue.lat' : 'venue.lng',
      key: 'content.check.latLngBoth',
    });
  if (badDate(data.application?.deadline))
    problems.push({ path: 'application.deadline', key: 'content.check.date' });
  if (badTime(data.application?.deadlineTime))
    problems.push({ path: 'application.deadlineTime', key: 'content.check.time' });
}

function checkCourse(data: CourseData, problems: ClientProblem[]): void {
  if (blank(data.name?.ja)) problems.push({ path: 'name.ja', key: 'content.check.nameRequired' });
  if ((data.stops ?? []).length < 2) problems.push({ path: 'stops', key: 'content.check.stopsMin' });
}

function checkArticle(data: ArticleData, problems: ClientProblem[]): void {
  if (blank(data.title?.ja)) problems.push({ path: 'title.ja', key: 'content.check.titleRequired' });
  if (blank(data.body?.ja)) problems.push({ path: 'body.ja', key: 'content.check.bodyRequired' });
}

/** What the console can tell is wrong before sending, in form order. */
export function clientProblems<K extends ContentKind>(kind: K, data: ContentDataByKind[K]): ClientProblem[] {
  const problems: ClientProblem[] = [];
  if (kind === 'spot') checkSpot(data as SpotData, problems);
  if (kind === 'event') checkEvent(data as EventData, problems);
  if (kind === 'course') checkCourse(data as CourseData, problems);
  if (kind === 'article') checkArticle(data as ArticleData, problems);
  checkCommon(data, problems);
  // One message per input: the first problem found for a path wins.
  return problems.filter((p, i) => problems.findIndex((q) => q.path === p.path) === i);
}

/** Comma- or 「、」-separated tags as a list: trimmed, no empties, no duplicates. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[,、，]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  return [...new Set(tags)];
}

/**
 * A number typed by hand (full-width digits and thousands separators forgiven): undefined when
 * empty, NaN when it is not a number (the save check reports it at its path).
 */
export function parseNumber(text: string, integer: boolean): number | undefined {
  const trimmed = toHalfWidth(text).trim().replace(/,/g, '');
  if (trimmed === '') return undefined;
  const pattern = integer ? /^-?\d+$/ : /^-?(\d+\.?\d*|\.\d+)$/;
  return pattern.test(trimmed) ? Number(trimmed) : Number.NaN;
}
