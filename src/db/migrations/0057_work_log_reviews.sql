-- Operator work-log review (issue 15 item 4, A.12.4.3): a reviewer signs off a period of the
-- operators' recorded actions (whole days in JST). The actions themselves stay in the audit chain;
-- this is only who looked at which days, when and what they said. Periods never overlap.

CREATE TABLE provider.work_log_reviews (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  first_day   date NOT NULL,
  last_day    date NOT NULL,
  reviewer_id uuid NOT NULL REFERENCES provider.operators (id),
  comment     text NOT NULL CHECK (length(comment) BETWEEN 1 AND 2000),
  actions     integer NOT NULL CHECK (actions >= 0),
  reviewed_at timestamptz NOT NULL DEFAULT now(),
  CHECK (last_day >= first_day AND last_day - first_day < 31)
);
CREATE INDEX work_log_reviews_days ON provider.work_log_reviews (first_day, last_day);

ALTER TABLE provider.work_log_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.work_log_reviews FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON provider.work_log_reviews
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
-- A sign-off is a record: it is never changed or taken back.
GRANT SELECT, INSERT ON provider.work_log_reviews TO mitte_app;
