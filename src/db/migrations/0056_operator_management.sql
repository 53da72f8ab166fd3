-- Operator management (issue 15 item 7, A.9.2.x): each operator holds the provider rights given to
-- them (no longer every right by role), operators are invited by mail like organisation accounts,
-- and a colleague's password or two-factor is reset only after a second operator approves.

-- The rights ('ops:*') an operator holds. Operators from before hold every right that existed
-- then; a right added later is given through the console (or `mitte create-operator` for a new one).
ALTER TABLE provider.operators ADD COLUMN rights text[] NOT NULL DEFAULT '{}';
UPDATE provider.operators SET rights = ARRAY[
  'ops:organisations', 'ops:operators', 'ops:quarantine', 'ops:backups', 'ops:notices',
  'ops:incidents', 'ops:review'];

-- An invited operator has no password until the mailed link is used, nor has an operator whose
-- password reset was approved (the old one stops working at once).
ALTER TABLE provider.operators DROP CONSTRAINT operators_status_check;
ALTER TABLE provider.operators ADD CONSTRAINT operators_status_check
  CHECK (status IN ('invited', 'active', 'suspended'));
ALTER TABLE provider.operators ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE provider.operators ADD COLUMN invited_by uuid REFERENCES provider.operators (id);

-- Single-use links: invitations and the password set-up after an approved reset. Hashes only.
CREATE TABLE provider.operator_tokens (
  token_hash  text PRIMARY KEY,
  operator_id uuid NOT NULL REFERENCES provider.operators (id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX operator_tokens_operator ON provider.operator_tokens (operator_id);

-- A reset of a colleague's password or two-factor: requested by one operator, carried out only
-- when a second one (neither the requester nor the colleague) approves it before it expires.
CREATE TABLE provider.operator_reset_requests (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  operator_id  uuid NOT NULL REFERENCES provider.operators (id),
  kind         text NOT NULL CHECK (kind IN ('password', 'totp')),
  reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  requested_by uuid NOT NULL REFERENCES provider.operators (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'cancelled')),
  decided_by   uuid REFERENCES provider.operators (id),
  decided_at   timestamptz,
  CHECK (requested_by <> operator_id),
  CHECK (decided_by IS NULL OR (decided_by <> requested_by AND decided_by <> operator_id)),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX operator_reset_requests_one_pending
  ON provider.operator_reset_requests (operator_id, kind) WHERE status = 'pending';

ALTER TABLE provider.operator_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.operator_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE provider.operator_reset_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE provider.operator_reset_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY provider_only ON provider.operator_tokens
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
CREATE POLICY provider_only ON provider.operator_reset_requests
  USING (current_setting('app.realm', true) = 'provider')
  WITH CHECK (current_setting('app.realm', true) = 'provider');
GRANT SELECT, INSERT, UPDATE ON provider.operator_tokens, provider.operator_reset_requests TO mitte_app;
