-- Foundation: provider (operating) data, tenant (customer) data, and the audit log, each in its
-- own schema (whitepaper A.8.1.1). Every tenant table is keyed by the organisation's service code
-- (A.8.2.2) and filtered by row-level security on current_setting('app.org') (CLD.9.5.1).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SCHEMA IF NOT EXISTS provider;
CREATE SCHEMA tenant;
CREATE SCHEMA audit;

REVOKE ALL ON SCHEMA provider, tenant, audit FROM PUBLIC;
GRANT USAGE ON SCHEMA provider, tenant, audit TO mitte_app;
GRANT SELECT ON provider.schema_migrations TO mitte_app;

-- ---------------------------------------------------------------------------------------------
-- Provider: the organisation registry (contracts, status). Not customer data.
CREATE TABLE provider.organisations (
  service_code   text PRIMARY KEY CHECK (service_code ~ '^[a-z][a-z0-9-]{2,31}$'),
  name_ja        text NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 200),
  name_en        text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  lg_code        text CHECK (lg_code ~ '^[0-9]{6}$'),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'terminated')),
  data_region    text NOT NULL DEFAULT 'jp' CHECK (data_region ~ '^[a-z]{2}$'),
  contract_start date,
  contract_end   date,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (contract_start IS NULL OR contract_end IS NULL OR contract_end >= contract_start)
);
CREATE UNIQUE INDEX organisations_lg_code_active ON provider.organisations (lg_code)
  WHERE lg_code IS NOT NULL AND status <> 'terminated';

CREATE FUNCTION provider.keep_service_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.service_code IS DISTINCT FROM OLD.service_code THEN
    RAISE EXCEPTION 'service_code is immutable' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER organisations_service_code_immutable BEFORE UPDATE ON provider.organisations
  FOR EACH ROW EXECUTE FUNCTION provider.keep_service_code();

GRANT SELECT, INSERT ON provider.organisations TO mitte_app;
GRANT UPDATE (name_ja, name_en, lg_code, status, data_region, contract_start, contract_end, updated_at)
  ON provider.organisations TO mitte_app;

-- ---------------------------------------------------------------------------------------------
-- Tenant: customer data. Template for every later tenant table:
--   org text NOT NULL REFERENCES provider.organisations(service_code), ENABLE + FORCE RLS,
--   policy tenant_isolation on current_setting('app.org', true), grants to mitte_app only.
CREATE TABLE tenant.site_settings (
  org              text PRIMARY KEY REFERENCES provider.organisations (service_code),
  languages        text[] NOT NULL DEFAULT ARRAY['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko']
                   CHECK ('ja' = ANY (languages)
                          AND languages <@ ARRAY['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'th']),
  default_language text NOT NULL DEFAULT 'ja' CHECK (default_language = ANY (languages)),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant.site_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.site_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant.site_settings
  USING (org = current_setting('app.org', true))
  WITH CHECK (org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE ON tenant.site_settings TO mitte_app;

-- ---------------------------------------------------------------------------------------------
-- Audit: append-only, one hash chain per organisation ('<service code>') and one for the provider
-- ('#provider'). Organisation chains are visible in that organisation's scope only; the provider
-- chain only in the provider scope.
CREATE TABLE audit.chain_heads (
  chain text PRIMARY KEY,
  org   text REFERENCES provider.organisations (service_code),
  seq   bigint NOT NULL CHECK (seq >= 0),
  hash  text NOT NULL,
  CHECK ((org IS NULL AND chain = '#provider') OR chain = org)
);

CREATE TABLE audit.events (
  id          bigserial PRIMARY KEY,
  chain       text NOT NULL,
  seq         bigint NOT NULL CHECK (seq >= 1),
  org         text REFERENCES provider.organisations (service_code),
  at          timestamptz NOT NULL,
  actor_type  text NOT NULL,
  actor_id    text,
  action      text NOT NULL,
  target_type text,
  target_id   text,
  ip          text,
  outcome     text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  request_id  text,
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  UNIQUE (chain, seq),
  CHECK ((org IS NULL AND chain = '#provider') OR chain = org)
);
CREATE INDEX events_org_at ON audit.events (org, at DESC);

CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON audit.events
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON audit.events
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

ALTER TABLE audit.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit.events FORCE ROW LEVEL SECURITY;
CREATE POLICY chain_scope ON audit.events
  USING (org = current_setting('app.org', true)
         OR (org IS NULL AND current_setting('app.realm', true) = 'provider'))
  WITH CHECK (org = current_setting('app.org', true)
              OR (org IS NULL AND current_setting('app.realm', true) = 'provider'));

ALTER TABLE audit.chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit.chain_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY chain_scope ON audit.chain_heads
  USING (org = current_setting('app.org', true)
         OR (org IS NULL AND current_setting('app.realm', true) = 'provider'))
  WITH CHECK (org = current_setting('app.org', true)
              OR (org IS NULL AND current_setting('app.realm', true) = 'provider'));

-- No UPDATE, DELETE or TRUNCATE for the app on events; heads move forward only through audit().
GRANT SELECT, INSERT ON audit.events TO mitte_app;
GRANT USAGE ON SEQUENCE audit.events_id_seq TO mitte_app;
GRANT SELECT, INSERT, UPDATE (seq, hash) ON audit.chain_heads TO mitte_app;
