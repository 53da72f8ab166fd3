-- Accounts: organisation users (customer data, RLS), provider operators (operating data),
-- server-side sessions and sign-in throttles (schema auth).

-- ---------------------------------------------------------------------------------------------
-- Organisation accounts: admin (管理者) and general user (一般ユーザー).
CREATE TABLE tenant.users (
  org                 text NOT NULL REFERENCES provider.organisations (service_code),
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  email               text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role                text NOT NULL CHECK (role IN ('admin', 'general')),
  status              text NOT NULL CHECK (status IN ('invited', 'active', 'suspended', 'deleted')),
  rights              jsonb NOT NULL DEFAULT '{}'::jsonb,
  password_hash       text,
  password_changed_at timestamptz,
  totp_secret         text,
  totp_enabled        boolean NOT NULL DEFAULT false,
  totp_last_step      bigint,
  last_sign_in_at     timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  deleted_at          timestamptz,
  PRIMARY KEY (org, id)
);
CREATE UNIQUE INDEX users_email_unique ON tenant.users (org, email) WHERE status <> 'deleted';

CREATE TABLE tenant.user_recovery_codes (
  org       text NOT NULL REFERENCES provider.organisations (service_code),
  user_id   uuid NOT NULL,
  code_hash text NOT NULL,
  used_at   timestamptz,
  PRIMARY KEY (org, user_id, code_hash),
  FOREIGN KEY (org, user_id) REFERENCES tenant.users (org, id) ON DELETE CASCADE
);

-- Single-use links: invitations (72 h) and password resets (30 min). Only hashes are stored.
CREATE TABLE tenant.user_tokens (
  org        text NOT NULL REFERENCES provider.organisations (service_code),
  token_hash text NOT NULL,
  user_id    uuid NOT NULL,
  purpose    text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, token_hash),
  FOREIGN KEY (org, user_id) REFERENCES tenant.users (org, id) ON DELETE CASCADE
);

-- Per-organisation sign-in policy, set by its admins.
CREATE TABLE tenant.account_settings (
  org                       text PRIMARY KEY REFERENCES provider.organisations (service_code),
  totp_required_for_general boolean NOT NULL DEFAULT false,
  idle_timeout_minutes      integer NOT NULL DEFAULT 30 CHECK (idle_timeout_minutes BETWEEN 5 AND 480),
  absolute_lifetime_hours   integer NOT NULL DEFAULT 12 CHECK (absolute_lifetime_hours BETWEEN 1 AND 24),
  updated_at                timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'user_recovery_codes', 'user_tokens', 'account_settings'] LOOP
    EXECUTE format('ALTER TABLE tenant.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE tenant.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON tenant.%I
      USING (org = current_setting('app.org', true))
      WITH CHECK (org = current_setting('app.org', true))$p$, t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON tenant.users, tenant.account_settings TO mitte_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant.user_recovery_codes, tenant.user_tokens TO mitte_app;
GRANT DELETE ON tenant.users TO mitte_app;

-- ---------------------------------------------------------------------------------------------
-- Provider operators (運営担当者): a realm of their own, outside every organisation.
CREATE TABLE provider.operators (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email               text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  status              text NOT NULL CHECK (status IN ('active', 'suspended')),
  password_hash       text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  totp_secret         text,
  totp_enabled        boolean NOT NULL DEFAULT false,
  totp_last_step      bigint,
  last_sign_in_at     timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE provider.operator_recovery_codes (
  operator_id uuid NOT NULL REFERENCES provider.operators (id) ON DELETE CASCADE,
  code_hash   text NOT NULL,
  used_at     timestamptz,
  PRIMARY KEY (operator_id, code_hash)
);
GRANT SELECT, INSERT, UPDATE ON provider.operators TO mitte_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON provider.operator_recovery_codes TO mitte_app;

-- ---------------------------------------------------------------------------------------------
-- Sessions and throttles. The 'auth' scope (set only by the session lookup and the sign-in
-- limiter) sees every row; an organisation's scope sees its own sessions; the provider's its own.
CREATE SCHEMA auth;
REVOKE ALL ON SCHEMA auth FROM PUBLIC;
GRANT USAGE ON SCHEMA auth TO mitte_app;

CREATE TABLE auth.sessions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash    text NOT NULL UNIQUE,
  realm         text NOT NULL CHECK (realm IN ('tenant', 'provider')),
  org           text REFERENCES provider.organisations (service_code),
  account_id    uuid NOT NULL,
  stage         text NOT NULL CHECK (stage IN ('password', 'enrol', 'full')),
  csrf_token    text NOT NULL,
  idle_seconds  integer NOT NULL CHECK (idle_seconds > 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  ip            text,
  user_agent    text,
  ended_at      timestamptz,
  end_reason    text,
  CHECK ((realm = 'tenant') = (org IS NOT NULL))
);
CREATE INDEX sessions_account ON auth.sessions (org, account_id) WHERE ended_at IS NULL;

CREATE TABLE auth.throttles (
  key             text PRIMARY KEY,
  failures        integer NOT NULL DEFAULT 0,
  window_start    timestamptz NOT NULL DEFAULT now(),
  last_failure_at timestamptz,
  locked_until    timestamptz
);

ALTER TABLE auth.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY session_scope ON auth.sessions
  USING (current_setting('app.realm', true) = 'auth'
         OR org = current_setting('app.org', true)
         OR (org IS NULL AND current_setting('app.realm', true) = 'provider'))
  WITH CHECK (current_setting('app.realm', true) = 'auth'
              OR org = current_setting('app.org', true)
              OR (org IS NULL AND current_setting('app.realm', true) = 'provider'));
ALTER TABLE auth.throttles ENABLE ROW LEVEL SECURITY;
ALTER TABLE auth.throttles FORCE ROW LEVEL SECURITY;
CREATE POLICY throttle_scope ON auth.throttles
  USING (current_setting('app.realm', true) = 'auth')
  WITH CHECK (current_setting('app.realm', true) = 'auth');
GRANT SELECT, INSERT, UPDATE ON auth.sessions TO mitte_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON auth.throttles TO mitte_app;

-- Organisations provisioned before this migration get their account settings row, each in
-- its own scope (row-level security is forced on the owner too).
DO $$
DECLARE code text;
BEGIN
  FOR code IN SELECT service_code FROM provider.organisations LOOP
    PERFORM set_config('app.org', code, true);
    INSERT INTO tenant.account_settings (org) VALUES (code);
  END LOOP;
  PERFORM set_config('app.org', '', true);
END $$;
