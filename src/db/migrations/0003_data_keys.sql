-- Envelope keys per organisation (A.10.1.1): every file an organisation stores is encrypted with
-- one of its data keys; each data key is stored only wrapped (AES-256-GCM) under the master key,
-- which never enters the database. master_key_id names the master key a row is wrapped under
-- (first 16 hex digits of its SHA-256), so a wrong master key is reported, not mistaken for
-- tampering. Contract end (CLD.8.1.5) destroys the keys: wrapped_key becomes NULL, and with it
-- every file encrypted under them is unreadable (crypto-shredding); the row stays as evidence.

CREATE TABLE provider.organisation_keys (
  org           text NOT NULL REFERENCES provider.organisations (service_code),
  version       integer NOT NULL CHECK (version >= 1),
  wrapped_key   text,
  master_key_id text NOT NULL CHECK (master_key_id ~ '^[0-9a-f]{16}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  destroyed_at  timestamptz,
  PRIMARY KEY (org, version),
  CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

-- A destroyed key stays destroyed: no update may bring key material back or move the evidence.
CREATE FUNCTION provider.keep_keys_destroyed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.destroyed_at IS NOT NULL
     AND (NEW.wrapped_key IS NOT NULL OR NEW.destroyed_at IS DISTINCT FROM OLD.destroyed_at) THEN
    RAISE EXCEPTION 'a destroyed data key cannot be restored' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.org IS DISTINCT FROM OLD.org OR NEW.version IS DISTINCT FROM OLD.version THEN
    RAISE EXCEPTION 'org and version of a data key are immutable' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER organisation_keys_stay_destroyed BEFORE UPDATE ON provider.organisation_keys
  FOR EACH ROW EXECUTE FUNCTION provider.keep_keys_destroyed();

-- Only the provider scope handles keys; an organisation's own transactions never see them.
ALTER TABLE provider.organisation_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.organisation_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON provider.organisation_keys
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');

GRANT SELECT, INSERT, UPDATE ON provider.organisation_keys TO mitte_app;
