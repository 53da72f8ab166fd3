-- Public site theme per organisation: logo (a media id), primary and accent colours, footer links.
-- Colours are checked for contrast by the service (the database only keeps them well-formed);
-- footer links are [{ label: { ja, en?, … }, url: 'https://…' }].
ALTER TABLE tenant.site_settings
  ADD COLUMN logo_media_id uuid,
  ADD COLUMN primary_color text CHECK (primary_color ~ '^#[0-9a-f]{6}$'),
  ADD COLUMN accent_color  text CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
  ADD COLUMN footer_links  jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(footer_links) = 'array');
