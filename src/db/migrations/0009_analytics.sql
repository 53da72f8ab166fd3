-- Cookie-less visitor analytics of the public site. No IP address, cookie, User-Agent string or
-- identifier is stored: views are counted in daily aggregate rows, and unique visitors are
-- estimated with opaque salted hashes that live only until the end of their day.

-- One row per day and page view shape; `views` and `visitors` grow as nodes flush their buffers.
-- '' stands for "none" (no content id, no referrer) so the key has no NULLs and upserts stay simple.
CREATE TABLE tenant.analytics_daily (
  org             text NOT NULL REFERENCES provider.organisations (service_code),
  day             date NOT NULL,
  page            text NOT NULL CHECK (length(page) BETWEEN 1 AND 100),
  content_kind    text NOT NULL DEFAULT '' CHECK (content_kind IN ('', 'spot', 'event', 'course', 'article')),
  content_id      text NOT NULL DEFAULT '' CHECK (length(content_id) <= 64),
  lang            text NOT NULL CHECK (length(lang) BETWEEN 2 AND 10),
  referrer_domain text NOT NULL DEFAULT '' CHECK (length(referrer_domain) <= 253),
  device          text NOT NULL CHECK (device IN ('mobile', 'tablet', 'desktop')),
  views           integer NOT NULL DEFAULT 0 CHECK (views >= 0),
  -- Distinct visitors of exactly this row's page, language, referrer and device on that day.
  visitors        integer NOT NULL DEFAULT 0 CHECK (visitors >= 0),
  PRIMARY KEY (org, day, page, content_id, lang, referrer_domain, device)
);
CREATE INDEX analytics_daily_content ON tenant.analytics_daily (org, content_kind, content_id, day)
  WHERE content_id <> '';

-- Distinct visitors per day for each breakdown the dashboard shows: the whole site ('site', ''),
-- a page pattern, a content item ('spot:<id>'), a language, a referrer domain, a device class.
-- Counted separately because distinct counts of rows do not add up.
CREATE TABLE tenant.analytics_daily_visitors (
  org       text NOT NULL REFERENCES provider.organisations (service_code),
  day       date NOT NULL,
  dimension text NOT NULL CHECK (dimension IN ('site', 'page', 'content', 'lang', 'referrer', 'device')),
  value     text NOT NULL CHECK (length(value) <= 300),
  visitors  integer NOT NULL DEFAULT 0 CHECK (visitors >= 0),
  PRIMARY KEY (org, day, dimension, value)
);

-- The day's visitor hashes: SHA-256(day salt ‖ org ‖ IP ‖ User-Agent ‖ dimension ‖ value), one per
-- visitor and counted thing, so rows of one visitor cannot be linked to each other. Only the
-- first insert of a hash counts; every row is deleted when the day is closed.
CREATE TABLE tenant.analytics_visitors (
  org          text NOT NULL REFERENCES provider.organisations (service_code),
  day          date NOT NULL,
  visitor_hash bytea NOT NULL CHECK (length(visitor_hash) = 32),
  PRIMARY KEY (org, day, visitor_hash)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['analytics_daily', 'analytics_daily_visitors', 'analytics_visitors'] LOOP
    EXECUTE format('ALTER TABLE tenant.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE tenant.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON tenant.%I
      USING (org = current_setting('app.org', true))
      WITH CHECK (org = current_setting('app.org', true))$p$, t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON tenant.analytics_daily, tenant.analytics_daily_visitors TO mitte_app;
GRANT SELECT, INSERT, DELETE ON tenant.analytics_visitors TO mitte_app;

-- The day's random salt, shared by every node; deleted with the day's hashes when the day is
-- closed, after which nobody can recompute a hash. Provider data, invisible to tenant scopes.
CREATE TABLE provider.analytics_salts (
  day        date PRIMARY KEY,
  salt       bytea NOT NULL CHECK (length(salt) = 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE provider.analytics_salts ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.analytics_salts FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON provider.analytics_salts
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
GRANT SELECT, INSERT, DELETE ON provider.analytics_salts TO mitte_app;
-- Closing a day claims its salt row with SELECT … FOR UPDATE, which needs an UPDATE grant; the
-- salt itself can never be changed.
GRANT UPDATE (created_at) ON provider.analytics_salts TO mitte_app;
