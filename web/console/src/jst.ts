/**
 * Japan Standard Time ⇄ UTC for form inputs. Staff type dates and times as they read them on a
 * Japanese calendar; the API speaks UTC instants. Japan has no daylight saving time, so a fixed
 * +09:00 is exact. No DOM, no React.
 */

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` that names a real calendar day (2025-02-30 is refused). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The instant a JST calendar day begins, as a UTC ISO string: 2025-04-01 → 2025-03-31T15:00:00.000Z. */
export function jstDayStartIso(date: string): string | undefined {
  if (!isCalendarDate(date)) return undefined;
  return new Date(Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS).toISOString();
}

/**
 * The instant just after a JST calendar day ends (the next day's start), for exclusive upper
 * bounds: "to 2025-04-01" includes the whole of 1 April.
 */
export function jstDayEndExclusiveIso(date: string): string | undefined {
  const start = jstDayStartIso(date);
  return start ? new Date(Date.parse(start) + DAY_MS).toISOString() : undefined;
}

/**
 * A `datetime-local` value typed in JST (`YYYY-MM-DDTHH:mm`, seconds optional) as a UTC ISO
 * string; `undefined` when empty or malformed.
 */
export function jstLocalToIso(local: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!match) return undefined;
  const [, date = '', hh = '', mm = '', ss = '00'] = match;
  if (!isCalendarDate(date) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  return new Date(Date.parse(`${date}T${hh}:${mm}:${ss}Z`) - JST_OFFSET_MS).toISOString();
}

/** A UTC instant as a JST `datetime-local` value (`YYYY-MM-DDTHH:mm`); '' for null or unparseable. */
export function isoToJstLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms + JST_OFFSET_MS);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  );
}

/** Today's date in Japan, `YYYY-MM-DD`. */
export function jstToday(now: number = Date.now()): string {
  return new Date(now + JST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A time typed by hand as `HH:MM`: full-width digits, a missing leading zero, `：` and `930` are
 * forgiven; `24:00` (end of day) is allowed. `undefined` when it is not a time.
 */
export function normaliseTime(raw: string): string | undefined {
  const text = raw
    .trim()
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[：]/g, ':');
  const match = /^(\d{1,2}):?(\d{2})$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 24 && minutes === 0) return '24:00';
  if (hours > 23 || minutes > 59) return undefined;
  return `${pad(hours)}:${pad(minutes)}`;
}
