-- Issue 15 item 1: an organisation may show the provider's planned maintenance (published
-- maintenance notices that concern it) as a short status note on every page of its public site.
-- Off unless the organisation turns it on in the site settings.
ALTER TABLE tenant.site_settings ADD COLUMN show_planned_maintenance boolean NOT NULL DEFAULT false;
