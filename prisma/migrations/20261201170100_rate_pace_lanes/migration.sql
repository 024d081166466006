-- The mirror's lane keeps the same pace as every other call (see 20261201170000_rate_pace): its
-- slots are due by the shared theoretical arrival time and move it on, so the deployment's calls
-- together are paced evenly, whichever lane takes them. The lane's own cap and the window rule are
-- unchanged.
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
  SELECT count(*), min(at) INTO lane_used, lane_oldest FROM hubspot_call_slot WHERE lane = lane_name;
  IF used >= max_calls THEN
    wait_ms := extract(epoch FROM (oldest + make_interval(secs => window_secs) - now_ts)) * 1000;
  END IF;
  IF lane_used >= lane_max THEN
    wait_ms := greatest(wait_ms, extract(epoch FROM (lane_oldest + make_interval(secs => window_secs) - now_ts)) * 1000);
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
