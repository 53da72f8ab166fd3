-- Break-glass access (CLD.6.3.1 / CLD.9.5.1): an operator may read one organisation's data only
-- through a grant with a reason, a linked support ticket or incident and at most four hours,
-- approved by a second operator (or the organisation's admin, when its setting asks for that).
-- The grant and every read are the provider's records, which the organisation sees live.

CREATE TABLE provider.break_glass_grants (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org               text NOT NULL REFERENCES provider.organisations (service_code),
  operator_id       text NOT NULL,
  reason            text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 2000),
  ticket_id         uuid REFERENCES provider.support_tickets (id),
  incident_id       uuid REFERENCES provider.incidents (id),
  duration_minutes  integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 240),
  approval          text NOT NULL CHECK (approval IN ('operator', 'admin')),
  status            text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'active', 'ended', 'refused')),
  requested_at      timestamptz NOT NULL DEFAULT now(),
  approved_by       text,
  approved_at       timestamptz,
  expires_at        timestamptz,
  ended_at          timestamptz,
  end_reason        text CHECK (end_reason IN ('expired', 'ended_by_operator', 'refused')),
  -- The security notices that told the organisation's admins it started and ended.
  start_notice_id   uuid REFERENCES provider.notices (id),
  end_notice_id     uuid REFERENCES provider.notices (id),
  CHECK (ticket_id IS NOT NULL OR incident_id IS NOT NULL),
  CHECK (approved_by IS NULL OR approved_by <> operator_id),
  CHECK ((status IN ('active', 'ended')) = (approved_at IS NOT NULL AND expires_at IS NOT NULL) OR status = 'refused'),
  CHECK (expires_at IS NULL OR expires_at <= approved_at + interval '4 hours')
);
CREATE INDEX break_glass_grants_open ON provider.break_glass_grants (status, expires_at);
CREATE INDEX break_glass_grants_org ON provider.break_glass_grants (org, requested_at);

-- Every request made under a grant: what was read, when.
CREATE TABLE provider.break_glass_reads (
  id        bigserial PRIMARY KEY,
  grant_id  uuid NOT NULL REFERENCES provider.break_glass_grants (id),
  org       text NOT NULL REFERENCES provider.organisations (service_code),
  what      text NOT NULL CHECK (length(what) <= 300),
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX break_glass_reads_grant ON provider.break_glass_reads (grant_id, at);

ALTER TABLE provider.break_glass_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.break_glass_grants FORCE ROW LEVEL SECURITY;
ALTER TABLE provider.break_glass_reads ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.break_glass_reads FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON provider.break_glass_grants
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
CREATE POLICY provider_only ON provider.break_glass_reads
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
-- The organisation sees every grant on it and every read; its admin may approve or refuse one
-- that waits for the organisation (the trigger below allows nothing else).
CREATE POLICY organisation_reads_own ON provider.break_glass_grants FOR SELECT
  USING (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true));
CREATE POLICY organisation_decides_own ON provider.break_glass_grants FOR UPDATE
  USING (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true))
  WITH CHECK (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true));
CREATE POLICY organisation_reads_own ON provider.break_glass_reads FOR SELECT
  USING (current_setting('app.realm', true) = 'tenant' AND org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE ON provider.break_glass_grants TO mitte_app;
GRANT SELECT, INSERT ON provider.break_glass_reads TO mitte_app;
GRANT USAGE ON SEQUENCE provider.break_glass_reads_id_seq TO mitte_app;

-- From an organisation only: a grant waiting for its admin becomes active (from now, for the
-- requested duration) or refused; nothing else of the grant changes.
CREATE FUNCTION provider.guard_break_glass_grant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('app.realm', true) = 'tenant' THEN
    IF OLD.status <> 'requested' OR OLD.approval <> 'admin' OR NEW.status NOT IN ('active', 'refused')
       OR NEW.org IS DISTINCT FROM OLD.org OR NEW.operator_id IS DISTINCT FROM OLD.operator_id
       OR NEW.reason IS DISTINCT FROM OLD.reason OR NEW.duration_minutes IS DISTINCT FROM OLD.duration_minutes
       OR NEW.ticket_id IS DISTINCT FROM OLD.ticket_id OR NEW.incident_id IS DISTINCT FROM OLD.incident_id
       OR NEW.start_notice_id IS DISTINCT FROM OLD.start_notice_id
       OR NEW.end_notice_id IS DISTINCT FROM OLD.end_notice_id THEN
      RAISE EXCEPTION 'an organisation may only approve or refuse a request waiting for it'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.status = 'active' THEN
      NEW.approved_at := now();
      NEW.expires_at := now() + make_interval(mins => OLD.duration_minutes);
      NEW.ended_at := NULL;
      NEW.end_reason := NULL;
    ELSE
      NEW.approved_at := NULL;
      NEW.expires_at := NULL;
      NEW.ended_at := now();
      NEW.end_reason := 'refused';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER guard_break_glass_grant BEFORE UPDATE ON provider.break_glass_grants
  FOR EACH ROW EXECUTE FUNCTION provider.guard_break_glass_grant();

-- Each organisation chooses whether its admin must approve an operator's access itself.
CREATE TABLE tenant.break_glass_settings (
  org        text PRIMARY KEY REFERENCES provider.organisations (service_code),
  approval   text NOT NULL DEFAULT 'operator' CHECK (approval IN ('operator', 'admin')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant.break_glass_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.break_glass_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant.break_glass_settings
  USING (org = current_setting('app.org', true))
  WITH CHECK (org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE ON tenant.break_glass_settings TO mitte_app;
