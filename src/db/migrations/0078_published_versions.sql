-- The version of an organisation's published read model in one row (issue 13): a node that holds
-- an organisation's published items (the published model, the published tier) checks that they
-- are current by reading this row, one index look-up, instead of the count and the sum of the
-- transaction ids of every row, which grew with the organisation and, at 1,000 organisations,
-- kept PostgreSQL busy with checks alone.
--
-- Every statement that inserts, updates or deletes read-model rows sets the version of the
-- organisations it touched to a new number of one sequence (never reused, kept by a dump and
-- restore), in the same transaction: a reader's statement sees the rows and their version
-- together. Writers of one organisation's read model already take turns (lock_published_orgs,
-- 0044), so the version row adds no new lock order.

CREATE SEQUENCE tenant.published_version_seq;

CREATE TABLE tenant.published_versions (
  org     text PRIMARY KEY REFERENCES provider.organisations (service_code),
  version bigint NOT NULL
);
ALTER TABLE tenant.published_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.published_versions FORCE ROW LEVEL SECURITY;
-- As the read model itself: the app sees its organisation's row, the reader role reads every row
-- (a number that only tells that something public changed) and may only SELECT.
CREATE POLICY tenant_isolation ON tenant.published_versions
  USING (org = current_setting('app.org', true) OR current_user = 'mitte_reader')
  WITH CHECK (org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant.published_versions TO mitte_app;
GRANT USAGE ON SEQUENCE tenant.published_version_seq TO mitte_app;
GRANT SELECT ON tenant.published_versions TO mitte_reader;

-- Inserted or updated rows: their organisations' versions move (the row is created at the first).
CREATE FUNCTION tenant.published_items_written() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tenant.published_versions AS v (org, version)
  SELECT o, nextval('tenant.published_version_seq') FROM (SELECT DISTINCT org AS o FROM written) w
  ON CONFLICT (org) DO UPDATE SET version = EXCLUDED.version;
  RETURN NULL;
END $$;

-- Deleted rows: only an existing version moves. A purge deletes the organisation's version row
-- among its tenant rows, in any order; a read-model delete after it must not bring the row back.
-- Without a row the version reads as 0, which no held model carries once it has rows.
CREATE FUNCTION tenant.published_items_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tenant.published_versions v SET version = nextval('tenant.published_version_seq')
   WHERE v.org IN (SELECT DISTINCT org FROM written);
  RETURN NULL;
END $$;

CREATE TRIGGER published_items_inserted_version AFTER INSERT ON tenant.published_items
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION tenant.published_items_written();
CREATE TRIGGER published_items_updated_version AFTER UPDATE ON tenant.published_items
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION tenant.published_items_written();
CREATE TRIGGER published_items_deleted_version AFTER DELETE ON tenant.published_items
  REFERENCING OLD TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION tenant.published_items_deleted();

-- Organisations that already have read-model rows start with a version of their own.
ALTER TABLE tenant.published_items NO FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant.published_versions NO FORCE ROW LEVEL SECURITY;
INSERT INTO tenant.published_versions (org, version)
SELECT o, nextval('tenant.published_version_seq') FROM (SELECT DISTINCT org AS o FROM tenant.published_items) p;
ALTER TABLE tenant.published_items FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant.published_versions FORCE ROW LEVEL SECURITY;
