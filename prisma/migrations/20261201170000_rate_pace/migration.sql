-- Pace HubSpot calls by a theoretical arrival time (GCRA) instead of by the log's own timestamps.
-- The burst rule over the log ("at most burst slots in the last burst * spacing_ms") measured the
-- spacing from when each slot was really taken: a slot taken a few ms after it was free (a timer,
-- this round trip, a busy event loop) pushed every later one back by as much, and under load that
-- lateness added up slot after slot (3-7 % of the budget unused). The pace now keeps the schedule:
-- a slot is free at tat - (burst - 1) * spacing_ms, and taking it moves tat one spacing on from
-- max(tat, now), so lateness is not carried forward while calls keep coming, and a pause still
-- lets a burst of `burst` calls go at once. The window rule (at most max_calls per window_secs over
-- the log) is unchanged and still caps every window.
CREATE TABLE hubspot_rate_pace (
  id  int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  tat timestamptz NOT NULL DEFAULT 'epoch'
);
INSERT INTO hubspot_rate_pace (id) VALUES (1);

CREATE OR REPLACE FUNCTION hubspot_take_slot(max_calls int, window_secs float8, spacing_ms float8, burst int)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  now_ts timestamptz := clock_timestamp();
  used int;
  oldest timestamptz;
  due timestamptz;
  wait_ms float8 := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(4817221);
  DELETE FROM hubspot_call_slot WHERE at <= now_ts - make_interval(secs => window_secs);
  SELECT count(*), min(at) INTO used, oldest FROM hubspot_call_slot;
  IF used >= max_calls THEN
    wait_ms := extract(epoch FROM (oldest + make_interval(secs => window_secs) - now_ts)) * 1000;
  END IF;
  SELECT tat INTO due FROM hubspot_rate_pace WHERE id = 1;
  wait_ms := greatest(wait_ms, extract(epoch FROM (due - now_ts)) * 1000 - (burst - 1) * spacing_ms);
  IF wait_ms > 0 THEN
    RETURN wait_ms;
  END IF;
  INSERT INTO hubspot_call_slot (at) VALUES (now_ts);
  UPDATE hubspot_rate_pace SET tat = greatest(tat, now_ts) + make_interval(secs => spacing_ms / 1000) WHERE id = 1;
  RETURN 0;
END
$$;
