-- Take one HubSpot call slot for the whole deployment in one round trip (see lib/server/hubspot/rate-limiter.ts).
-- Two rules over the sliding log in hubspot_call_slot:
--   * at most max_calls slots in the last window_secs (HubSpot's rolling limit);
--   * at most burst slots in the last burst * spacing_ms (calls paced evenly instead of a window's
--     budget going out at once and then nothing until it rolls).
-- Returns 0 when a slot was taken, otherwise how many milliseconds to wait before asking again.
CREATE OR REPLACE FUNCTION hubspot_take_slot(max_calls int, window_secs float8, spacing_ms float8, burst int)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  used int;
  oldest timestamptz;
  burst_start timestamptz;
  wait_ms float8 := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(4817221);
  DELETE FROM hubspot_call_slot WHERE at <= clock_timestamp() - make_interval(secs => window_secs);
  SELECT count(*), min(at) INTO used, oldest FROM hubspot_call_slot;
  IF used >= max_calls THEN
    wait_ms := extract(epoch FROM (oldest + make_interval(secs => window_secs) - clock_timestamp())) * 1000;
  END IF;
  SELECT at INTO burst_start FROM hubspot_call_slot ORDER BY at DESC OFFSET greatest(burst - 1, 0) LIMIT 1;
  IF burst_start IS NOT NULL THEN
    wait_ms := greatest(wait_ms, burst * spacing_ms - extract(epoch FROM (clock_timestamp() - burst_start)) * 1000);
  END IF;
  IF wait_ms > 0 THEN
    RETURN wait_ms;
  END IF;
  INSERT INTO hubspot_call_slot (at) VALUES (clock_timestamp());
  RETURN 0;
END
$$;
