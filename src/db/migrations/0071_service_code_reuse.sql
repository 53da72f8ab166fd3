-- A purged organisation's service code may be given again one year after its purge finished
-- (issue 14 item 3). The registry row is reused (tenant rows and data keys refer to the code);
-- the tombstone stays as history, marked superseded, and the new organisation's data keys start
-- above every destroyed version, so no key id (`<code>:<version>`) is ever issued twice.

ALTER TABLE provider.organisation_purges ADD COLUMN superseded_at timestamptz;
ALTER TABLE provider.organisation_purges DROP CONSTRAINT organisation_purges_pkey;
ALTER TABLE provider.organisation_purges ADD PRIMARY KEY (org, started_at);
-- At most one purge per organisation that is not history.
CREATE UNIQUE INDEX organisation_purges_current ON provider.organisation_purges (org)
  WHERE superseded_at IS NULL;
ALTER TABLE provider.organisation_purges
  ADD CHECK (superseded_at IS NULL OR finished_at IS NOT NULL);

ALTER TABLE provider.organisations
  ADD COLUMN key_version_floor integer NOT NULL DEFAULT 1 CHECK (key_version_floor >= 1);

-- Gives a purged organisation's code to a new organisation: the tombstone becomes history and
-- the registry row starts afresh (status, dates, domain, quota, key floor, created_at). Names,
-- codes and contract dates are then set by the caller like a new insert. Refuses anything but a
-- finished purge; the one-year wait is the caller's (it names the date in its refusal).
CREATE FUNCTION provider.reopen_service_code(p_code text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF current_setting('app.realm', true) IS DISTINCT FROM 'provider' THEN
    RAISE EXCEPTION 'only the provider reopens a service code' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM provider.organisations o
      JOIN provider.organisation_purges p ON p.org = o.service_code AND p.superseded_at IS NULL
     WHERE o.service_code = p_code AND o.status = 'purged' AND p.step = 'done'
  ) THEN
    RAISE EXCEPTION 'service code % is not a finished purge', p_code USING ERRCODE = 'check_violation';
  END IF;
  UPDATE provider.organisation_purges SET superseded_at = now()
   WHERE org = p_code AND superseded_at IS NULL;
  UPDATE provider.organisations o SET
    status = 'active', status_changed_at = NULL, status_reason = NULL, terminated_at = NULL,
    purge_after = NULL, export_window_days = DEFAULT, site_domain = NULL,
    storage_quota_bytes = DEFAULT, created_at = now(), updated_at = now(),
    key_version_floor = 1 + coalesce(
      (SELECT max(k.version) FROM provider.organisation_keys k WHERE k.org = p_code), 0)
   WHERE o.service_code = p_code;
END $$;
REVOKE ALL ON FUNCTION provider.reopen_service_code(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provider.reopen_service_code(text) TO mitte_app;
