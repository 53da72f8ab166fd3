/** Japan has no daylight saving: Asia/Tokyo is always UTC+9. */
export const JST_OFFSET = '+09:00';

/** A wall-clock date and time in Asia/Tokyo as an instant. `24:00` is the end of that day. */
export function jstDateTime(date: string, time?: string, endOfDayIfMissing = false): Date {
  const hhmm = time ?? (endOfDayIfMissing ? '24:00' : '00:00');
  if (hhmm === '24:00') return new Date(new Date(`${date}T00:00:00${JST_OFFSET}`).getTime() + 86_400_000);
  return new Date(`${date}T${hhmm}:00${JST_OFFSET}`);
}

/** The Asia/Tokyo calendar date of an instant, YYYY-MM-DD. */
export function jstDate(instant: Date): string {
  return new Date(instant.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}
