-- Keyset paging on PostgreSQL skipped rows: list cursors carry the last row's time as a JavaScript
-- Date (milliseconds) while PostgreSQL stored microseconds, so the rows of a bulk import or bulk
-- publish (one transaction time) after the first page compared as later than the cursor and were
-- never listed. The times the lists page by are kept at millisecond precision instead, so a
-- cursor is exact and the lists keep their index order.
ALTER TABLE tenant.content_items
  ALTER COLUMN updated_at TYPE timestamptz(3),
  ALTER COLUMN published_at TYPE timestamptz(3);
ALTER TABLE tenant.published_items
  ALTER COLUMN updated_at TYPE timestamptz(3),
  ALTER COLUMN published_at TYPE timestamptz(3);
