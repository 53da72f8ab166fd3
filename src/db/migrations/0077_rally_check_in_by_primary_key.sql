-- tenant.rally_check_in (0075) found the participant and the checkpoint with the campaign in the
-- join condition. Right after a campaign opens, the statistics describe near-empty tables, and
-- the planner then took the (org, campaign, recovery code) index and read every participant of
-- the campaign to find one (0.24 ms of a 0.7 ms check-in with 2,000 participants, growing with
-- them), or the campaign's checkpoint index for a checkpoint. Compared with IS NOT DISTINCT FROM
-- (both columns are NOT NULL, so it means equality), the campaign is a filter only: each row is
-- found by its primary key, whatever the statistics say, as rally_check_in_rows already does.
-- Same arguments, same answers.
CREATE OR REPLACE FUNCTION tenant.rally_check_in(
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
  total integer;
  r record;
BEGIN
  SELECT (SELECT count(*)::integer FROM tenant.rally_checkpoints n
           WHERE n.org = c.org AND n.campaign_id = c.id)
    INTO total
    FROM tenant.rally_campaigns c
    JOIN tenant.rally_checkpoints k ON k.org = c.org AND k.id = p_checkpoint
    JOIN tenant.rally_participants p ON p.org = c.org AND p.id = p_participant
   WHERE c.org = p_org AND c.slug = p_slug AND c.id = p_campaign AND c.key_version = p_key_version
     AND c.status = 'published' AND c.starts_at <= p_now AND c.ends_at > p_now
     AND k.campaign_id IS NOT DISTINCT FROM c.id AND k.method = p_checkpoint_method
     AND k.lat = p_checkpoint_lat AND k.lng = p_checkpoint_lng AND k.radius_m = p_checkpoint_radius_m
     AND p.campaign_id IS NOT DISTINCT FROM c.id AND p.secret_hash = p_secret_hash;
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
  checkpoints := total;
  RETURN NEXT;
END $$;
