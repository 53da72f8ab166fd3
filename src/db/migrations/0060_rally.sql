-- Digital stamp rally (issue 16): campaigns, their checkpoints, anonymous participants and their
-- stamps. Every table is the organisation's and carries `org` in each foreign key, so another
-- organisation's campaign, checkpoint or spot can never be referenced.

CREATE TABLE tenant.rally_campaigns (
  org            text NOT NULL REFERENCES provider.organisations (service_code),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  -- The campaign's address on the public site: /s/{code}/{lang}/rally/{slug}/.
  slug           text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'ended', 'archived')),
  version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- { name: { ja, en?, … }, description?: {…}, rules?: {…} }; the service checks the contents.
  texts          jsonb NOT NULL CHECK (jsonb_typeof(texts) = 'object'),
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  -- Applicants' personal data is deleted this many days after the end.
  retention_days integer NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3650),
  -- The HMAC key of the checkpoints' QR tokens, sealed under a key derived from the master key
  -- (associated data: organisation, campaign, version). Rotating it bumps the version, so every
  -- printed token of the older version is refused.
  key_version    integer NOT NULL DEFAULT 1 CHECK (key_version >= 1),
  sealed_key     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  published_at   timestamptz,
  CHECK (ends_at > starts_at),
  PRIMARY KEY (org, id),
  UNIQUE (org, slug)
);

CREATE TABLE tenant.rally_checkpoints (
  org          text NOT NULL REFERENCES provider.organisations (service_code),
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id  uuid NOT NULL,
  position     integer NOT NULL CHECK (position BETWEEN 0 AND 999),
  -- The spot it stands for (name and position are copied when linked); a deleted spot leaves
  -- the checkpoint as an ad-hoc place.
  spot_id      uuid,
  name         jsonb NOT NULL CHECK (jsonb_typeof(name) = 'object'),
  lat          double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng          double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  method       text NOT NULL CHECK (method IN ('qr', 'qr_location', 'location', 'staff_code')),
  radius_m     integer NOT NULL DEFAULT 100 CHECK (radius_m BETWEEN 10 AND 5000),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, id),
  FOREIGN KEY (org, campaign_id) REFERENCES tenant.rally_campaigns (org, id) ON DELETE CASCADE,
  FOREIGN KEY (org, spot_id) REFERENCES tenant.content_items (org, id) ON DELETE SET NULL (spot_id)
);
CREATE INDEX rally_checkpoints_campaign ON tenant.rally_checkpoints (org, campaign_id, position);

-- Visitors who joined, without an account: the cookie holds `<id>.<secret>`, the row the
-- secret's SHA-256; the recovery code (shown once) is stored as a SHA-256 too.
CREATE TABLE tenant.rally_participants (
  org           text NOT NULL REFERENCES provider.organisations (service_code),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id   uuid NOT NULL,
  secret_hash   text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  recovery_hash text NOT NULL CHECK (recovery_hash ~ '^[0-9a-f]{64}$'),
  lang          text NOT NULL CHECK (length(lang) <= 10),
  created_at    timestamptz NOT NULL DEFAULT now(),
  -- Set by the anti-fraud checks (impossible speed); staff look and may void stamps.
  flagged_at    timestamptz,
  flag_reason   text CHECK (length(flag_reason) <= 200),
  PRIMARY KEY (org, id),
  UNIQUE (org, campaign_id, recovery_hash),
  FOREIGN KEY (org, campaign_id) REFERENCES tenant.rally_campaigns (org, id) ON DELETE CASCADE
);

-- One stamp per checkpoint per participant: the primary key makes retries and double taps
-- idempotent (INSERT … ON CONFLICT DO NOTHING).
CREATE TABLE tenant.rally_stamps (
  org            text NOT NULL REFERENCES provider.organisations (service_code),
  campaign_id    uuid NOT NULL,
  participant_id uuid NOT NULL,
  checkpoint_id  uuid NOT NULL,
  stamped_at     timestamptz NOT NULL DEFAULT now(),
  method         text NOT NULL CHECK (method IN ('qr', 'qr_location', 'location', 'staff_code')),
  -- Where the phone said it was (location methods only), and how accurate it said that was.
  lat            double precision CHECK (lat BETWEEN -90 AND 90),
  lng            double precision CHECK (lng BETWEEN -180 AND 180),
  accuracy_m     double precision CHECK (accuracy_m >= 0),
  flags          text[] NOT NULL DEFAULT '{}',
  voided_at      timestamptz,
  voided_by      text,
  void_reason    text CHECK (length(void_reason) <= 500),
  PRIMARY KEY (org, participant_id, checkpoint_id),
  FOREIGN KEY (org, participant_id) REFERENCES tenant.rally_participants (org, id) ON DELETE CASCADE,
  FOREIGN KEY (org, checkpoint_id) REFERENCES tenant.rally_checkpoints (org, id) ON DELETE CASCADE,
  FOREIGN KEY (org, campaign_id) REFERENCES tenant.rally_campaigns (org, id) ON DELETE CASCADE
);
CREATE INDEX rally_stamps_campaign ON tenant.rally_stamps (org, campaign_id, stamped_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['rally_campaigns', 'rally_checkpoints', 'rally_participants', 'rally_stamps'] LOOP
    EXECUTE format('ALTER TABLE tenant.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE tenant.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON tenant.%I
      USING (org = current_setting('app.org', true))
      WITH CHECK (org = current_setting('app.org', true))$p$, t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON tenant.%I TO mitte_app', t);
  END LOOP;
END $$;
