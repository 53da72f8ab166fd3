/**
 * Japan Standard Time. Japan has no daylight saving time, so Asia/Tokyo is always UTC+9: a fixed
 * shift, correct whatever time zone the server runs in, with no time-zone data needed.
 */
export const JST_OFFSET = '+09:00';
export const JST_OFFSET_MS = 9 * 3600_000;
export const DAY_MS = 86_400_000;

/** A wall-clock date and time in Asia/Tokyo as an instant. `24:00` is the end of that day. */
export function jstDateTime(date: string, time?: string, endOfDayIfMissing = false): Date {
  const hhmm = time ?? (endOfDayIfMissing ? '24:00' : '00:00');
  if (hhmm === '24:00') return new Date(new Date(`${date}T00:00:00${JST_OFFSET}`).getTime() + DAY_MS);
  return new Date(`${date}T${hhmm}:00${JST_OFFSET}`);
}

/**
 * The instant shifted so that its UTC fields (getUTCHours, toISOString…) read Tokyo's wall clock.
 * Only for reading fields or formatting; never store or compare the shifted value.
 */
export function jstWallClock(instant: Date | number | string): Date {
  const ms =
    instant instanceof Date ? instant.getTime() : typeof instant === 'string' ? Date.parse(instant) : instant;
  return new Date(ms + JST_OFFSET_MS);
}

/** The Asia/Tokyo calendar date of an instant (a Date or an ISO string), YYYY-MM-DD. */
export function jstDate(instant: Date | string): string {
  return jstWallClock(instant).toISOString().slice(0, 10);
}

/** Today's date in Japan, YYYY-MM-DD. */
export function todayInJapan(now: Date = new Date()): string {
  return jstDate(now);
}

/** An instant as ISO 8601 with the +09:00 offset (what Google wants for Japanese events). */
export function jstIso(instant: Date): string {
  return `${jstWallClock(instant).toISOString().slice(0, 19)}${JST_OFFSET}`;
}
