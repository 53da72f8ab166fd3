-- Media library: every stored file has passed the virus scan and is encrypted at rest with its
-- organisation's data key; rows name the blob, never hold bytes.
CREATE TABLE tenant.media (
  org           text NOT NULL REFERENCES provider.organisations (service_code),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  kind          text NOT NULL CHECK (kind IN ('image', 'video', 'pdf')),
  mime          text NOT NULL,
  extension     text NOT NULL,
  original_name text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255),
  size_bytes    bigint NOT NULL CHECK (size_bytes >= 0),
  sha256        text NOT NULL,
  blob_key      text NOT NULL,
  key_version   integer NOT NULL,
  alt           jsonb NOT NULL DEFAULT '{}'::jsonb,
  caption       jsonb NOT NULL DEFAULT '{}'::jsonb,
  credit        text,
  licence       text,
  tags          text[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text,
  PRIMARY KEY (org, id)
);
ALTER TABLE tenant.media ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.media FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant.media
  USING (org = current_setting('app.org', true))
  WITH CHECK (org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant.media TO mitte_app;

-- Infected uploads, kept encrypted for operators only (provider data, never served).
CREATE TABLE provider.quarantine (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org           text NOT NULL REFERENCES provider.organisations (service_code),
  original_name text NOT NULL,
  size_bytes    bigint NOT NULL,
  signature     text NOT NULL,
  blob_key      text NOT NULL,
  key_version   integer NOT NULL,
  actor_id      text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON provider.quarantine TO mitte_app;

ALTER TABLE provider.organisations ADD COLUMN storage_quota_bytes bigint NOT NULL DEFAULT 5368709120
  CHECK (storage_quota_bytes >= 0);
