-- Stamp rally: a prize application is confirmed through a link mailed to the applicant (issue 16,
-- item 3). Until the link is opened it is 'pending'; a pending application holds its first-come
-- place only until `confirm_by`, after which it no longer counts and the participant may apply
-- again. Applications made before this migration count as confirmed ('applied').
ALTER TABLE tenant.rally_applications DROP CONSTRAINT rally_applications_status_check;
ALTER TABLE tenant.rally_applications
  ADD CONSTRAINT rally_applications_status_check CHECK (status IN ('pending', 'applied', 'won', 'lost')),
  ALTER COLUMN status SET DEFAULT 'pending',
  ADD COLUMN confirm_by   timestamptz,
  ADD COLUMN confirmed_at timestamptz,
  ADD CONSTRAINT rally_applications_pending_has_deadline CHECK (status <> 'pending' OR confirm_by IS NOT NULL);
