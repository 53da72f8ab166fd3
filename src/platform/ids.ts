/** The canonical text form of a UUID as PostgreSQL prints it (lower case). */
const UUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const UUID_PATTERN = new RegExp(`^${UUID_TEXT}$`);

/**
 * Whether a value from a request is a UUID: anything else cannot name a row, so it is "not found"
 * before it reaches the database (where it would be a cast error, not a 404).
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** As isUuid, for ids that may arrive in upper case (e.g. in a URL typed by hand). */
export function isUuidAnyCase(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value.toLowerCase());
}

/** The source of the pattern, for building larger ones (e.g. blob keys). */
export const UUID_SOURCE = UUID_TEXT;
