-- The organisation's own categories (tenant.content_categories, 0004) become manageable: an
-- order for lists and the site, the standard category each one stands for in open data
-- exports, and change times.
ALTER TABLE tenant.content_categories
  ADD COLUMN position   integer NOT NULL DEFAULT 0 CHECK (position >= 0),
  ADD COLUMN standard   text CHECK (standard ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
