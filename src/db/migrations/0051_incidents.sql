-- Incidents (A.16.1.1 / A.16.1.2): the provider opens an incident for the organisations it
-- affects and adds timeline updates (investigating → identified → monitoring → resolved); a closed
-- incident gets a post-incident report. Each update reaches the affected admins as a notice of
-- category 'incident' (mail, banner, read receipts: the notices' machinery), linked back here.

CREATE TABLE provider.incidents (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title_ja     text NOT NULL CHECK (length(title_ja) BETWEEN 1 AND 200),
  title_en     text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
  impact_ja    text NOT NULL CHECK (length(impact_ja) BETWEEN 1 AND 2000),
  impact_en    text NOT NULL DEFAULT '' CHECK (length(impact_en) <= 2000),
  severity     text NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
  functions    text[] NOT NULL DEFAULT '{}',
  audience     text NOT NULL CHECK (audience IN ('all', 'list')),
  status       text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  opened_by    text NOT NULL,
  opened_at    timestamptz NOT NULL DEFAULT now(),
  resolved_at  timestamptz,
  -- The post-incident report: what happened, data affected, what was done (ja/en each).
  report       jsonb,
  report_at    timestamptz,
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
  CHECK (report IS NULL OR status = 'resolved')
);

CREATE TABLE provider.incident_organisations (
  incident_id  uuid NOT NULL REFERENCES provider.incidents (id),
  org          text NOT NULL REFERENCES provider.organisations (service_code),
  PRIMARY KEY (incident_id, org)
);
CREATE INDEX incident_organisations_org ON provider.incident_organisations (org);

CREATE TABLE provider.incident_updates (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incident_id  uuid NOT NULL REFERENCES provider.incidents (id),
  status       text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
  message_ja   text NOT NULL CHECK (length(message_ja) BETWEEN 1 AND 5000),
  message_en   text NOT NULL DEFAULT '' CHECK (length(message_en) <= 5000),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  notice_id    uuid REFERENCES provider.notices (id)
);
CREATE INDEX incident_updates_incident ON provider.incident_updates (incident_id, created_at);

ALTER TABLE provider.notices DROP CONSTRAINT notices_category_check;
ALTER TABLE provider.notices ADD CONSTRAINT notices_category_check
  CHECK (category IN ('maintenance', 'change', 'security', 'incident'));
ALTER TABLE provider.notices ADD COLUMN incident_id uuid REFERENCES provider.incidents (id);

ALTER TABLE provider.incidents ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.incidents FORCE ROW LEVEL SECURITY;
ALTER TABLE provider.incident_organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.incident_organisations FORCE ROW LEVEL SECURITY;
ALTER TABLE provider.incident_updates ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.incident_updates FORCE ROW LEVEL SECURITY;

CREATE POLICY provider_only ON provider.incidents
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
CREATE POLICY provider_only ON provider.incident_organisations
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
CREATE POLICY provider_only ON provider.incident_updates
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');

-- An organisation reads the incidents that affect it (never the list of the others) and their timeline.
CREATE POLICY organisation_reads_own ON provider.incident_organisations FOR SELECT
  USING (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true));
CREATE POLICY organisation_reads_affecting ON provider.incidents FOR SELECT
  USING (current_setting('app.realm', true) = 'tenant'
         AND EXISTS (SELECT 1 FROM provider.incident_organisations o
                      WHERE o.incident_id = incidents.id AND o.org = current_setting('app.org', true)));
CREATE POLICY organisation_reads_affecting ON provider.incident_updates FOR SELECT
  USING (current_setting('app.realm', true) = 'tenant'
         AND EXISTS (SELECT 1 FROM provider.incident_organisations o
                      WHERE o.incident_id = incident_updates.incident_id
                        AND o.org = current_setting('app.org', true)));

GRANT SELECT, INSERT, UPDATE ON provider.incidents, provider.incident_organisations TO mitte_app;
GRANT SELECT, INSERT ON provider.incident_updates TO mitte_app;
