-- Tourism content: spots, events, model courses and feature articles in one table of items
-- (common workflow, revisions, search, scheduling), their references, and their history.

CREATE TABLE tenant.content_items (
  org            text NOT NULL REFERENCES provider.organisations (service_code),
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  kind           text NOT NULL CHECK (kind IN ('spot', 'event', 'course', 'article')),
  -- Workflow of the working copy: draft → in_review → published → unpublished.
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'published', 'unpublished')),
  version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  data           jsonb NOT NULL,
  -- The live copy the public sees; NULL when not public. Editing a published item leaves it live
  -- until the edit is published.
  published_data jsonb,
  published_at   timestamptz,
  publish_at     timestamptz,
  unpublish_at   timestamptz,
  category       text,
  tags           text[] NOT NULL DEFAULT '{}',
  lat            double precision CHECK (lat BETWEEN -90 AND 90),
  lng            double precision CHECK (lng BETWEEN -180 AND 180),
  starts_at      timestamptz,
  ends_at        timestamptz,
  -- ID / POIコード from open data, to match re-imports.
  external_id    text,
  search_text    text NOT NULL DEFAULT '',
  public_search_text text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text,
  updated_by     text,
  PRIMARY KEY (org, id),
  UNIQUE (org, kind, external_id)
);
CREATE INDEX content_items_list ON tenant.content_items (org, kind, status, updated_at DESC, id);
CREATE INDEX content_items_public ON tenant.content_items (org, kind, published_at DESC, id) WHERE published_data IS NOT NULL;
CREATE INDEX content_items_schedule ON tenant.content_items (publish_at) WHERE publish_at IS NOT NULL;
CREATE INDEX content_items_unschedule ON tenant.content_items (unpublish_at) WHERE unpublish_at IS NOT NULL;
CREATE INDEX content_items_search ON tenant.content_items USING gin (search_text gin_trgm_ops);
CREATE INDEX content_items_public_search ON tenant.content_items USING gin (public_search_text gin_trgm_ops);

-- References between items (course stops, event venues, related spots). The organisation is
-- part of both foreign keys, so another organisation's item can never be referenced.
CREATE TABLE tenant.content_links (
  org        text NOT NULL REFERENCES provider.organisations (service_code),
  from_id    uuid NOT NULL,
  role       text NOT NULL CHECK (role IN ('stop', 'venue', 'related')),
  position   integer NOT NULL CHECK (position >= 0),
  to_id      uuid NOT NULL,
  PRIMARY KEY (org, from_id, role, position),
  FOREIGN KEY (org, from_id) REFERENCES tenant.content_items (org, id) ON DELETE CASCADE,
  FOREIGN KEY (org, to_id) REFERENCES tenant.content_items (org, id)
);
CREATE INDEX content_links_to ON tenant.content_links (org, to_id);

CREATE TABLE tenant.content_revisions (
  org        text NOT NULL REFERENCES provider.organisations (service_code),
  item_id    uuid NOT NULL,
  version    integer NOT NULL,
  status     text NOT NULL,
  data       jsonb NOT NULL,
  actor_id   text,
  note       text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org, item_id, version),
  FOREIGN KEY (org, item_id) REFERENCES tenant.content_items (org, id) ON DELETE CASCADE
);

-- The organisation's own categories, beside the standard set defined in code.
CREATE TABLE tenant.content_categories (
  org   text NOT NULL REFERENCES provider.organisations (service_code),
  kind  text NOT NULL CHECK (kind IN ('spot', 'event')),
  code  text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  names jsonb NOT NULL,
  PRIMARY KEY (org, kind, code)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['content_items', 'content_links', 'content_revisions', 'content_categories'] LOOP
    EXECUTE format('ALTER TABLE tenant.%I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE tenant.%I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON tenant.%I
      USING (org = current_setting('app.org', true))
      WITH CHECK (org = current_setting('app.org', true))$p$, t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON tenant.%I TO mitte_app', t);
  END LOOP;
END $$;
