-- One function takes every HubSpot call's slot. hubspot_take_slot (the main lane: registrations,
-- imports, reads) had become a copy of hubspot_take_lane_slot without the lane's cap; it now calls
-- the lane function for the 'main' lane with no cap (lane_max NULL). The window rule, the pace and the lock are
-- the same ones for both, so they cannot drift apart.
CREATE OR REPLACE FUNCTION hubspot_take_lane_slot(max_calls int, window_secs float8, spacing_ms float8, burst int, lane_name text, lane_max int)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  now_ts timestamptz := clock_timestamp();
  used int;
  lane_used int;
  oldest timestamptz;
  lane_oldest timestamptz;
  due timestamptz;
  wait_ms float8 := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(4817221);
  DELETE FROM hubspot_call_slot WHERE at <= now_ts - make_interval(secs => window_secs);
  SELECT count(*), min(at) INTO used, oldest FROM hubspot_call_slot;
  IF used >= max_calls THEN
    wait_ms := extract(epoch FROM (oldest + make_interval(secs => window_secs) - now_ts)) * 1000;
  END IF;
  IF lane_max IS NOT NULL THEN
    SELECT count(*), min(at) INTO lane_used, lane_oldest FROM hubspot_call_slot WHERE lane = lane_name;
    IF lane_used >= lane_max THEN
      wait_ms := greatest(wait_ms, extract(epoch FROM (lane_oldest + make_interval(secs => window_secs) - now_ts)) * 1000);
    END IF;
  END IF;
  SELECT tat INTO due FROM hubspot_rate_pace WHERE id = 1;
  wait_ms := greatest(wait_ms, extract(epoch FROM (due - now_ts)) * 1000 - (burst - 1) * spacing_ms);
  IF wait_ms > 0 THEN
    RETURN wait_ms;
  END IF;
  INSERT INTO hubspot_call_slot (at, lane) VALUES (now_ts, lane_name);
  UPDATE hubspot_rate_pace SET tat = greatest(tat, now_ts) + make_interval(secs => spacing_ms / 1000) WHERE id = 1;
  RETURN 0;
END
$$;

CREATE OR REPLACE FUNCTION hubspot_take_slot(max_calls int, window_secs float8, spacing_ms float8, burst int)
RETURNS float8 LANGUAGE sql AS $$
  SELECT hubspot_take_lane_slot(max_calls, window_secs, spacing_ms, burst, 'main', NULL)
$$;
