-- Capacity figures (A.12.1.3, issue 14 item 6): API requests per organisation and day, counted
-- per node in memory and added here every minute and at shutdown (an upsert that adds, so any
-- number of nodes may flush the same day). Tenant data like the analytics aggregates: the purge
-- deletes it with the rest, the organisation's own scope reads it.
CREATE TABLE tenant.api_requests_daily (
  org      text NOT NULL REFERENCES provider.organisations (service_code),
  day      date NOT NULL,
  requests bigint NOT NULL DEFAULT 0 CHECK (requests >= 0),
  PRIMARY KEY (org, day)
);
ALTER TABLE tenant.api_requests_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.api_requests_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant.api_requests_daily
  USING (org = current_setting('app.org', true))
  WITH CHECK (org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE ON tenant.api_requests_daily TO mitte_app;

-- Operators change an organisation's storage quota (audited in both chains).
GRANT UPDATE (storage_quota_bytes) ON provider.organisations TO mitte_app;
