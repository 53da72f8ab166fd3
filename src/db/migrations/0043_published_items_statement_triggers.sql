-- The published read model (0040) kept by statement-level triggers instead of row-level ones
-- (issue 12 item 5, issue 13): an import or bulk publish of hundreds of spots wrote the read model
-- row by row, and each spot's arrival recomputed the nearest spots of the spots near it with a scan
-- of every live spot of the organisation (no index could serve the distance), so 10,000 spots took
-- minutes. Now one statement on content_items writes its read-model rows in one statement, and one
-- statement on published_items refreshes, once, the nearest spots of the spots it can change, each
-- from a box around the spot on a (org, lat, lng) index, widened until it holds four spots nearer
-- than its edge. What is kept is the same as before: for each live spot with a position, the four
-- nearest other live spots with a position (equirectangular distance from the spot's own latitude,
-- ties by id), and the distance of the farthest (infinity while there are fewer than four).

DROP TRIGGER published_item_sync ON tenant.content_items;
DROP TRIGGER published_spot_moved ON tenant.published_items;
DROP FUNCTION tenant.sync_published_item();
DROP FUNCTION tenant.published_spot_moved();

-- Spots by position, and by how far their fourth nearest spot is (their reach).
CREATE INDEX published_items_spot_position ON tenant.published_items (org, lat, lng)
  WHERE lat IS NOT NULL;
-- A plan made without statistics, as PGlite's always are, estimates every index scan of an
-- organisation's spots at one row and keeps the oldest index of equals, published_items_list: the
-- box scans test the kind as (kind = 'spot') IS TRUE, which no index serves, so that the box is
-- the best condition any index offers (and a list of ids, by the primary key, is taken over
-- published_items_list, which has the id after the time); the second index only serves queries
-- that say nearby_km > 0.
CREATE INDEX published_items_spot_reach ON tenant.published_items (org, nearby_km)
  WHERE kind = 'spot' AND lat IS NOT NULL AND nearby_km > 0;

