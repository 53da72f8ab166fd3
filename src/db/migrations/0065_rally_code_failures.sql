-- Wrong staff or rotating codes per source address and campaign (issue 16, anti-fraud): a 6-digit
-- code must not be guessable by trying, so after a few wrong codes from one address the
-- campaign's code check-ins from there wait. Counted in the shared database, so it holds across
-- nodes; the address only as the keyed hash the stamps use.
CREATE TABLE tenant.rally_code_failures (
  org          text NOT NULL REFERENCES provider.organisations (service_code),
  campaign_id  uuid NOT NULL,
  address_hash text NOT NULL CHECK (address_hash ~ '^[0-9a-f]{32}$'),
  window_start timestamptz NOT NULL DEFAULT now(),
  failures     integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  PRIMARY KEY (org, campaign_id, address_hash),
  FOREIGN KEY (org, campaign_id) REFERENCES tenant.rally_campaigns (org, id) ON DELETE CASCADE
);
ALTER TABLE tenant.rally_code_failures ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.rally_code_failures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant.rally_code_failures
  USING (org = current_setting('app.org', true))
  WITH CHECK (org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant.rally_code_failures TO mitte_app;
