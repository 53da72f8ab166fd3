-- The stamp rally's campaign history (issue 16 item 1), like content's: every change of a
-- campaign's editable state (texts, address, period, retention, prize tiers, survey, checkpoints,
-- status) is kept as a revision numbered by the campaign's version, written in the change's own
-- transaction. A restore writes a new revision; history is never rewritten.
CREATE TABLE tenant.rally_campaign_revisions (
  org           text NOT NULL REFERENCES provider.organisations (service_code),
  campaign_id   uuid NOT NULL,
  version       integer NOT NULL CHECK (version >= 1),
  -- What was done: created, updated, prizes_changed, checkpoint_added, checkpoint_updated,
  -- checkpoint_removed, published, ended, archived, restored.
  action        text NOT NULL CHECK (action ~ '^[a-z_]{1,40}$'),
  -- { slug, status, texts, startsAt, endsAt, retentionDays, prizeTiers, survey, checkpoints: [...] }
  snapshot      jsonb NOT NULL CHECK (jsonb_typeof(snapshot) = 'object'),
  -- The version a restore brought back (restored revisions only).
  restored_from integer CHECK (restored_from >= 1),
  actor_id      text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, campaign_id, version),
  FOREIGN KEY (org, campaign_id) REFERENCES tenant.rally_campaigns (org, id) ON DELETE CASCADE
);
ALTER TABLE tenant.rally_campaign_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.rally_campaign_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant.rally_campaign_revisions
  USING (org = current_setting('app.org', true))
  WITH CHECK (org = current_setting('app.org', true));
-- Revisions are appended and read; only a campaign's deletion (cascade) or a purge removes them.
GRANT SELECT, INSERT ON tenant.rally_campaign_revisions TO mitte_app;
