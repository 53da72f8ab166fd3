-- The published read model at import scale (issue 12, item 5; issue 13, write path). Same rows,
-- same nearest spots as 0040, without its two costs that grew with the organisation:
-- 1. A live spot appearing, moving or going away scanned every spot of its organisation to find
--    the lists it enters, then scanned them all again for each list it recomputed: an import of n
--    spots into one organisation cost O(n²). Now both are index look-ups: a GiST index of the
--    positions answers "the nearest spots" and a GiST index of each spot's reach (the box its
--    farthest listed neighbour spans) answers "whose list does this position enter", and from
--    the old position "whose list holds this spot".
-- 2. The read-model row was written by a per-row trigger, one upsert statement per changed item;
--    now one statement per statement that changed items (transition tables).

-- Where a spot sits in the indexes: its longitude shifted by a per-organisation offset, so the
-- organisations lie far apart and a nearest-first walk meets its own organisation's spots only
-- (two organisations whose offsets collide share a band: slower, never wrong, every query also
-- filters by org). The queries compare org under the C collation (the same equality), so that no
-- b-tree index on org can serve them: PGlite never gathers statistics, and on empty ones the
-- planner would take the (org, kind) b-tree and scan the whole organisation instead.
CREATE FUNCTION tenant.spot_point(p_org text, p_lat double precision, p_lng double precision) RETURNS point
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT point(p_lng + 400 * (hashtext(p_org) % 100000), p_lat)
$$;

-- The box of index space holding every position at most km away from the spot (as the distance
-- below measures it), with a margin for rounding; very far (the whole band) when km is infinite.
CREATE FUNCTION tenant.spot_reach(p_org text, p_lat double precision, p_lng double precision, km double precision)
RETURNS box LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT box(
    point(c[0] - least(km, 1e5) / (111.32 * greatest(cos(radians(p_lat)), 1e-3)) * 1.000001 - 1e-6,
          p_lat - least(km, 1e5) / 111.32 * 1.000001 - 1e-6),
    point(c[0] + least(km, 1e5) / (111.32 * greatest(cos(radians(p_lat)), 1e-3)) * 1.000001 + 1e-6,
          p_lat + least(km, 1e5) / 111.32 * 1.000001 + 1e-6))
    FROM (SELECT tenant.spot_point(p_org, p_lat, p_lng) AS c) x
$$;

