-- Stamp rally: a fifth check-in method, a code that changes every minute on a screen at a staffed
-- place (issue 16, item 2). The code is derived from the campaign's key, so nothing is stored.
ALTER TABLE tenant.rally_checkpoints DROP CONSTRAINT rally_checkpoints_method_check;
ALTER TABLE tenant.rally_checkpoints ADD CONSTRAINT rally_checkpoints_method_check
  CHECK (method IN ('qr', 'qr_location', 'location', 'staff_code', 'rotating_code'));
ALTER TABLE tenant.rally_stamps DROP CONSTRAINT rally_stamps_method_check;
ALTER TABLE tenant.rally_stamps ADD CONSTRAINT rally_stamps_method_check
  CHECK (method IN ('qr', 'qr_location', 'location', 'staff_code', 'rotating_code'));
