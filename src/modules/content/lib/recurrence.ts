/**
 * The recurrence rules events may use: a strict subset of RFC 5545 RRULE.
 *   FREQ=WEEKLY with BYDAY (MO…SU)
 *   FREQ=MONTHLY with BYMONTHDAY (1–31, -1 = last day) or BYDAY with an ordinal (2SA, -1SU)
 *   optional INTERVAL (1–99), and UNTIL or COUNT (1–1000) or neither (open-ended).
 * Everything else (DAILY, BYSETPOS, WKST, BYHOUR…) is refused with a message saying why, so the
 * console, the public site, iCalendar and JSON-LD all agree on what an event's dates are.
 * Times are Asia/Tokyo wall-clock times; Japan has no daylight saving time, so a fixed +09:00 shift
 * maps them to instants exactly.
 */
import rrulePackage from 'rrule';
import { WEEKDAY_CODES, type WeekdayCode } from '../../../contract/content.js';
import { type Bilingual, Errors } from '../../../platform/errors.js';
import { JST_OFFSET_MS } from '../../../platform/time/jst.js';

// rrule ships CommonJS to Node; its named exports live on the default export.
const { RRule, Weekday } = rrulePackage;

export { WEEKDAY_CODES, type WeekdayCode };

export interface RecurrenceRule {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  /** `ordinal` is null for WEEKLY, 1–5 or -1 (last) for MONTHLY. */
  byDay: { weekday: WeekdayCode; ordinal: number | null }[];
  byMonthDay: number[];
  /** The last instant an occurrence may start at (inclusive). A date-only UNTIL means the end of that day in Tokyo. */
  until: Date | null;
  count: number | null;
}

export const MAX_COUNT = 1000;
const JST_MS = JST_OFFSET_MS;
const ALLOWED_KEYS = ['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'UNTIL', 'COUNT'];

const msg = (ja: string, en: string): Bilingual => ({ ja, en });

function parseUntil(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, z] = m;
  const wallMs = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 23),
    Number(mi ?? 59),
    Number(s ?? 59),
  );
  const check = new Date(wallMs);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h ?? 0) > 23)
    return null;
  // UTC when marked Z; otherwise (date-only or floating) Tokyo wall time.
  return new Date(z ? wallMs : wallMs - JST_MS);
}

/** Parse and check a rule. Accepts an optional "RRULE:" prefix; keys are case-insensitive. */
export function parseRecurrence(
  text: string,
): { ok: true; rule: RecurrenceRule } | { ok: false; message: Bilingual } {
  const bad = (ja: string, en: string) => ({ ok: false as const, message: msg(ja, en) });
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!body) return bad('繰り返しルールが空です。', 'The recurrence rule is empty.');
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .toUpperCase();
    if (eq <= 0 || !value)
      return bad(`「${part}」は KEY=VALUE の形ではありません。`, `"${part}" is not in KEY=VALUE form.`);
    if (!ALLOWED_KEYS.includes(key)) {
      return bad(
        `${key} は使えません（使えるのは FREQ, INTERVAL, BYDAY, BYMONTHDAY, UNTIL, COUNT です）。`,
        `${key} is not supported (only FREQ, INTERVAL, BYDAY, BYMONTHDAY, UNTIL and COUNT are).`,
      );
    }
    if (parts.has(key)) return bad(`${key} が 2 回指定されています。`, `${key} is given twice.`);
    parts.set(key, value);
  }

  const freq = parts.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY') {
    return bad(
      'FREQ は WEEKLY（毎週）または MONTHLY（毎月）にしてください。',
      'FREQ must be WEEKLY or MONTHLY.',
    );
  }

  let interval = 1;
  if (parts.has('INTERVAL')) {
    interval = Number(parts.get('INTERVAL'));
    if (!/^\d+$/.test(parts.get('INTERVAL')!) || interval < 1 || interval > 99) {
      return bad('INTERVAL は 1〜99 の整数にしてください。', 'INTERVAL must be a whole number from 1 to 99.');
    }
  }

  let count: number | null = null;
  let until: Date | null = null;
  if (parts.has('COUNT') && parts.has('UNTIL')) {
    return bad('UNTIL と COUNT は同時に指定できません。', 'UNTIL and COUNT cannot both be given.');
  }
  if (parts.has('COUNT')) {
    count = Number(parts.get('COUNT'));
    if (!/^\d+$/.test(parts.get('COUNT')!) || count < 1 || count > MAX_COUNT) {
      return bad(
        `COUNT は 1〜${MAX_COUNT} の整数にしてください。`,
        `COUNT must be a whole number from 1 to ${MAX_COUNT}.`,
      );
    }
  }
  if (parts.has('UNTIL')) {
    until = parseUntil(parts.get('UNTIL')!);
    if (!until) {
      return bad(
        'UNTIL は YYYYMMDD または YYYYMMDDTHHMMSSZ の形の実在する日時にしてください。',
        'UNTIL must be a real date or time written as YYYYMMDD or YYYYMMDDTHHMMSSZ.',
      );
    }
  }

  const byDay: RecurrenceRule['byDay'] = [];
  if (parts.has('BYDAY')) {
    for (const item of parts.get('BYDAY')!.split(',')) {
      const m = /^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item.trim());
      if (!m)
        return bad(
          `BYDAY の「${item}」が読めません（例: SA、2SA）。`,
          `Cannot read "${item}" in BYDAY (e.g. SA, 2SA).`,
        );
      const ordinal = m[1] === undefined ? null : Number(m[1]);
      if (freq === 'WEEKLY' && ordinal !== null) {
        return bad(
          '毎週の繰り返しでは BYDAY に番号（2SA など）は付けられません。',
          'A weekly rule cannot number its BYDAY days (like 2SA).',
        );
      }
      if (freq === 'MONTHLY' && (ordinal === null || ordinal === 0 || ordinal < -1 || ordinal > 5)) {
        return bad(
          '毎月の繰り返しでは BYDAY に第何週かを付けてください（1SA〜5SA、最終週は -1SA）。',
          'A monthly rule needs a week number on BYDAY (1SA to 5SA, or -1SA for the last).',
        );
      }
      if (byDay.some((d) => d.weekday === m[2] && d.ordinal === ordinal)) {
        return bad(`BYDAY の「${item}」が重複しています。`, `"${item}" appears twice in BYDAY.`);
      }
      byDay.push({ weekday: m[2] as WeekdayCode, ordinal });
    }
  }

  const byMonthDay: number[] = [];
  if (parts.has('BYMONTHDAY')) {
    if (freq === 'WEEKLY')
      return bad('毎週の繰り返しでは BYMONTHDAY は使えません。', 'A weekly rule cannot use BYMONTHDAY.');
    for (const item of parts.get('BYMONTHDAY')!.split(',')) {
      const day = Number(item);
      if (
        !/^-?\d{1,2}$/.test(item.trim()) ||
        !((day >= 1 && day <= 31) || day === -1) ||
        byMonthDay.includes(day)
      ) {
        return bad(
          'BYMONTHDAY は 1〜31（月末は -1）を重複なく指定してください。',
          'BYMONTHDAY takes distinct days 1–31 (or -1 for the last day).',
        );
      }
      byMonthDay.push(day);
    }
  }

  if (freq === 'WEEKLY' && byDay.length === 0) {
    return bad(
      '毎週の繰り返しには BYDAY（曜日、例: SA）を指定してください。',
      'A weekly rule needs BYDAY (e.g. SA).',
    );
  }
  if (freq === 'MONTHLY' && (byDay.length === 0) === (byMonthDay.length === 0)) {
    return bad(
      '毎月の繰り返しには BYMONTHDAY（日付）か BYDAY（第何何曜日）のどちらか一方を指定してください。',
      'A monthly rule needs exactly one of BYMONTHDAY (day of month) or BYDAY (e.g. 2SA).',
    );
  }
  return { ok: true, rule: { freq, interval, byDay, byMonthDay, until, count } };
}

