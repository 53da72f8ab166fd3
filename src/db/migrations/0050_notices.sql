-- Notices (お知らせ, A.12.1.2): the provider tells organisations about maintenance, changes and
-- security matters. A notice is the provider's; each affected organisation sees it (and only its
-- own row of who it concerns), and each admin's receipt is both the mail queue entry and the read
-- receipt. Receipts keep the admin's account id, never the address: the address is read from the
-- organisation's own users at send time, so a purge leaves no personal data here.

CREATE TABLE provider.notices (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category      text NOT NULL CHECK (category IN ('maintenance', 'change', 'security')),
  title_ja      text NOT NULL CHECK (length(title_ja) BETWEEN 1 AND 200),
  title_en      text NOT NULL DEFAULT '' CHECK (length(title_en) <= 200),
  body_ja       text NOT NULL CHECK (length(body_ja) BETWEEN 1 AND 10000),
  body_en       text NOT NULL DEFAULT '' CHECK (length(body_en) <= 10000),
  window_start  timestamptz,
  window_end    timestamptz,
  audience      text NOT NULL CHECK (audience IN ('all', 'list')),
  status        text NOT NULL CHECK (status IN ('scheduled', 'published')),
  publish_at    timestamptz NOT NULL,
  published_at  timestamptz,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((window_start IS NULL) = (window_end IS NULL)),
  CHECK (window_end IS NULL OR window_end > window_start),
  CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE INDEX notices_due ON provider.notices (publish_at) WHERE status = 'scheduled';

-- The organisations a notice concerns: the operator's list at once, or every active
-- organisation when an 'all' notice is published.
CREATE TABLE provider.notice_organisations (
  notice_id  uuid NOT NULL REFERENCES provider.notices (id),
  org        text NOT NULL REFERENCES provider.organisations (service_code),
  PRIMARY KEY (notice_id, org)
);
CREATE INDEX notice_organisations_org ON provider.notice_organisations (org);

-- One row per admin of an affected organisation at publication: the mail (pending → sending →
-- sent, retried with back-off, a lease so a crashed sender's claim is taken over) and the
-- acknowledgement that ends the console banner.
CREATE TABLE provider.notice_receipts (
  notice_id        uuid NOT NULL,
  org              text NOT NULL,
  user_id          uuid NOT NULL,
  mail_state       text NOT NULL DEFAULT 'pending' CHECK (mail_state IN ('pending', 'sending', 'sent', 'skipped')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,
  sent_at          timestamptz,
  last_error       text CHECK (length(last_error) <= 500),
  acknowledged_at  timestamptz,
  PRIMARY KEY (notice_id, user_id),
  FOREIGN KEY (notice_id, org) REFERENCES provider.notice_organisations (notice_id, org)
);
CREATE INDEX notice_receipts_due ON provider.notice_receipts (next_attempt_at)
  WHERE mail_state IN ('pending', 'sending');
CREATE INDEX notice_receipts_org ON provider.notice_receipts (org, notice_id);

ALTER TABLE provider.notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.notices FORCE ROW LEVEL SECURITY;
ALTER TABLE provider.notice_organisations ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.notice_organisations FORCE ROW LEVEL SECURITY;
ALTER TABLE provider.notice_receipts ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.notice_receipts FORCE ROW LEVEL SECURITY;

CREATE POLICY provider_only ON provider.notices
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
CREATE POLICY provider_only ON provider.notice_organisations
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
CREATE POLICY provider_only ON provider.notice_receipts
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');

-- An organisation reads the published notices that concern it, its own row of the audience
-- (never the other organisations'), and its own admins' receipts; it may only acknowledge.
CREATE POLICY organisation_reads_own ON provider.notice_organisations FOR SELECT
  USING (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true));
CREATE POLICY organisation_reads_published ON provider.notices FOR SELECT
  USING (current_setting('app.realm', true) = 'tenant' AND status = 'published'
         AND EXISTS (SELECT 1 FROM provider.notice_organisations o
                      WHERE o.notice_id = notices.id AND o.org = current_setting('app.org', true)));
CREATE POLICY organisation_reads_own ON provider.notice_receipts FOR SELECT
  USING (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true));
CREATE POLICY organisation_acknowledges ON provider.notice_receipts FOR UPDATE
  USING (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true))
  WITH CHECK (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true));

GRANT SELECT, INSERT, UPDATE ON provider.notices, provider.notice_organisations TO mitte_app;
GRANT SELECT, INSERT ON provider.notice_receipts TO mitte_app;
GRANT UPDATE (mail_state, attempts, next_attempt_at, lease_until, sent_at, last_error, acknowledged_at)
  ON provider.notice_receipts TO mitte_app;

-- Whatever the scope, the delivery columns change only from the provider realm and an
-- acknowledgement is never taken back.
CREATE FUNCTION provider.guard_notice_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('app.realm', true) = 'tenant' AND (
       NEW.mail_state IS DISTINCT FROM OLD.mail_state OR NEW.attempts IS DISTINCT FROM OLD.attempts
    OR NEW.next_attempt_at IS DISTINCT FROM OLD.next_attempt_at OR NEW.lease_until IS DISTINCT FROM OLD.lease_until
    OR NEW.sent_at IS DISTINCT FROM OLD.sent_at OR NEW.last_error IS DISTINCT FROM OLD.last_error) THEN
    RAISE EXCEPTION 'an organisation may only acknowledge a notice' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.acknowledged_at IS NOT NULL AND NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at THEN
    RAISE EXCEPTION 'an acknowledgement is final' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER guard_notice_receipt BEFORE UPDATE ON provider.notice_receipts
  FOR EACH ROW EXECUTE FUNCTION provider.guard_notice_receipt();
