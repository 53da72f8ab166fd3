-- Contract lifecycle (CLD.8.1.5): active → suspended → active, active|suspended → terminated →
-- purged. Purging deletes every customer row of the organisation and its audit chain, destroys
-- its data keys, and leaves only a provider-side tombstone (organisation_purges) with counts, the
-- chain's final head hash and the signed deletion certificate.

ALTER TABLE provider.organisations DROP CONSTRAINT organisations_status_check;
ALTER TABLE provider.organisations ADD CONSTRAINT organisations_status_check
  CHECK (status IN ('active', 'suspended', 'terminated', 'purged'));
ALTER TABLE provider.organisations
  ADD COLUMN status_changed_at  timestamptz,
  ADD COLUMN status_reason      text CHECK (length(status_reason) <= 500),
  ADD COLUMN export_window_days integer NOT NULL DEFAULT 30 CHECK (export_window_days BETWEEN 0 AND 365),
  ADD COLUMN terminated_at      timestamptz,
  ADD COLUMN purge_after        timestamptz;
-- Organisations terminated before this migration get the default export window from now.
UPDATE provider.organisations SET terminated_at = now(), purge_after = now() + interval '30 days'
 WHERE status = 'terminated';
ALTER TABLE provider.organisations
  ADD CHECK ((status IN ('terminated', 'purged')) = (purge_after IS NOT NULL));
GRANT UPDATE (status_changed_at, status_reason, export_window_days, terminated_at, purge_after)
  ON provider.organisations TO mitte_app;
CREATE INDEX organisations_purge_due ON provider.organisations (purge_after) WHERE status = 'terminated';

-- A purged organisation's local government code is free again, like a terminated one's.
DROP INDEX provider.organisations_lg_code_active;
CREATE UNIQUE INDEX organisations_lg_code_active ON provider.organisations (lg_code)
  WHERE lg_code IS NOT NULL AND status NOT IN ('terminated', 'purged');

-- One purge per organisation: the step it has reached (so a restart resumes it) and, at the end,
-- the tombstone. recipients are the admins' addresses, kept to mail the certificate after the
-- users are gone.
CREATE TABLE provider.organisation_purges (
  org              text PRIMARY KEY REFERENCES provider.organisations (service_code),
  step             text NOT NULL CHECK (step IN ('rows', 'blobs', 'keys', 'chain', 'caches', 'certificate', 'done')),
  approved_by      text NOT NULL,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  recipients       text[] NOT NULL DEFAULT '{}',
  row_counts       jsonb,
  blob_files       bigint,
  blob_bytes       bigint,
  key_versions     integer[],
  chain_seq        bigint,
  chain_head_hash  text,
  certificate      jsonb,
  certificate_pdf  bytea,
  mailed_at        timestamptz,
  CHECK ((step = 'done') = (finished_at IS NOT NULL))
);
ALTER TABLE provider.organisation_purges ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.organisation_purges FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON provider.organisation_purges
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
GRANT SELECT, INSERT, UPDATE ON provider.organisation_purges TO mitte_app;

-- True while the organisation is being purged (terminated, a purge row not yet done).
CREATE FUNCTION provider.purge_in_progress(p_org text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM provider.organisation_purges p
      JOIN provider.organisations o ON o.service_code = p.org
     WHERE p.org = p_org AND p.finished_at IS NULL AND o.status = 'terminated')
$$;

-- Deletes every row of the organisation in every tenant table (read from the catalogue, so a
-- table added later is purged too) and its sessions; answers the counts per table. The app may
-- not delete from most tenant tables itself, hence SECURITY DEFINER, allowed only mid-purge.
-- Deletes are retried in another order when a foreign key is in the way.
CREATE FUNCTION provider.purge_organisation_rows(p_org text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  before_org text := current_setting('app.org', true);
  tables text[];
  pending text[];
  remaining text[];
  tbl text;
  n bigint;
  counts jsonb := '{}'::jsonb;
BEGIN
  IF NOT provider.purge_in_progress(p_org) THEN
    RAISE EXCEPTION 'organisation % is not being purged', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.org', p_org, true);
  SELECT coalesce(array_agg(format('%I.%I', ns.nspname, c.relname) ORDER BY ns.nspname, c.relname), '{}')
    INTO tables
    FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
   WHERE ns.nspname IN ('tenant', 'auth') AND c.relkind IN ('r', 'p')
     AND EXISTS (SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attname = 'org' AND NOT a.attisdropped);
  FOREACH tbl IN ARRAY tables LOOP
    EXECUTE format('SELECT count(*) FROM %s WHERE org = $1', tbl) INTO n USING p_org;
    counts := counts || jsonb_build_object(tbl, n);
  END LOOP;
  pending := tables;
  LOOP
    remaining := '{}';
    FOREACH tbl IN ARRAY pending LOOP
      BEGIN
        EXECUTE format('DELETE FROM %s WHERE org = $1', tbl) USING p_org;
      EXCEPTION WHEN foreign_key_violation THEN
        remaining := remaining || tbl;
      END;
    END LOOP;
    EXIT WHEN cardinality(remaining) = 0;
    IF cardinality(remaining) = cardinality(pending) THEN
      RAISE EXCEPTION 'purge of %: no order deletes %', p_org, remaining;
    END IF;
    pending := remaining;
  END LOOP;
  PERFORM set_config('app.org', coalesce(before_org, ''), true);
  RETURN counts;
END $$;

-- The audit log is append-only, except that a purge erases the purged organisation's own chain
-- (its final head hash is kept in the tombstone by the caller).
CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.org IS NOT NULL
     AND current_setting('mitte.erasing_chain', true) = OLD.org
     AND provider.purge_in_progress(OLD.org) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE FUNCTION audit.erase_organisation_chain(p_org text, OUT seq bigint, OUT hash text, OUT events bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  before_org text := current_setting('app.org', true);
BEGIN
  IF NOT provider.purge_in_progress(p_org) THEN
    RAISE EXCEPTION 'organisation % is not being purged', p_org USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('app.org', p_org, true);
  SELECT h.seq, h.hash INTO seq, hash FROM audit.chain_heads h WHERE h.org = p_org;
  PERFORM set_config('mitte.erasing_chain', p_org, true);
  DELETE FROM audit.events e WHERE e.org = p_org;
  GET DIAGNOSTICS events = ROW_COUNT;
  DELETE FROM audit.chain_heads h WHERE h.org = p_org;
  PERFORM set_config('mitte.erasing_chain', '', true);
  PERFORM set_config('app.org', coalesce(before_org, ''), true);
END $$;

REVOKE ALL ON FUNCTION provider.purge_in_progress(text), provider.purge_organisation_rows(text),
  audit.erase_organisation_chain(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provider.purge_in_progress(text), provider.purge_organisation_rows(text),
  audit.erase_organisation_chain(text) TO mitte_app;
