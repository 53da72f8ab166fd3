-- A check-in at a checkpoint the node has already read, as one statement on its own (issue 16's
-- burst figure): tenant.rally_check_in (0075) needed a transaction around it only to carry the
-- organisation's row-level-security settings, which cost two more round trips (BEGIN with the
-- settings, COMMIT). This function sets them itself, for its own statement's transaction, from the
-- organisation it is asked about, which grants nothing the app role could not already do. It
-- refuses to run inside a transaction scoped to another organisation or realm (a mistake must not
-- switch a transaction's scope), and puts the settings back when it is done.
CREATE FUNCTION tenant.rally_check_in_alone(
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
DECLARE
  prev_org text := coalesce(current_setting('app.org', true), '');
  prev_realm text := coalesce(current_setting('app.realm', true), '');
BEGIN
  IF prev_org NOT IN ('', p_org) OR prev_realm NOT IN ('', 'tenant') THEN
    RAISE EXCEPTION 'rally_check_in_alone: the transaction is scoped to another organisation or realm'
      USING ERRCODE = '42501';
  END IF;
  PERFORM set_config('app.org', p_org, true), set_config('app.realm', 'tenant', true);
  RETURN QUERY SELECT * FROM tenant.rally_check_in(
    p_org, p_slug, p_campaign, p_key_version, p_now, p_checkpoint, p_checkpoint_method,
    p_checkpoint_lat, p_checkpoint_lng, p_checkpoint_radius_m, p_participant, p_secret_hash,
    p_lat, p_lng, p_accuracy_m, p_address_hash, p_device_hash, p_shared_since,
    p_stamps_per_minute, p_per_address_per_minute, p_shared_device_participants,
    p_speed_min_m, p_max_speed_m_per_s);
  PERFORM set_config('app.org', prev_org, true), set_config('app.realm', prev_realm, true);
END $$;
REVOKE ALL ON FUNCTION tenant.rally_check_in_alone(
  text, text, uuid, integer, timestamptz, uuid, text, double precision, double precision, integer,
  uuid, text, double precision, double precision, double precision, text, text, timestamptz,
  integer, integer, integer, double precision, double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant.rally_check_in_alone(
  text, text, uuid, integer, timestamptz, uuid, text, double precision, double precision, integer,
  uuid, text, double precision, double precision, double precision, text, text, timestamptz,
  integer, integer, integer, double precision, double precision) TO mitte_app;
