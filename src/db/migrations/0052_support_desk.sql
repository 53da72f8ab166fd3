-- Support desk (サポート窓口, A.16.1.2): an organisation's admins and users holding the support
-- right report a security event, a suspected breach, a bug or an inquiry; operators answer.
-- The queue's bookkeeping (status, assignee, timers, incident link) is the provider's operating
-- data; what the customer wrote, the replies and the attachments are the organisation's data in
-- tenant tables, so a purge removes them with everything else, and an operator reads them only
-- by switching into that organisation for that one ticket.

CREATE TABLE provider.support_tickets (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org                text NOT NULL REFERENCES provider.organisations (service_code),
  category           text NOT NULL CHECK (category IN ('security', 'breach', 'bug', 'inquiry')),
  status             text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'waiting', 'resolved', 'closed')),
  assignee           text,
  incident_id        uuid REFERENCES provider.incidents (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  first_response_at  timestamptz,
  resolved_at        timestamptz,
  closed_at          timestamptz,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX support_tickets_queue ON provider.support_tickets (status, created_at);
CREATE INDEX support_tickets_org ON provider.support_tickets (org, created_at);

ALTER TABLE provider.support_tickets ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.support_tickets FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON provider.support_tickets
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
-- An organisation reports (insert), follows (select) and, by replying, reopens its own tickets.
CREATE POLICY organisation_own ON provider.support_tickets
  USING (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true))
  WITH CHECK (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE ON provider.support_tickets TO mitte_app;

-- An organisation may only set a ticket it reported back to 'open' (by replying); the queue's
-- assignee, incident link and timers change only from the provider realm.
CREATE FUNCTION provider.guard_support_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('app.realm', true) = 'tenant' AND TG_OP = 'UPDATE' AND (
       NEW.assignee IS DISTINCT FROM OLD.assignee OR NEW.incident_id IS DISTINCT FROM OLD.incident_id
    OR NEW.category IS DISTINCT FROM OLD.category OR NEW.created_at IS DISTINCT FROM OLD.created_at
    OR NEW.first_response_at IS DISTINCT FROM OLD.first_response_at
    OR NEW.resolved_at IS DISTINCT FROM OLD.resolved_at OR NEW.closed_at IS DISTINCT FROM OLD.closed_at
    OR (NEW.status IS DISTINCT FROM OLD.status AND NOT (OLD.status = 'waiting' AND NEW.status = 'open'))) THEN
    RAISE EXCEPTION 'an organisation may only reply to its ticket' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF current_setting('app.realm', true) = 'tenant' AND TG_OP = 'INSERT' AND (
       NEW.status <> 'new' OR NEW.assignee IS NOT NULL OR NEW.incident_id IS NOT NULL
    OR NEW.first_response_at IS NOT NULL OR NEW.resolved_at IS NOT NULL) THEN
    RAISE EXCEPTION 'a new ticket starts unanswered' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER guard_support_ticket BEFORE INSERT OR UPDATE ON provider.support_tickets
  FOR EACH ROW EXECUTE FUNCTION provider.guard_support_ticket();

-- What the reporter wrote (the organisation's data).
CREATE TABLE tenant.support_reports (
  org            text NOT NULL REFERENCES provider.organisations (service_code),
  ticket_id      uuid NOT NULL REFERENCES provider.support_tickets (id),
  reporter_id    uuid NOT NULL,
  reporter_name  text NOT NULL CHECK (length(reporter_name) <= 200),
  subject        text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  description    text NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
  PRIMARY KEY (org, ticket_id)
);

-- The conversation: the reporter's and colleagues' replies, the operators' answers.
CREATE TABLE tenant.support_messages (
  org          text NOT NULL REFERENCES provider.organisations (service_code),
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  ticket_id    uuid NOT NULL,
  author_type  text NOT NULL CHECK (author_type IN ('user', 'operator')),
  author_id    text NOT NULL,
  author_name  text NOT NULL CHECK (length(author_name) <= 200),
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, id),
  FOREIGN KEY (org, ticket_id) REFERENCES tenant.support_reports (org, ticket_id)
);
CREATE INDEX support_messages_ticket ON tenant.support_messages (org, ticket_id, created_at);

-- Files attached to a report: scanned and encrypted by the media pipeline, kept as the
-- organisation's blobs, never listed in its media library.
CREATE TABLE tenant.support_attachments (
  org            text NOT NULL REFERENCES provider.organisations (service_code),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  ticket_id      uuid NOT NULL,
  original_name  text NOT NULL,
  mime           text NOT NULL,
  size_bytes     bigint NOT NULL,
  sha256         text NOT NULL,
  blob_key       text NOT NULL,
  key_version    integer NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, id),
  FOREIGN KEY (org, ticket_id) REFERENCES tenant.support_reports (org, ticket_id)
);
CREATE INDEX support_attachments_ticket ON tenant.support_attachments (org, ticket_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['support_reports', 'support_messages', 'support_attachments'] LOOP
    EXECUTE format('ALTER TABLE tenant.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE tenant.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON tenant.%I
      USING (org = current_setting('app.org', true))
      WITH CHECK (org = current_setting('app.org', true))$p$, t);
    EXECUTE format('GRANT SELECT, INSERT ON tenant.%I TO mitte_app', t);
  END LOOP;
END $$;

-- Operators' replies reach the reporter by mail: one row per reply, the notices' queue shape
-- (pending → sending → sent, retried with back-off, a lease against a crashed sender). The
-- address is read from the organisation's accounts at send time, never stored here.
CREATE TABLE provider.support_mails (
  message_id       uuid PRIMARY KEY,
  ticket_id        uuid NOT NULL REFERENCES provider.support_tickets (id),
  org              text NOT NULL REFERENCES provider.organisations (service_code),
  user_id          uuid NOT NULL,
  mail_state       text NOT NULL DEFAULT 'pending' CHECK (mail_state IN ('pending', 'sending', 'sent', 'skipped')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_until      timestamptz,
  sent_at          timestamptz,
  last_error       text CHECK (length(last_error) <= 500)
);
CREATE INDEX support_mails_due ON provider.support_mails (next_attempt_at) WHERE mail_state IN ('pending', 'sending');
ALTER TABLE provider.support_mails ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.support_mails FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON provider.support_mails
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
GRANT SELECT, INSERT, UPDATE ON provider.support_mails TO mitte_app;
