/**
 * Dates and date-times as the schemas mean them, stricter than ajv-formats: a real calendar day
 * (no 30 February), no leap second (JavaScript and our column types cannot represent 23:59:60),
 * an offset within ±14:00, and a year this service can sensibly hold. What passes here always
 * becomes a valid Date and a valid PostgreSQL value.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isStrictDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isStrictDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  if (m[7] && (Number(m[8]) > 14 || Number(m[9]) > 59 || (Number(m[8]) === 14 && Number(m[9]) > 0)))
    return false;
  const time = Date.parse(value);
  if (!Number.isFinite(time)) return false;
  // The offset may carry the instant across a year boundary: keep it inside the range too.
  const year = new Date(time).getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

interface FormatRegistry {
  addFormat(name: string, format: { type: 'string'; validate: (value: string) => boolean }): unknown;
}

/** Replaces ajv-formats' `date` and `date-time` in Fastify's validator (its `onCreate` hook). */
export function useStrictDateFormats(ajv: FormatRegistry): void {
  ajv.addFormat('date', { type: 'string', validate: isStrictDate });
  ajv.addFormat('date-time', { type: 'string', validate: isStrictDateTime });
}
