-- The public site's main visual and footer (issue 12): hero images (one, or a slideshow of up
-- to five, media ids in order), a tagline per language ({ ja?, en?, … }), the organisation's
-- contact for the footer ({ phone?, email?, address?: { ja, … }, hours?: { ja, … } }) and its
-- social accounts ([{ service, url: 'https://…' }]). The service checks the contents; the
-- database keeps the shapes.
ALTER TABLE tenant.site_settings
  ADD COLUMN hero_media_ids  uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(hero_media_ids) <= 5),
  ADD COLUMN tagline         jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(tagline) = 'object'),
  ADD COLUMN contact         jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(contact) = 'object'),
  ADD COLUMN social_accounts jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(social_accounts) = 'array');
