-- The published read model (issue 13): one row per live item, with what its public answers need
-- (the live copy, its images' alt texts and variants, the spots it references, for spots the four
-- nearest live spots), kept by triggers in the same transaction as every change of a live copy
-- (publish, unpublish, edit, delete, purge, import, scheduler, media alt text or deletion). Public
-- reads take one statement, without a transaction, through the reader role mitte_reader, which
-- may read this table and nothing else.

CREATE TABLE tenant.published_items (
  org          text NOT NULL REFERENCES provider.organisations (service_code),
  id           uuid NOT NULL,
  kind         text NOT NULL,
  data         jsonb NOT NULL,
  published_at timestamptz,
  updated_at   timestamptz NOT NULL,
  category     text,
  lat          double precision,
  lng          double precision,
  search_text  text NOT NULL DEFAULT '',
  -- The item's image ids in its order, and those that are images of the library with their alt
  -- texts and variants: [{id, alt, variants}].
  image_ids    text[] NOT NULL DEFAULT '{}',
  images       jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Spots the live copy references (venue, stops, related spots).
  refs         uuid[] NOT NULL DEFAULT '{}',
  -- Spots only: the nearest live spots with a position (at most four), nearest first, and the
  -- distance of the farthest of them (infinity while there are fewer than four).
  nearby       uuid[] NOT NULL DEFAULT '{}',
  nearby_km    double precision NOT NULL DEFAULT 'Infinity',
  PRIMARY KEY (org, id),
  FOREIGN KEY (org, id) REFERENCES tenant.content_items (org, id) ON DELETE CASCADE
);
CREATE INDEX published_items_list ON tenant.published_items (org, kind, published_at DESC, id);
CREATE INDEX published_items_events ON tenant.published_items (org, kind, (data ->> 'startDate'), id);
CREATE INDEX published_items_images ON tenant.published_items USING gin (image_ids);
CREATE INDEX published_items_search ON tenant.published_items USING gin (search_text gin_trgm_ops);

ALTER TABLE tenant.published_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant.published_items FORCE ROW LEVEL SECURITY;
-- The app (inside its tenant transaction, where the triggers run) sees its organisation's rows;
-- the reader role sees every row, all of which are published, and may only SELECT.
CREATE POLICY tenant_isolation ON tenant.published_items
  USING (org = current_setting('app.org', true) OR current_user = 'mitte_reader')
  WITH CHECK (org = current_setting('app.org', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant.published_items TO mitte_app;
GRANT USAGE ON SCHEMA tenant TO mitte_reader;
GRANT SELECT ON tenant.published_items TO mitte_reader;

-- The library images among ids, in that order, with alt texts and variant names.
CREATE FUNCTION tenant.published_images(p_org text, p_ids text[]) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'id', m.id,
           'alt', m.alt,
           'variants', (SELECT coalesce(jsonb_agg(d -> 'variant'), '[]'::jsonb) FROM jsonb_array_elements(m.derivatives) d)
         ) ORDER BY u.ord), '[]'::jsonb)
    FROM unnest(p_ids) WITH ORDINALITY AS u(id, ord)
    JOIN tenant.media m ON m.org = p_org AND m.kind = 'image'
     AND u.id ~* '^[0-9a-f-]{36}$' AND m.id = u.id::uuid
$$;

-- Writes the read-model row of one live item.
CREATE FUNCTION tenant.upsert_published_item(c tenant.content_items) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d jsonb := c.published_data;
  ids text[];
  spot_refs uuid[];
BEGIN
  IF c.kind = 'article' THEN
    ids := CASE WHEN d ->> 'heroImageId' IS NULL THEN '{}'::text[] ELSE ARRAY[d ->> 'heroImageId'] END;
  ELSE
    ids := ARRAY(SELECT jsonb_array_elements_text(coalesce(d -> 'imageIds', '[]'::jsonb)));
  END IF;
  spot_refs := ARRAY(
    SELECT r::uuid FROM (
      SELECT d #>> '{venue,spotId}' AS r WHERE c.kind = 'event'
      UNION ALL SELECT s ->> 'spotId' FROM jsonb_array_elements(coalesce(d -> 'stops', '[]'::jsonb)) s WHERE c.kind = 'course'
      UNION ALL SELECT jsonb_array_elements_text(coalesce(d -> 'relatedSpotIds', '[]'::jsonb)) WHERE c.kind = 'article'
    ) x WHERE r ~* '^[0-9a-f-]{36}$');
  INSERT INTO tenant.published_items AS p
    (org, id, kind, data, published_at, updated_at, category, lat, lng, search_text, image_ids, images, refs)
  VALUES (
    c.org, c.id, c.kind, d, c.published_at, c.updated_at, d ->> 'category',
    CASE WHEN d ? 'lat' AND d ? 'lng' THEN (d ->> 'lat')::float8 END,
    CASE WHEN d ? 'lat' AND d ? 'lng' THEN (d ->> 'lng')::float8 END,
    c.public_search_text, ids, tenant.published_images(c.org, ids), spot_refs)
  ON CONFLICT (org, id) DO UPDATE SET
    kind = EXCLUDED.kind, data = EXCLUDED.data, published_at = EXCLUDED.published_at,
    updated_at = EXCLUDED.updated_at, category = EXCLUDED.category, lat = EXCLUDED.lat,
    lng = EXCLUDED.lng, search_text = EXCLUDED.search_text, image_ids = EXCLUDED.image_ids,
    images = EXCLUDED.images, refs = EXCLUDED.refs;
