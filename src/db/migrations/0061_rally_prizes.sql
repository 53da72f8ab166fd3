-- Stamp rally prizes, survey and applications (issue 16, item 5).

-- Prize tiers ([{ id, name: { ja, … }, minStamps?, requiredCheckpointIds: [], quantity?,
-- award: 'lottery' | 'first_come' }]) and the survey asked before applying ([{ id, kind, label,
-- choices?, required }]) belong to the campaign; the service checks their contents.
ALTER TABLE tenant.rally_campaigns
  ADD COLUMN prize_tiers jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(prize_tiers) = 'array'),
  ADD COLUMN survey      jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(survey) = 'array'),
  -- Set when the applicants' personal data was deleted (retention_days after the end): the
  -- deletion job claims a campaign once by this column.
  ADD COLUMN personal_data_deleted_at timestamptz;

-- One application per participant and campaign. The personal data (name, postal code, address,
-- phone, e-mail) is sealed with AES-256-GCM under a key derived from the organisation's data key
-- (`key_version`), bound to the row; crypto-shredding the organisation's keys makes it unreadable,
-- and the deletion job sets it to NULL. The survey answers are not personal and stay for statistics.
CREATE TABLE tenant.rally_applications (
  org             text NOT NULL REFERENCES provider.organisations (service_code),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  campaign_id     uuid NOT NULL,
  participant_id  uuid NOT NULL,
  tier_id         text NOT NULL CHECK (length(tier_id) <= 40),
  answers         jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(answers) = 'object'),
  personal_sealed text,
  key_version     integer CHECK (key_version >= 1),
  status          text NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'won', 'lost')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((personal_sealed IS NULL) = (key_version IS NULL)),
  PRIMARY KEY (org, id),
  UNIQUE (org, campaign_id, participant_id),
  FOREIGN KEY (org, campaign_id) REFERENCES tenant.rally_campaigns (org, id) ON DELETE CASCADE,
  FOREIGN KEY (org, participant_id) REFERENCES tenant.rally_participants (org, id) ON DELETE CASCADE
);
CREATE INDEX rally_applications_tier ON tenant.rally_applications (org, campaign_id, tier_id);
ALTER TABLE tenant.rally_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.rally_applications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant.rally_applications
  USING (org = current_setting('app.org', true))
  WITH CHECK (org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant.rally_applications TO mitte_app;