/** The problem with a rule, or null when it is acceptable (the shape the content service uses). */
export function validateRecurrence(text: string): Bilingual | null {
  const result = parseRecurrence(text);
  return result.ok ? null : result.message;
}

function untilText(until: Date): string {
  return `${until.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

/** The canonical text of a rule, e.g. "FREQ=MONTHLY;BYDAY=2SA;COUNT=6". */
export function formatRecurrence(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay.length)
    parts.push(`BYDAY=${rule.byDay.map((d) => `${d.ordinal ?? ''}${d.weekday}`).join(',')}`);
  if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.until) parts.push(`UNTIL=${untilText(rule.until)}`);
  if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
  return parts.join(';');
}

// rrule computes in UTC; we feed it Tokyo wall times dressed as UTC and shift the results back.
const toWall = (d: Date) => new Date(d.getTime() + JST_MS);
const fromWall = (d: Date) => new Date(d.getTime() - JST_MS);

/**
 * Start instants of the occurrences that start within [from, to], at most `limit` of them.
 * `dtstart` is the first occurrence's start instant; its Tokyo wall time gives the weekday and
 * time of day. As in rrule.js, a dtstart that does not itself match the rule is not an occurrence
 * (the console should start the series on a matching day). COUNT counts from dtstart, not from `from`.
 */
export function expandOccurrences(
  rule: string | RecurrenceRule,
  dtstart: Date,
  from: Date,
  to: Date,
  limit = 500,
): Date[] {
  let parsed: RecurrenceRule;
  if (typeof rule === 'string') {
    const result = parseRecurrence(rule);
    if (!result.ok) throw Errors.invalidField('recurrence', result.message);
    parsed = result.rule;
  } else {
    parsed = rule;
  }
  if (limit <= 0 || to < from) return [];
  const weekday = (code: WeekdayCode, ordinal: number | null) => {
    const day = new Weekday(WEEKDAY_CODES.indexOf(code));
    return ordinal === null ? day : day.nth(ordinal);
  };
  const rrule = new RRule({
    freq: parsed.freq === 'WEEKLY' ? RRule.WEEKLY : RRule.MONTHLY,
    interval: parsed.interval,
    byweekday: parsed.byDay.length ? parsed.byDay.map((d) => weekday(d.weekday, d.ordinal)) : null,
    bymonthday: parsed.byMonthDay.length ? parsed.byMonthDay : null,
    count: parsed.count,
    until: parsed.until ? toWall(parsed.until) : null,
    dtstart: toWall(dtstart),
    wkst: RRule.MO,
    tzid: null,
  });
  const found: Date[] = [];
  rrule.between(toWall(from), toWall(to), true, (date) => {
    if (found.length >= limit) return false;
    found.push(fromWall(date));
    return true;
  });
  return found;
}
