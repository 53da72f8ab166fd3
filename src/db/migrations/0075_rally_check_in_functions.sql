-- Stamp rally check-in in two calls (issue 16 bench): the reads, then the stamp with its checks.
-- Both were single statements already, but long ones, planned again on every check-in (about
-- 0.6 ms of the database's time each); PL/pgSQL keeps its statements' plans for the session.
-- SECURITY INVOKER: they run as the app role, so row-level security applies to every table they
-- touch (another organisation's rows are not there to find or reference). The proofs (tokens,
-- codes, location), the limits' values and every message stay in TypeScript.

-- The campaign by slug, and of the checkpoint and the participant the request names only what a
-- check-in needs, each null when it is not one of this campaign's. By primary key, the campaign
-- checked after: with the campaign in the condition, the planner may take the (org, campaign,
-- recovery code) index and read every participant while a burst outruns the statistics.
CREATE FUNCTION tenant.rally_check_in_rows(p_org text, p_slug text, p_checkpoint uuid, p_participant uuid)
RETURNS TABLE (
  campaign_id uuid, status text, starts_at timestamptz, ends_at timestamptz, key_version integer,
  sealed_key text, checkpoint_method text, checkpoint_lat double precision,
  checkpoint_lng double precision, checkpoint_radius_m integer, participant_secret_hash text,
  checkpoints integer
) LANGUAGE plpgsql STABLE SECURITY INVOKER AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT c.id, c.status, c.starts_at, c.ends_at, c.key_version, c.sealed_key,
         CASE WHEN k.campaign_id = c.id THEN k.method END,
         CASE WHEN k.campaign_id = c.id THEN k.lat END,
         CASE WHEN k.campaign_id = c.id THEN k.lng END,
         CASE WHEN k.campaign_id = c.id THEN k.radius_m END,
         CASE WHEN p.campaign_id = c.id THEN p.secret_hash END,
         (SELECT count(*)::integer FROM tenant.rally_checkpoints n
           WHERE n.org = c.org AND n.campaign_id = c.id)
    FROM tenant.rally_campaigns c
    LEFT JOIN tenant.rally_checkpoints k ON k.org = c.org AND k.id = p_checkpoint
    LEFT JOIN tenant.rally_participants p ON p.org = c.org AND p.id = p_participant
   WHERE c.org = p_org AND c.slug = p_slug;
END $$;

-- A stamp for a participant whose proof was checked (at the checkpoint p_checkpoint, of method
-- p_method, at p_checkpoint_lat/lng, as the caller read it): the stamp already there answers a retry
-- (refused when voided); else the participant's and the address's per-minute limits, the speed
-- from the previous valid stamp and the shared-device count, the insert (the primary key makes a
-- double tap idempotent: the row that won is answered) and the flags on the participant and,
-- for a shared device, on everyone who stamped here from that device since p_shared_since.
-- outcome: 'stamped', 'exists', 'voided', 'participant_limited' or 'address_limited'; stamps:
-- the participant's valid stamps after the call.
CREATE FUNCTION tenant.rally_record_stamp(
  p_org text, p_campaign uuid, p_participant uuid, p_checkpoint uuid, p_method text,
  p_checkpoint_lat double precision, p_checkpoint_lng double precision,
  p_lat double precision, p_lng double precision, p_accuracy_m double precision,
  p_address_hash text, p_device_hash text, p_now timestamptz, p_shared_since timestamptz,
  p_stamps_per_minute integer, p_per_address_per_minute integer,
  p_shared_device_participants integer, p_speed_min_m double precision,
  p_max_speed_m_per_s double precision
) RETURNS TABLE (outcome text, stamped_at timestamptz, flags text[], stamps integer)
LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
#variable_conflict use_column
DECLARE
  minute_ago constant timestamptz := p_now - interval '1 minute';
  s record;
  counts record;
  mine record;
  previous record;
  has_mine boolean := false;
  has_previous boolean := false;
  valid integer := 0;
  recent integer := 0;
  new_flags text[] := '{}';
  metres double precision;
BEGIN
  -- The participant's stamps (at most one per checkpoint, a short list) by primary key: neither
  -- the campaign nor an order in the query, or the planner takes the campaign's index (in order
  -- of time) and reads every stamp of the campaign. A participant is of one campaign.
  FOR s IN
    SELECT x.checkpoint_id, x.stamped_at, x.flags, x.voided_at, k.lat, k.lng
      FROM tenant.rally_stamps x
      JOIN tenant.rally_checkpoints k ON k.org = x.org AND k.id = x.checkpoint_id
     WHERE x.org = p_org AND x.participant_id = p_participant
  LOOP
    IF s.checkpoint_id = p_checkpoint THEN
      mine := s;
      has_mine := true;
    END IF;
    IF s.voided_at IS NULL THEN
      valid := valid + 1;
      -- The latest valid stamp, from which the speed is measured.
      IF NOT has_previous THEN
        previous := s;
        has_previous := true;
      ELSIF s.stamped_at > previous.stamped_at THEN
        previous := s;
      END IF;
    END IF;
    IF s.stamped_at >= minute_ago THEN recent := recent + 1; END IF;
  END LOOP;
  IF has_mine THEN
    IF mine.voided_at IS NOT NULL THEN
      outcome := 'voided';
    ELSE
      outcome := 'exists'; stamped_at := mine.stamped_at; flags := mine.flags; stamps := valid;
    END IF;
    RETURN NEXT;
    RETURN;
  END IF;
  IF recent >= p_stamps_per_minute THEN
    outcome := 'participant_limited';
    RETURN NEXT;
    RETURN;
  END IF;
  -- Each count on its own index (address, device): during a burst the statistics have not seen
  -- the new stamps, and one scan of the campaign's recent stamps would read them all.
  SELECT (SELECT count(*) FROM tenant.rally_stamps x
           WHERE x.org = p_org AND x.campaign_id = p_campaign AND x.address_hash = p_address_hash
             AND x.stamped_at > minute_ago) AS from_address,
         (SELECT count(DISTINCT x.participant_id) FROM tenant.rally_stamps x
           WHERE x.org = p_org AND x.campaign_id = p_campaign AND x.device_hash = p_device_hash
             AND x.stamped_at > p_shared_since AND x.checkpoint_id = p_checkpoint
             AND x.participant_id <> p_participant) AS others_on_device
    INTO counts;
  IF counts.from_address >= p_per_address_per_minute THEN
    outcome := 'address_limited';
    RETURN NEXT;
    RETURN;
  END IF;
  IF has_previous THEN
    -- Great-circle distance, as distanceMetres in TypeScript.
    metres := 2 * 6371000 * asin(least(1, sqrt(
      sin(radians(p_checkpoint_lat - previous.lat) / 2) ^ 2
      + cos(radians(previous.lat)) * cos(radians(p_checkpoint_lat))
        * sin(radians(p_checkpoint_lng - previous.lng) / 2) ^ 2)));
    IF metres > p_speed_min_m
       AND metres / greatest(1, extract(epoch FROM p_now - previous.stamped_at)::double precision) > p_max_speed_m_per_s THEN
      new_flags := array_append(new_flags, 'impossible_speed');
    END IF;
  END IF;
  IF counts.others_on_device + 1 >= p_shared_device_participants THEN
    new_flags := array_append(new_flags, 'shared_device');
  END IF;
  INSERT INTO tenant.rally_stamps AS x
         (org, campaign_id, participant_id, checkpoint_id, method, lat, lng, accuracy_m, flags,
          address_hash, device_hash)
  VALUES (p_org, p_campaign, p_participant, p_checkpoint, p_method, p_lat, p_lng, p_accuracy_m,
          new_flags, p_address_hash, p_device_hash)
  ON CONFLICT (org, participant_id, checkpoint_id) DO NOTHING
  RETURNING x.stamped_at, x.flags INTO mine;
  IF NOT FOUND THEN
    -- Two taps at once: this insert met the other one's row (committed by now) and answers it.
    SELECT x.stamped_at, x.flags INTO mine FROM tenant.rally_stamps x
     WHERE x.org = p_org AND x.participant_id = p_participant AND x.checkpoint_id = p_checkpoint;
    outcome := 'exists'; stamped_at := mine.stamped_at; flags := mine.flags;
    stamps := (SELECT count(*) FROM tenant.rally_stamps x
                WHERE x.org = p_org AND x.participant_id = p_participant AND x.voided_at IS NULL);
    RETURN NEXT;
    RETURN;
  END IF;
  IF cardinality(new_flags) > 0 THEN
    UPDATE tenant.rally_participants p
       SET flagged_at = p_now,
           flag_reason = CASE WHEN p.id = p_participant THEN array_to_string(new_flags, ',')
                              ELSE 'shared_device' END
     WHERE p.org = p_org AND p.campaign_id = p_campaign AND p.flagged_at IS NULL
       AND (p.id = p_participant
            OR ('shared_device' = ANY (new_flags) AND p.id IN (
                  SELECT x.participant_id FROM tenant.rally_stamps x
                   WHERE x.org = p_org AND x.campaign_id = p_campaign
                     AND x.checkpoint_id = p_checkpoint AND x.device_hash = p_device_hash
                     AND x.stamped_at > p_shared_since)));
  END IF;
  outcome := 'stamped'; stamped_at := mine.stamped_at; flags := mine.flags; stamps := valid + 1;
  RETURN NEXT;