END $$;

-- Keeps the read model in step with the live copy of one item.
CREATE FUNCTION tenant.sync_published_item() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.published_data IS NULL THEN
    IF TG_OP = 'UPDATE' AND OLD.published_data IS NOT NULL THEN
      DELETE FROM tenant.published_items WHERE org = NEW.org AND id = NEW.id;
    END IF;
  ELSIF TG_OP = 'INSERT' OR OLD.published_data IS DISTINCT FROM NEW.published_data
     OR OLD.published_at IS DISTINCT FROM NEW.published_at
     OR OLD.updated_at IS DISTINCT FROM NEW.updated_at
     OR OLD.public_search_text IS DISTINCT FROM NEW.public_search_text THEN
    PERFORM tenant.upsert_published_item(NEW);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER published_item_sync AFTER INSERT OR UPDATE ON tenant.content_items
  FOR EACH ROW EXECUTE FUNCTION tenant.sync_published_item();

-- A spot appearing, moving or going away changes the nearest live spots (equirectangular distance,
-- as the site has always measured, from each spot's own latitude) of itself, of the spots whose
-- list holds it and of those it is now nearer to than their farthest: one UPDATE recomputes them.
CREATE FUNCTION tenant.published_spot_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  moved_org text;
  moved_id uuid;
  new_lat double precision;
  new_lng double precision;
BEGIN
  IF TG_OP = 'DELETE' THEN
    moved_org := OLD.org; moved_id := OLD.id;
    IF OLD.kind <> 'spot' THEN RETURN NULL; END IF;
  ELSE
    moved_org := NEW.org; moved_id := NEW.id; new_lat := NEW.lat; new_lng := NEW.lng;
    IF NEW.kind <> 'spot' THEN RETURN NULL; END IF;
    IF TG_OP = 'UPDATE' AND OLD.lat IS NOT DISTINCT FROM NEW.lat AND OLD.lng IS NOT DISTINCT FROM NEW.lng THEN
      RETURN NULL;
    END IF;
  END IF;
  -- No self-join: PGlite never gathers statistics, and a join planned on empty ones scans N².
  UPDATE tenant.published_items p
     SET (nearby, nearby_km) = (
       SELECT coalesce(array_agg(c.id ORDER BY c.km, c.id), '{}'),
              CASE WHEN count(*) = 4 THEN max(c.km) ELSE 'Infinity' END
         FROM (SELECT o.id, sqrt(power(o.lat - p.lat, 2) + power((o.lng - p.lng) * cos(radians(p.lat)), 2)) * 111.32 AS km
                 FROM tenant.published_items o
                WHERE o.org = p.org AND o.kind = 'spot' AND o.lat IS NOT NULL AND o.id <> p.id
                ORDER BY 2, 1 LIMIT 4) c)
   WHERE p.org = moved_org AND p.kind = 'spot' AND p.lat IS NOT NULL
     AND ((p.id = moved_id AND TG_OP <> 'DELETE')
          OR (p.id <> moved_id
              AND (moved_id = ANY (p.nearby)
                   OR (new_lat IS NOT NULL
                       AND sqrt(power(new_lat - p.lat, 2) + power((new_lng - p.lng) * cos(radians(p.lat)), 2)) * 111.32 <= p.nearby_km))));
  IF TG_OP <> 'DELETE' AND new_lat IS NULL THEN
    UPDATE tenant.published_items SET nearby = '{}', nearby_km = 'Infinity'
     WHERE org = moved_org AND id = moved_id AND nearby <> '{}';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER published_spot_moved AFTER INSERT OR DELETE OR UPDATE OF lat, lng ON tenant.published_items
  FOR EACH ROW EXECUTE FUNCTION tenant.published_spot_moved();

-- An image's alt text changing, or the image leaving the library, changes the items showing it.
CREATE FUNCTION tenant.published_image_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  m record;
BEGIN
  IF TG_OP = 'DELETE' THEN m := OLD; ELSE m := NEW; END IF;
  UPDATE tenant.published_items
     SET images = tenant.published_images(org, image_ids)
   WHERE org = m.org AND image_ids @> ARRAY[m.id::text];
  RETURN NULL;
END $$;

CREATE TRIGGER published_image_changed AFTER INSERT OR DELETE OR UPDATE OF alt, kind, derivatives ON tenant.media
  FOR EACH ROW EXECUTE FUNCTION tenant.published_image_changed();

-- The items that are live already.
ALTER TABLE tenant.content_items NO FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant.media NO FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant.published_items NO FORCE ROW LEVEL SECURITY;
SELECT tenant.upsert_published_item(c) FROM tenant.content_items c WHERE c.published_data IS NOT NULL;
ALTER TABLE tenant.content_items FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant.media FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant.published_items FORCE ROW LEVEL SECURITY;