-- The parts of a read-model row that upsert_published_item (0040) computes, for a set of rows.
CREATE FUNCTION tenant.published_image_ids(p_kind text, d jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_kind = 'article' THEN
           CASE WHEN d ->> 'heroImageId' IS NULL THEN '{}'::text[] ELSE ARRAY[d ->> 'heroImageId'] END
         ELSE ARRAY(SELECT jsonb_array_elements_text(coalesce(d -> 'imageIds', '[]'::jsonb))) END
$$;

CREATE FUNCTION tenant.published_spot_refs(p_kind text, d jsonb) RETURNS uuid[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY(
    SELECT r::uuid FROM (
      SELECT d #>> '{venue,spotId}' AS r WHERE p_kind = 'event'
      UNION ALL SELECT s ->> 'spotId' FROM jsonb_array_elements(coalesce(d -> 'stops', '[]'::jsonb)) s WHERE p_kind = 'course'
      UNION ALL SELECT jsonb_array_elements_text(coalesce(d -> 'relatedSpotIds', '[]'::jsonb)) WHERE p_kind = 'article'
    ) x WHERE r ~* '^[0-9a-f-]{36}$')
$$;

-- Writes the read-model rows of live items, in one statement.
CREATE FUNCTION tenant.upsert_published_items(items tenant.content_items[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO tenant.published_items AS p
    (org, id, kind, data, published_at, updated_at, category, lat, lng, search_text, image_ids, images, refs)
  SELECT c.org, c.id, c.kind, c.published_data, c.published_at, c.updated_at, c.published_data ->> 'category',
         CASE WHEN c.published_data ? 'lat' AND c.published_data ? 'lng' THEN (c.published_data ->> 'lat')::float8 END,
         CASE WHEN c.published_data ? 'lat' AND c.published_data ? 'lng' THEN (c.published_data ->> 'lng')::float8 END,
         c.public_search_text, i.ids, tenant.published_images(c.org, i.ids),
         tenant.published_spot_refs(c.kind, c.published_data)
    FROM unnest(items) c
   CROSS JOIN LATERAL (SELECT tenant.published_image_ids(c.kind, c.published_data) AS ids) i
  ON CONFLICT (org, id) DO UPDATE SET
    kind = EXCLUDED.kind, data = EXCLUDED.data, published_at = EXCLUDED.published_at,
    updated_at = EXCLUDED.updated_at, category = EXCLUDED.category, lat = EXCLUDED.lat,
    lng = EXCLUDED.lng, search_text = EXCLUDED.search_text, image_ids = EXCLUDED.image_ids,
    images = EXCLUDED.images, refs = EXCLUDED.refs
$$;

CREATE FUNCTION tenant.content_items_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  items tenant.content_items[] := ARRAY(SELECT n FROM new_items n WHERE n.published_data IS NOT NULL);
BEGIN
  IF cardinality(items) > 0 THEN
    PERFORM tenant.upsert_published_items(items);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER published_items_inserted AFTER INSERT ON tenant.content_items
  REFERENCING NEW TABLE AS new_items
  FOR EACH STATEMENT EXECUTE FUNCTION tenant.content_items_inserted();

CREATE FUNCTION tenant.content_items_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  items tenant.content_items[];
BEGIN
  DELETE FROM tenant.published_items p
   USING old_items o JOIN new_items n ON n.org = o.org AND n.id = o.id
   WHERE p.org = n.org AND p.id = n.id AND n.published_data IS NULL AND o.published_data IS NOT NULL;
  items := ARRAY(
    SELECT n FROM new_items n JOIN old_items o ON o.org = n.org AND o.id = n.id
     WHERE n.published_data IS NOT NULL
       AND (o.published_data IS DISTINCT FROM n.published_data
            OR o.published_at IS DISTINCT FROM n.published_at
            OR o.updated_at IS DISTINCT FROM n.updated_at
            OR o.public_search_text IS DISTINCT FROM n.public_search_text));
  IF cardinality(items) > 0 THEN
    PERFORM tenant.upsert_published_items(items);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER published_items_updated AFTER UPDATE ON tenant.content_items
  REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
  FOR EACH STATEMENT EXECUTE FUNCTION tenant.content_items_updated();


-- Recomputes the nearest spots of the given live spots of an organisation. Each spot looks in a
-- box of half-width r km around itself (from its last reach, else 30 m, four times wider each
-- round): when the box holds four spots no farther than its edge, every spot outside, farther than
-- the edge, cannot be among them. Spots left after seven rounds take the whole organisation.
CREATE FUNCTION tenant.refresh_nearby(p_org text, p_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  todo uuid[] := p_ids;
  wave int := 0;
BEGIN
  -- Only nearby and nearby_km change: published_spots_updated need not compare positions.
  PERFORM set_config('mitte.refreshing_nearby', 'on', true);
  WHILE cardinality(todo) > 0 LOOP
    WITH calc AS (
      SELECT p.id, coalesce(c.ids, '{}') AS ids, CASE WHEN c.n = 4 THEN c.far ELSE 'Infinity' END AS km,
             c.n = 4 AND c.far <= b.r * 0.999 AS done
        FROM tenant.published_items p
       CROSS JOIN LATERAL (
         SELECT CASE WHEN wave = 7 THEN 'Infinity'
                     WHEN p.nearby_km > 0 AND p.nearby_km < 'Infinity' THEN p.nearby_km * 1.01 * power(4, wave)
                     ELSE 0.03 * power(4, wave) END AS r) b
       CROSS JOIN LATERAL (
         SELECT array_agg(x.id ORDER BY x.km, x.id) AS ids, count(*) AS n, max(x.km) AS far
           FROM (SELECT o.id, sqrt(power(o.lat - p.lat, 2) + power((o.lng - p.lng) * cos(radians(p.lat)), 2)) * 111.32 AS km
                   FROM tenant.published_items o
                  WHERE o.org = p.org AND (o.kind = 'spot') IS TRUE AND o.lat IS NOT NULL AND o.id <> p.id
                    AND o.lat BETWEEN p.lat - b.r / 111.32 AND p.lat + b.r / 111.32
                    AND o.lng BETWEEN p.lng - CASE WHEN cos(radians(p.lat)) > 1e-6 THEN b.r / (111.32 * cos(radians(p.lat))) ELSE 'Infinity' END
                                  AND p.lng + CASE WHEN cos(radians(p.lat)) > 1e-6 THEN b.r / (111.32 * cos(radians(p.lat))) ELSE 'Infinity' END
                  ORDER BY 2, 1 LIMIT 4) x) c
       WHERE p.org = p_org AND p.id = ANY (todo) AND (p.kind = 'spot') IS TRUE AND p.lat IS NOT NULL
    ), kept AS (
      UPDATE tenant.published_items p SET nearby = calc.ids, nearby_km = calc.km
        FROM calc
       WHERE p.org = p_org AND p.id = calc.id AND (calc.done OR wave = 7)
         AND (p.nearby IS DISTINCT FROM calc.ids OR p.nearby_km IS DISTINCT FROM calc.km)
    )
    SELECT ARRAY(SELECT calc.id FROM calc WHERE NOT calc.done AND wave < 7) INTO todo;
    wave := wave + 1;
  END LOOP;
  PERFORM set_config('mitte.refreshing_nearby', 'off', true);
END $$;

-- Spots that appeared or moved to a position (c_*, in the table already) and spots that went or
-- left a position (g_*): refreshes the nearest spots of the spots this can change, the same set
-- the row trigger of 0040 recomputed: the spots at a new position, those whose list holds a spot
-- that went or moved, and those a new position is no farther from than their farthest kept spot.
-- The last are found from each new position within a box as wide as the reach of all but the 32
-- spots reaching farthest, which are checked against every new position.
CREATE FUNCTION tenant.spots_moved(c_org text[], c_id uuid[], c_lat float8[], c_lng float8[], g_org text[], g_id uuid[])
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  o text;
  reach float8;
  gone uuid[];
  todo uuid[];
BEGIN
  FOR o IN SELECT DISTINCT x FROM unnest(c_org || g_org) x LOOP
    reach := coalesce((
      SELECT p.nearby_km FROM tenant.published_items p
       WHERE p.org = o AND p.kind = 'spot' AND p.lat IS NOT NULL AND p.nearby_km > 0 AND p.nearby_km < 'Infinity'
       ORDER BY p.nearby_km DESC LIMIT 1 OFFSET 32), 0) * 1.001;
    gone := ARRAY(SELECT g.id FROM unnest(g_org, g_id) g(org, id) WHERE g.org = o);
    todo := ARRAY(
      SELECT c.id FROM unnest(c_org, c_id) c(org, id) WHERE c.org = o
      UNION
      SELECT p.id FROM tenant.published_items p
       WHERE cardinality(gone) > 0 AND p.org = o AND p.kind = 'spot' AND p.lat IS NOT NULL AND p.nearby && gone
      UNION
      SELECT p.id
        FROM unnest(c_org, c_lat, c_lng) c(org, lat, lng)
        CROSS JOIN LATERAL (
          SELECT reach / 111.32 AS dlat,
                 CASE WHEN abs(c.lat) + reach / 111.32 < 89 THEN reach / (111.32 * cos(radians(abs(c.lat) + reach / 111.32)))
                      ELSE 'Infinity' END AS dlng) b
        -- Lateral and kept apart (OFFSET 0), so that each new position probes the index: a plan
        -- without statistics would otherwise scan every spot against every new position.
        CROSS JOIN LATERAL (
          SELECT p.id FROM tenant.published_items p
           WHERE p.org = o AND (p.kind = 'spot') IS TRUE AND p.lat IS NOT NULL
             AND p.lat BETWEEN c.lat - b.dlat AND c.lat + b.dlat
             AND p.lng BETWEEN c.lng - b.dlng AND c.lng + b.dlng
             AND sqrt(power(c.lat - p.lat, 2) + power((c.lng - p.lng) * cos(radians(p.lat)), 2)) * 111.32 <= p.nearby_km
          OFFSET 0) p
       WHERE c.org = o AND reach > 0
      UNION
      SELECT p.id FROM tenant.published_items p
       WHERE p.org = o AND p.kind = 'spot' AND p.lat IS NOT NULL AND p.nearby_km > 0 AND p.nearby_km > reach
         AND EXISTS (
           SELECT 1 FROM unnest(c_org, c_lat, c_lng) c(org, lat, lng)
            WHERE c.org = o
              AND sqrt(power(c.lat - p.lat, 2) + power((c.lng - p.lng) * cos(radians(p.lat)), 2)) * 111.32 <= p.nearby_km));
    IF cardinality(todo) > 0 THEN
      PERFORM tenant.refresh_nearby(o, todo);
    END IF;
  END LOOP;
END $$;

CREATE FUNCTION tenant.published_spots_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  c_org text[]; c_id uuid[]; c_lat float8[]; c_lng float8[];
BEGIN
  SELECT array_agg(n.org), array_agg(n.id), array_agg(n.lat), array_agg(n.lng)
    INTO c_org, c_id, c_lat, c_lng
    FROM new_rows n WHERE n.kind = 'spot' AND n.lat IS NOT NULL;
  IF c_org IS NOT NULL THEN
    PERFORM tenant.spots_moved(c_org, c_id, c_lat, c_lng, '{}', '{}');
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER published_spots_inserted AFTER INSERT ON tenant.published_items
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tenant.published_spots_inserted();

CREATE FUNCTION tenant.published_spots_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  c_org text[]; c_id uuid[]; c_lat float8[]; c_lng float8[]; g_org text[]; g_id uuid[];
BEGIN
  IF current_setting('mitte.refreshing_nearby', true) = 'on' THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(n.org) FILTER (WHERE n.lat IS NOT NULL), array_agg(n.id) FILTER (WHERE n.lat IS NOT NULL),
         array_agg(n.lat) FILTER (WHERE n.lat IS NOT NULL), array_agg(n.lng) FILTER (WHERE n.lat IS NOT NULL),
         array_agg(o.org) FILTER (WHERE o.lat IS NOT NULL), array_agg(o.id) FILTER (WHERE o.lat IS NOT NULL)
    INTO c_org, c_id, c_lat, c_lng, g_org, g_id
    FROM old_rows o JOIN new_rows n ON n.org = o.org AND n.id = o.id
   WHERE n.kind = 'spot' AND (o.lat IS DISTINCT FROM n.lat OR o.lng IS DISTINCT FROM n.lng);
  IF c_org IS NOT NULL OR g_org IS NOT NULL THEN
    -- A spot that lost its position keeps no nearest spots.
    PERFORM set_config('mitte.refreshing_nearby', 'on', true);
    UPDATE tenant.published_items p SET nearby = '{}', nearby_km = 'Infinity'
      FROM new_rows n
     WHERE p.org = n.org AND p.id = n.id AND n.kind = 'spot' AND n.lat IS NULL AND p.nearby <> '{}';
    PERFORM set_config('mitte.refreshing_nearby', 'off', true);
    PERFORM tenant.spots_moved(coalesce(c_org, '{}'), coalesce(c_id, '{}'), coalesce(c_lat, '{}'),
                               coalesce(c_lng, '{}'), coalesce(g_org, '{}'), coalesce(g_id, '{}'));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER published_spots_updated AFTER UPDATE ON tenant.published_items
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tenant.published_spots_updated();

CREATE FUNCTION tenant.published_spots_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  g_org text[]; g_id uuid[];
BEGIN
  SELECT array_agg(o.org), array_agg(o.id) INTO g_org, g_id
    FROM old_rows o WHERE o.kind = 'spot' AND o.lat IS NOT NULL;
  IF g_org IS NOT NULL THEN
    PERFORM tenant.spots_moved('{}', '{}', '{}', '{}', g_org, g_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER published_spots_deleted AFTER DELETE ON tenant.published_items
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tenant.published_spots_deleted();