END $$;

REVOKE ALL ON FUNCTION tenant.rally_check_in_rows(text, text, uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant.rally_check_in_rows(text, text, uuid, uuid) TO mitte_app;
REVOKE ALL ON FUNCTION tenant.rally_record_stamp(
  text, uuid, uuid, uuid, text, double precision, double precision, double precision,
  double precision, double precision, text, text, timestamptz, timestamptz, integer, integer,
  integer, double precision, double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant.rally_record_stamp(
  text, uuid, uuid, uuid, text, double precision, double precision, double precision,
  double precision, double precision, text, text, timestamptz, timestamptz, integer, integer,
  integer, double precision, double precision) TO mitte_app;

-- The whole check-in in one call when the node already knows the campaign and the checkpoint
-- (from an earlier check-in) and has checked the proof against them: the campaign must still be
-- that one (same id and key version) and open at p_now, the checkpoint still the campaign's with
-- the same method and circle, the participant the campaign's with that secret. Then it is
-- rally_record_stamp, and the campaign's number of checkpoints with it. Otherwise 'recheck' and
-- nothing written: the node reads afresh and takes the two-call way.
CREATE FUNCTION tenant.rally_check_in(
  p_org text, p_slug text, p_campaign uuid, p_key_version integer, p_now timestamptz,
  p_checkpoint uuid, p_checkpoint_method text, p_checkpoint_lat double precision,
  p_checkpoint_lng double precision, p_checkpoint_radius_m integer,
  p_participant uuid, p_secret_hash text,
  p_lat double precision, p_lng double precision, p_accuracy_m double precision,
  p_address_hash text, p_device_hash text, p_shared_since timestamptz,
  p_stamps_per_minute integer, p_per_address_per_minute integer,
  p_shared_device_participants integer, p_speed_min_m double precision,
  p_max_speed_m_per_s double precision
) RETURNS TABLE (outcome text, stamped_at timestamptz, flags text[], stamps integer, checkpoints integer)
LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
#variable_conflict use_column
DECLARE
  known record;
  r record;
BEGIN
  SELECT (SELECT count(*)::integer FROM tenant.rally_checkpoints n
           WHERE n.org = c.org AND n.campaign_id = c.id) AS total
    INTO known
    FROM tenant.rally_campaigns c
    JOIN tenant.rally_checkpoints k ON k.org = c.org AND k.id = p_checkpoint
    JOIN tenant.rally_participants p ON p.org = c.org AND p.id = p_participant
   WHERE c.org = p_org AND c.slug = p_slug AND c.id = p_campaign AND c.key_version = p_key_version
     AND c.status = 'published' AND c.starts_at <= p_now AND c.ends_at > p_now
     AND k.campaign_id = c.id AND k.method = p_checkpoint_method AND k.lat = p_checkpoint_lat
     AND k.lng = p_checkpoint_lng AND k.radius_m = p_checkpoint_radius_m
     AND p.campaign_id = c.id AND p.secret_hash = p_secret_hash;
  IF NOT FOUND THEN
    outcome := 'recheck';
    RETURN NEXT;
    RETURN;
  END IF;
  SELECT * INTO r FROM tenant.rally_record_stamp(
    p_org, p_campaign, p_participant, p_checkpoint, p_checkpoint_method, p_checkpoint_lat,
    p_checkpoint_lng, p_lat, p_lng, p_accuracy_m, p_address_hash, p_device_hash, p_now,
    p_shared_since, p_stamps_per_minute, p_per_address_per_minute, p_shared_device_participants,
    p_speed_min_m, p_max_speed_m_per_s);
  outcome := r.outcome; stamped_at := r.stamped_at; flags := r.flags; stamps := r.stamps;
  checkpoints := known.total;
  RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION tenant.rally_check_in(
  text, text, uuid, integer, timestamptz, uuid, text, double precision, double precision, integer,
  uuid, text, double precision, double precision, double precision, text, text, timestamptz,
  integer, integer, integer, double precision, double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant.rally_check_in(
  text, text, uuid, integer, timestamptz, uuid, text, double precision, double precision, integer,
  uuid, text, double precision, double precision, double precision, text, text, timestamptz,
  integer, integer, integer, double precision, double precision) TO mitte_app;
