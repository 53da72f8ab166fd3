/** Row ids are UUIDs (lower case, as PostgreSQL prints them). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether a value from a request can be a row id. Checked before a query, so a malformed id is
 * "not found" rather than a database error on the uuid cast.
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
