-- An organisation's own domain for its public site (Host header → organisation). Lower case,
-- a plain host name (no port, no IP address); one organisation per domain.
ALTER TABLE provider.organisations
  ADD COLUMN site_domain text UNIQUE
  CHECK (
    length(site_domain) <= 253
    AND site_domain ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$'
  );

GRANT UPDATE (site_domain) ON provider.organisations TO mitte_app;
