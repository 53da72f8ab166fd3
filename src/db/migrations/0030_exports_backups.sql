-- Full exports of an organisation (issue 14 item 2) and the provider's backups (item 5).

-- One row per export an admin started in the console. The archive is built on one node into the
-- blob store, encrypted under the organisation's data key like its media (it holds the decrypted
-- originals), and served from there with Range, so a download can resume on any node.
CREATE TABLE tenant.exports (
  org          text NOT NULL REFERENCES provider.organisations (service_code),
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  status       text NOT NULL DEFAULT 'building' CHECK (status IN ('building', 'ready', 'failed')),
  requested_by text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- A building export's heartbeat: one not touched for 10 minutes lost its node and counts as failed.
  updated_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  files_done   integer NOT NULL DEFAULT 0 CHECK (files_done >= 0),
  files_total  integer NOT NULL DEFAULT 0 CHECK (files_total >= 0),
  size_bytes   bigint CHECK (size_bytes >= 0),
  sha256       text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  blob_key     text,
  error        text CHECK (length(error) <= 500),
  PRIMARY KEY (org, id)
);
ALTER TABLE tenant.exports ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.exports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant.exports
  USING (org = current_setting('app.org', true))
  WITH CHECK (org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant.exports TO mitte_app;

-- Backups made by `mitte backup` or the schedule. `slot` claims a scheduled run once across
-- nodes (the unique key); a manual backup has its own slot. Provider data: no organisation.
CREATE TABLE provider.backups (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slot        text NOT NULL UNIQUE CHECK (length(slot) BETWEEN 1 AND 100),
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed')),
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  file        text CHECK (length(file) <= 1000),
  size_bytes  bigint CHECK (size_bytes >= 0),
  sha256      text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  node        text CHECK (length(node) <= 200),
  error       text CHECK (length(error) <= 500)
);
CREATE INDEX backups_finished ON provider.backups (finished_at DESC) WHERE status = 'ok';
ALTER TABLE provider.backups ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.backups FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON provider.backups
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
GRANT SELECT, INSERT, UPDATE, DELETE ON provider.backups TO mitte_app;
