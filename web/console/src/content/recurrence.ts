/**
 * The recurrence presets of the event form and the RRULE text (RFC 5545 subset) they stand for:
 * 毎週 + 曜日, 毎月 第n 曜日, 毎月 n 日, each until a date or for a number of times.
 * No DOM, no React.
 */
import { WEEKDAY_CODES as WEEKDAYS, type WeekdayCode as Weekday } from '../../../../src/contract/content';
import { isCalendarDate } from '../jst';

export { WEEKDAY_CODES as WEEKDAYS, type WeekdayCode as Weekday } from '../../../../src/contract/content';

/** 第1〜第5, and -1 for 最終 (the last one of the month). */
export const WEEK_ORDINALS = [1, 2, 3, 4, 5, -1] as const;
export type WeekOrdinal = (typeof WEEK_ORDINALS)[number];

export type RecurrenceRule =
  | { freq: 'weekly'; days: Weekday[] }
  | { freq: 'monthlyWeekday'; week: WeekOrdinal; day: Weekday }
  | { freq: 'monthlyDate'; monthDay: number };

export type RecurrenceEnd =
  | { kind: 'none' }
  | { kind: 'until'; date: string }
  | { kind: 'count'; count: number };

export interface RecurrencePreset {
  rule: RecurrenceRule;
  end: RecurrenceEnd;
}

export const MAX_COUNT = 999;

function sortDays(days: readonly Weekday[]): Weekday[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}

/**
 * The RRULE text of a preset (without `RRULE:`). A weekly rule without days repeats on the start
 * date's weekday; an end that is not valid yet (no date, count 0) is left out.
 */
export function buildRrule(preset: RecurrencePreset): string {
  const parts: string[] = [];
  const { rule, end } = preset;
  if (rule.freq === 'weekly') {
    parts.push('FREQ=WEEKLY');
    const days = sortDays(rule.days);
    if (days.length > 0) parts.push(`BYDAY=${days.join(',')}`);
  } else if (rule.freq === 'monthlyWeekday') {
    parts.push('FREQ=MONTHLY', `BYDAY=${rule.week}${rule.day}`);
  } else {
    parts.push('FREQ=MONTHLY', `BYMONTHDAY=${rule.monthDay}`);
  }
  if (end.kind === 'until' && isCalendarDate(end.date)) parts.push(`UNTIL=${end.date.replaceAll('-', '')}`);
  if (end.kind === 'count' && Number.isInteger(end.count) && end.count >= 1 && end.count <= MAX_COUNT)
    parts.push(`COUNT=${end.count}`);
  return parts.join(';');
}

function isWeekday(value: string): value is Weekday {
  return (WEEKDAYS as readonly string[]).includes(value);
}

function parseUntil(value: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(value);
  if (!match) return undefined;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return isCalendarDate(date) ? date : undefined;
}

/**
 * The preset an RRULE text stands for, or `undefined` when the presets cannot express it (then
 * the form offers the raw text only). Accepts an optional `RRULE:` prefix and any case.
 */
export function parseRrule(text: string): RecurrencePreset | undefined {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (body === '') return undefined;
  const fields = new Map<string, string>();
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq).trim().toUpperCase();
    if (fields.has(key)) return undefined;
    fields.set(
      key,
      part
        .slice(eq + 1)
        .trim()
        .toUpperCase(),
    );
  }
  for (const key of fields.keys()) {
    if (!['FREQ', 'BYDAY', 'BYMONTHDAY', 'UNTIL', 'COUNT', 'INTERVAL'].includes(key)) return undefined;
  }
  if ((fields.get('INTERVAL') ?? '1') !== '1') return undefined;
  if (fields.has('UNTIL') && fields.has('COUNT')) return undefined;

  let end: RecurrenceEnd = { kind: 'none' };
  const until = fields.get('UNTIL');
  const count = fields.get('COUNT');
  if (until !== undefined) {
    const date = parseUntil(until);
    if (!date) return undefined;
    end = { kind: 'until', date };
  } else if (count !== undefined) {
    if (!/^\d{1,3}$/.test(count) || Number(count) < 1) return undefined;
    end = { kind: 'count', count: Number(count) };
  }

  const freq = fields.get('FREQ');
  const byDay = fields.get('BYDAY');
  const byMonthDay = fields.get('BYMONTHDAY');
  if (freq === 'WEEKLY') {
    if (byMonthDay !== undefined) return undefined;
    const days = byDay === undefined ? [] : byDay.split(',');
    if (!days.every(isWeekday) || new Set(days).size !== days.length) return undefined;
    return { rule: { freq: 'weekly', days: sortDays(days as Weekday[]) }, end };
  }
  if (freq === 'MONTHLY') {
    if (byDay !== undefined && byMonthDay === undefined) {
      const match = /^(-1|[1-5])(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay);
      if (!match) return undefined;
      return {
        rule: { freq: 'monthlyWeekday', week: Number(match[1]) as WeekOrdinal, day: match[2] as Weekday },
        end,
      };
    }
    if (byMonthDay !== undefined && byDay === undefined) {
      if (!/^\d{1,2}$/.test(byMonthDay)) return undefined;
      const monthDay = Number(byMonthDay);
      if (monthDay < 1 || monthDay > 31) return undefined;
      return { rule: { freq: 'monthlyDate', monthDay }, end };
    }
  }
  return undefined;
}

/** The preset the form starts from when the user picks a kind of repetition. */
export function defaultPreset(freq: RecurrenceRule['freq'], startDate?: string): RecurrencePreset {
  const start = startDate && isCalendarDate(startDate) ? new Date(`${startDate}T00:00:00Z`) : undefined;
  // getUTCDay: 0 = Sunday … 6 = Saturday; WEEKDAYS starts on Monday.
  const day: Weekday = start ? (WEEKDAYS[(start.getUTCDay() + 6) % 7] ?? 'MO') : 'MO';
  const end: RecurrenceEnd = { kind: 'none' };
  if (freq === 'weekly') return { rule: { freq, days: [day] }, end };
  if (freq === 'monthlyWeekday') {
    const week = start ? (Math.min(5, Math.ceil(start.getUTCDate() / 7)) as WeekOrdinal) : 1;
    return { rule: { freq, week, day }, end };
  }
  return { rule: { freq, monthDay: start ? start.getUTCDate() : 1 }, end };
}