-- The distance the site has always measured: equirectangular, from the first spot's latitude.
CREATE FUNCTION tenant.spot_km(from_lat double precision, from_lng double precision, to_lat double precision, to_lng double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT sqrt(power(to_lat - from_lat, 2) + power((to_lng - from_lng) * cos(radians(from_lat)), 2)) * 111.32
$$;

CREATE INDEX published_items_position ON tenant.published_items
  USING gist (tenant.spot_point(org, lat, lng)) WHERE kind = 'spot' AND lat IS NOT NULL;
-- Only bounded reaches: a list not yet full reaches everywhere, and one such box would widen the
-- index's inner boxes for good (PGlite never vacuums); those few spots have their own index.
CREATE INDEX published_items_reach ON tenant.published_items
  USING gist (tenant.spot_reach(org, lat, lng, nearby_km))
  WHERE kind = 'spot' AND lat IS NOT NULL AND nearby_km < 'Infinity';
CREATE INDEX published_items_unbounded ON tenant.published_items (org)
  WHERE kind = 'spot' AND lat IS NOT NULL AND nearby_km = 'Infinity';

-- The nearest live spots of one position (at most four, nearest first, ties by id) and the
-- distance of the farthest (infinity while there are fewer than four). Box look-ups only, the one
-- query shape the planner serves from the position index without statistics: a box that grows
-- until it holds four spots bounds the fourth distance, and every spot within that bound lies in
-- the box of that radius.
CREATE FUNCTION tenant.nearest_spots(p_org text, p_id uuid, p_lat double precision, p_lng double precision,
                                     OUT ids uuid[], OUT km double precision)
LANGUAGE plpgsql STABLE AS $$
DECLARE
  radius double precision := 0.1;
  bound double precision;
  found integer;
BEGIN
  LOOP
    SELECT count(*), max(k) INTO found, bound FROM (
      SELECT tenant.spot_km(p_lat, p_lng, o.lat, o.lng) AS k FROM tenant.published_items o
       WHERE o.org COLLATE "C" = p_org AND o.kind = 'spot' AND o.lat IS NOT NULL AND o.id <> p_id
         AND tenant.spot_point(o.org, o.lat, o.lng) <@ tenant.spot_reach(p_org, p_lat, p_lng, radius)
       ORDER BY 1 LIMIT 4) n;
    EXIT WHEN found = 4 OR radius > 40000;
    radius := radius * 4;
  END LOOP;
  IF found < 4 THEN bound := 'Infinity'; END IF;
  SELECT coalesce(array_agg(n.id ORDER BY n.km, n.id), '{}'),
         CASE WHEN count(*) = 4 THEN max(n.km) ELSE 'Infinity' END
    INTO ids, km
    FROM (SELECT o.id, tenant.spot_km(p_lat, p_lng, o.lat, o.lng) AS km FROM tenant.published_items o
           WHERE o.org COLLATE "C" = p_org AND o.kind = 'spot' AND o.lat IS NOT NULL AND o.id <> p_id
             AND tenant.spot_point(o.org, o.lat, o.lng) <@ tenant.spot_reach(p_org, p_lat, p_lng, greatest(bound, radius))
           ORDER BY 2, 1 LIMIT 4) n;
END $$;

-- A spot appearing, moving or going away changes the nearest spots of itself, of the spots whose
-- list holds it and of those whose reach its new position lies in: found through the indexes,
-- recomputed in one UPDATE.
CREATE OR REPLACE FUNCTION tenant.published_spot_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  moved_org text;
  moved_id uuid;
  new_lat double precision;
  new_lng double precision;
  affected uuid[] := '{}';
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
  -- Lists not yet full take in any spot and may hold this one.
  affected := ARRAY(SELECT p.id FROM tenant.published_items p
                     WHERE p.org = moved_org AND p.kind = 'spot' AND p.lat IS NOT NULL AND p.nearby_km = 'Infinity');
  -- A full list holding the spot lies within its owner's reach box, so the old position finds it.
  IF TG_OP <> 'INSERT' AND OLD.lat IS NOT NULL THEN
    affected := affected || ARRAY(
      SELECT p.id FROM tenant.published_items p
       WHERE p.org COLLATE "C" = moved_org AND p.kind = 'spot' AND p.lat IS NOT NULL AND p.nearby_km < 'Infinity'
         AND tenant.spot_reach(p.org, p.lat, p.lng, p.nearby_km) @> box(tenant.spot_point(moved_org, OLD.lat, OLD.lng), tenant.spot_point(moved_org, OLD.lat, OLD.lng))
         AND moved_id = ANY (p.nearby));
  END IF;
  IF TG_OP <> 'DELETE' AND new_lat IS NOT NULL THEN
    affected := affected || moved_id || ARRAY(
      SELECT p.id FROM tenant.published_items p
       WHERE p.org COLLATE "C" = moved_org AND p.kind = 'spot' AND p.lat IS NOT NULL AND p.nearby_km < 'Infinity'
         AND p.id <> moved_id
         AND tenant.spot_reach(p.org, p.lat, p.lng, p.nearby_km) @> box(tenant.spot_point(moved_org, new_lat, new_lng), tenant.spot_point(moved_org, new_lat, new_lng))
         AND tenant.spot_km(p.lat, p.lng, new_lat, new_lng) <= p.nearby_km);
  END IF;
  UPDATE tenant.published_items p
     SET (nearby, nearby_km) = (SELECT n.ids, n.km FROM tenant.nearest_spots(p.org, p.id, p.lat, p.lng) n)
   WHERE p.org = moved_org AND p.id = ANY (affected);  -- each a spot with a position; by primary key
  IF TG_OP <> 'DELETE' AND new_lat IS NULL THEN
    UPDATE tenant.published_items SET nearby = '{}', nearby_km = 'Infinity'
     WHERE org = moved_org AND id = moved_id AND nearby <> '{}';
  END IF;
  RETURN NULL;
END $$;

-- The read-model rows of the items a statement changed, in one statement each way.
CREATE FUNCTION tenant.published_row(c tenant.content_items) RETURNS tenant.published_items
LANGUAGE plpgsql STABLE AS $$
DECLARE
  d jsonb := c.published_data;
  r tenant.published_items;
BEGIN
  r.org := c.org; r.id := c.id; r.kind := c.kind; r.data := d;
  r.published_at := c.published_at; r.updated_at := c.updated_at; r.category := d ->> 'category';
  IF d ? 'lat' AND d ? 'lng' THEN r.lat := (d ->> 'lat')::float8; r.lng := (d ->> 'lng')::float8; END IF;
  r.search_text := c.public_search_text;
  IF c.kind = 'article' THEN
    r.image_ids := CASE WHEN d ->> 'heroImageId' IS NULL THEN '{}'::text[] ELSE ARRAY[d ->> 'heroImageId'] END;
  ELSE
    r.image_ids := ARRAY(SELECT jsonb_array_elements_text(coalesce(d -> 'imageIds', '[]'::jsonb)));
  END IF;
  r.images := CASE WHEN r.image_ids = '{}' THEN '[]'::jsonb ELSE tenant.published_images(c.org, r.image_ids) END;
  r.refs := ARRAY(
    SELECT x.r::uuid FROM (
      SELECT d #>> '{venue,spotId}' AS r WHERE c.kind = 'event'
      UNION ALL SELECT s ->> 'spotId' FROM jsonb_array_elements(coalesce(d -> 'stops', '[]'::jsonb)) s WHERE c.kind = 'course'
      UNION ALL SELECT jsonb_array_elements_text(coalesce(d -> 'relatedSpotIds', '[]'::jsonb)) WHERE c.kind = 'article'
    ) x WHERE x.r ~* '^[0-9a-f-]{36}$');
  r.nearby := '{}'; r.nearby_km := 'Infinity';
  RETURN r;
END $$;

CREATE FUNCTION tenant.sync_published_items() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM tenant.published_items p
     USING new_rows n JOIN old_rows o ON o.org = n.org AND o.id = n.id
     WHERE p.org = n.org AND p.id = n.id AND n.published_data IS NULL AND o.published_data IS NOT NULL;
    INSERT INTO tenant.published_items AS p
      (org, id, kind, data, published_at, updated_at, category, lat, lng, search_text, image_ids, images, refs)
    SELECT r.org, r.id, r.kind, r.data, r.published_at, r.updated_at, r.category, r.lat, r.lng,
           r.search_text, r.image_ids, r.images, r.refs
      FROM new_rows n JOIN old_rows o ON o.org = n.org AND o.id = n.id
      CROSS JOIN LATERAL tenant.published_row(n) r
     WHERE n.published_data IS NOT NULL
       AND (o.published_data IS DISTINCT FROM n.published_data
            OR o.published_at IS DISTINCT FROM n.published_at
            OR o.updated_at IS DISTINCT FROM n.updated_at
            OR o.public_search_text IS DISTINCT FROM n.public_search_text)
    ON CONFLICT (org, id) DO UPDATE SET
      kind = EXCLUDED.kind, data = EXCLUDED.data, published_at = EXCLUDED.published_at,
      updated_at = EXCLUDED.updated_at, category = EXCLUDED.category, lat = EXCLUDED.lat,
      lng = EXCLUDED.lng, search_text = EXCLUDED.search_text, image_ids = EXCLUDED.image_ids,
      images = EXCLUDED.images, refs = EXCLUDED.refs;
  ELSE
    INSERT INTO tenant.published_items AS p
      (org, id, kind, data, published_at, updated_at, category, lat, lng, search_text, image_ids, images, refs)
    SELECT r.org, r.id, r.kind, r.data, r.published_at, r.updated_at, r.category, r.lat, r.lng,
           r.search_text, r.image_ids, r.images, r.refs
      FROM new_rows n CROSS JOIN LATERAL tenant.published_row(n) r
     WHERE n.published_data IS NOT NULL
    ON CONFLICT (org, id) DO UPDATE SET
      kind = EXCLUDED.kind, data = EXCLUDED.data, published_at = EXCLUDED.published_at,
      updated_at = EXCLUDED.updated_at, category = EXCLUDED.category, lat = EXCLUDED.lat,
      lng = EXCLUDED.lng, search_text = EXCLUDED.search_text, image_ids = EXCLUDED.image_ids,
      images = EXCLUDED.images, refs = EXCLUDED.refs;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER published_item_sync ON tenant.content_items;
CREATE TRIGGER published_items_sync_insert AFTER INSERT ON tenant.content_items
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tenant.sync_published_items();
CREATE TRIGGER published_items_sync_update AFTER UPDATE ON tenant.content_items
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tenant.sync_published_items();
