-- HubSpot says only `remaining` calls are left in its window (other apps on the portal spent some):
-- fill the log up to that, under the slot lock, in one statement instead of a transaction of three.
-- Returns the slots added.
CREATE OR REPLACE FUNCTION hubspot_fill_window(max_calls int, window_secs float8, remaining int)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  now_ts timestamptz := clock_timestamp();
  used int;
  added int;
BEGIN
  PERFORM pg_advisory_xact_lock(4817221);
  SELECT count(*) INTO used FROM hubspot_call_slot WHERE at > now_ts - make_interval(secs => window_secs);
  added := greatest(0, max_calls - remaining - used);
  INSERT INTO hubspot_call_slot (at) SELECT now_ts FROM generate_series(1, added);
  RETURN added;
END
$$;
