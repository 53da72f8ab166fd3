-- Notices to users who opted in (issue 15 item 1): an organisation's admins always receive the
-- provider's notices; a general user receives them (mail, banner, acknowledgement) only after
-- turning this on in their account page. Off by default.
ALTER TABLE tenant.users ADD COLUMN notice_mail boolean NOT NULL DEFAULT false;
