-- The box scans of 0043 compared positions with arithmetic on the outer spot (p.lat - r / 111.32).
-- Under row-level security such a condition may not run before the policy (float8 arithmetic is
-- not leakproof), so it could not be an index condition: as the app role every box scan read all of
-- the organisation's spots, and a bulk publish of 10,000 spots on PostgreSQL did not finish
-- (7,000 in ten minutes; 3.4 s per 500 spots, 10.9 s once the plan was cached). The bounds are now
-- computed in a subquery kept apart (OFFSET 0), so the scans compare columns with plain values,
-- which is leakproof and uses the (org, lat, lng) index: 82 ms per 500 spots. Same results.

-- Keeping the nearest spots rewrote, for every spot near a change, its whole read-model row with
-- every index entry, the trigram index of its text among them (0.4 ms a spot; a bulk publish of 500
-- spots rewrites about 2,300). Without an index on nearby_km, and with room left on each page, the
-- rewrite is a heap-only update that touches no index. The two queries that used that index (the
-- reach of an organisation's spots) read the organisation's spots by position instead, once a
-- statement.
DROP INDEX tenant.published_items_spot_reach;
ALTER TABLE tenant.published_items SET (fillfactor = 70);

CREATE OR REPLACE FUNCTION tenant.refresh_nearby(p_org text, p_ids uuid[]) RETURNS void
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
       -- The box's bounds as plain values (see above).
       CROSS JOIN LATERAL (
         SELECT h.r, p.lat - h.r / 111.32 AS lat_lo, p.lat + h.r / 111.32 AS lat_hi,
                p.lng - h.w AS lng_lo, p.lng + h.w AS lng_hi
           FROM (SELECT r.r, CASE WHEN cos(radians(p.lat)) > 1e-6 THEN r.r / (111.32 * cos(radians(p.lat))) ELSE 'Infinity' END AS w
                   FROM (SELECT CASE WHEN wave = 7 THEN 'Infinity'
                                     WHEN p.nearby_km > 0 AND p.nearby_km < 'Infinity' THEN p.nearby_km * 1.01 * power(4, wave)
                                     ELSE 0.03 * power(4, wave) END AS r) r) h
         OFFSET 0) b
       CROSS JOIN LATERAL (
         SELECT array_agg(x.id ORDER BY x.km, x.id) AS ids, count(*) AS n, max(x.km) AS far
           FROM (SELECT o.id, sqrt(power(o.lat - p.lat, 2) + power((o.lng - p.lng) * cos(radians(p.lat)), 2)) * 111.32 AS km
                   FROM tenant.published_items o
                  WHERE o.org = p.org AND (o.kind = 'spot') IS TRUE AND o.lat IS NOT NULL AND o.id <> p.id
                    AND o.lat BETWEEN b.lat_lo AND b.lat_hi
                    AND o.lng BETWEEN b.lng_lo AND b.lng_hi
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
CREATE OR REPLACE FUNCTION tenant.spots_moved(c_org text[], c_id uuid[], c_lat float8[], c_lng float8[], g_org text[], g_id uuid[])
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
          SELECT c.lat - d.dlat AS lat_lo, c.lat + d.dlat AS lat_hi, c.lng - d.dlng AS lng_lo, c.lng + d.dlng AS lng_hi
            FROM (SELECT reach / 111.32 AS dlat,
                         CASE WHEN abs(c.lat) + reach / 111.32 < 89 THEN reach / (111.32 * cos(radians(abs(c.lat) + reach / 111.32)))
                              ELSE 'Infinity' END AS dlng) d
          OFFSET 0) b
        -- Lateral and kept apart (OFFSET 0), so that each new position probes the index: a plan
        -- without statistics would otherwise scan every spot against every new position.
        CROSS JOIN LATERAL (
          SELECT p.id FROM tenant.published_items p
           WHERE p.org = o AND (p.kind = 'spot') IS TRUE AND p.lat IS NOT NULL
             AND p.lat BETWEEN b.lat_lo AND b.lat_hi
             AND p.lng BETWEEN b.lng_lo AND b.lng_hi
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

-- Writers of one organisation's read model take turns, from before their first read-model row
-- until they commit. A spot's arrival updates the nearest-spot lists of the spots around it, which
-- other transactions may be writing: two bulk publishes of one organisation deadlocked on
-- PostgreSQL once they ran at full speed (each held its own new rows and waited for the other's).
-- Advisory locks are per transaction and re-entrant, in a fixed order, so they cannot deadlock.
CREATE FUNCTION tenant.lock_published_orgs(p_orgs text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  o text;
BEGIN
  FOR o IN SELECT DISTINCT x FROM unnest(p_orgs) x WHERE x IS NOT NULL AND x <> '' ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended('mitte.published_items:' || o, 0));
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION tenant.content_items_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  items tenant.content_items[] := ARRAY(SELECT n FROM new_items n WHERE n.published_data IS NOT NULL);
BEGIN
  IF cardinality(items) > 0 THEN
    PERFORM tenant.lock_published_orgs(ARRAY(SELECT (i).org FROM unnest(items) i));
    PERFORM tenant.upsert_published_items(items);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION tenant.content_items_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  items tenant.content_items[];
BEGIN
  PERFORM tenant.lock_published_orgs(ARRAY(
    SELECT n.org FROM old_items o JOIN new_items n ON n.org = o.org AND n.id = o.id
     WHERE n.published_data IS NOT NULL OR o.published_data IS NOT NULL));
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

-- A delete reaches the read model through the foreign key's cascade, before any statement trigger
-- could see the rows: it takes the turn of the organisation in scope first.
CREATE FUNCTION tenant.content_items_deleting() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tenant.lock_published_orgs(ARRAY[current_setting('app.org', true)]);
  RETURN NULL;
END $$;
CREATE TRIGGER published_items_deleting BEFORE DELETE ON tenant.content_items
  FOR EACH STATEMENT EXECUTE FUNCTION tenant.content_items_deleting();

CREATE OR REPLACE FUNCTION tenant.published_image_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  m record;
BEGIN
  IF TG_OP = 'DELETE' THEN m := OLD; ELSE m := NEW; END IF;
  PERFORM tenant.lock_published_orgs(ARRAY[m.org]);
  UPDATE tenant.published_items
     SET images = tenant.published_images(org, image_ids)
   WHERE org = m.org AND image_ids @> ARRAY[m.id::text];
  RETURN NULL;
END $$;
