-- Operations: per-minute registration outcomes (kept by a statement-level trigger, so every writer
-- of registration is counted in the same transaction, one upsert per statement), 10-second HubSpot
-- call counts and per-minute HTTP request durations (flushed by each process in batch), the last
-- daily allowance HubSpot reported, and the alerts' episode state.

CREATE TABLE "registration_rollup" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "latency_le_ms" INTEGER NOT NULL DEFAULT 0,
    "count" BIGINT NOT NULL,
    CONSTRAINT "registration_rollup_pkey" PRIMARY KEY ("minute", "outcome", "latency_le_ms")
);

CREATE TABLE "hubspot_call_rollup" (
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "operation" TEXT NOT NULL,
    "status_class" TEXT NOT NULL,
    "calls" BIGINT NOT NULL,
    "retries" BIGINT NOT NULL,
    CONSTRAINT "hubspot_call_rollup_pkey" PRIMARY KEY ("bucket", "operation", "status_class")
);

CREATE TABLE "http_request_rollup" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "route" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "status_class" TEXT NOT NULL,
    "le_ms" INTEGER NOT NULL,
    "count" BIGINT NOT NULL,
    "duration_ms_sum" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "http_request_rollup_pkey" PRIMARY KEY ("minute", "route", "method", "status_class", "le_ms")
);

CREATE TABLE "hubspot_daily_observation" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "daily_limit" INTEGER NOT NULL,
    "remaining" INTEGER NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "hubspot_daily_observation_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "alert_episode" (
    "rule" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT false,
    "message" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "cleared_at" TIMESTAMPTZ(3),
    "notified_state" TEXT NOT NULL DEFAULT 'cleared',
    "notify_claimed_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_episode_pkey" PRIMARY KEY ("rule")
);

-- Upper bounds (ms) of the submission-to-synced latency buckets; the last one catches the rest.
CREATE FUNCTION registration_latency_bucket(ms DOUBLE PRECISION) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE((SELECT b FROM unnest(ARRAY[250, 500, 1000, 2000, 5000, 10000, 30000, 60000, 300000, 900000, 3600000]) AS b
                    WHERE ms <= b ORDER BY b LIMIT 1), 2147483647)
$$;

CREATE FUNCTION registration_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registration_rollup (minute, outcome, latency_le_ms, count)
  SELECT date_trunc('minute', now()), 'received', 0, count(*) FROM new_rows HAVING count(*) > 0
  ON CONFLICT (minute, outcome, latency_le_ms) DO UPDATE SET count = registration_rollup.count + EXCLUDED.count;
  RETURN NULL;
END $$;

-- Outcomes: synced on the first attempt (the request's own) or later, with its latency bucket;
-- accepted for later (the first attempt ended pending); partial, needs attention, failed.
CREATE FUNCTION registration_rollup_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registration_rollup (minute, outcome, latency_le_ms, count)
  SELECT date_trunc('minute', now()), t.outcome, t.le, count(*)
    FROM (
      SELECT CASE
               WHEN n.status = 'synced' AND n.attempts <= 1 THEN 'synced_at_once'
               WHEN n.status = 'synced' THEN 'synced_later'
               WHEN n.status = 'pending' THEN 'accepted_for_later'
               ELSE n.status
             END AS outcome,
             CASE WHEN n.status = 'synced'
                  THEN registration_latency_bucket(EXTRACT(EPOCH FROM (COALESCE(n.synced_at, now()) - n.created_at)) * 1000)
                  ELSE 0 END AS le
        FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (n.status IS DISTINCT FROM o.status AND n.status IN ('synced', 'partial', 'needs_attention', 'failed'))
          OR (n.status = 'pending' AND o.status = 'pending' AND o.attempts = 0 AND n.attempts = 1)
    ) t
   GROUP BY t.outcome, t.le
   ORDER BY t.outcome, t.le
  ON CONFLICT (minute, outcome, latency_le_ms) DO UPDATE SET count = registration_rollup.count + EXCLUDED.count;
  RETURN NULL;
END $$;

CREATE TRIGGER "registration_rollup_inserted" AFTER INSERT ON "registration"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_rollup_inserted();
CREATE TRIGGER "registration_rollup_updated" AFTER UPDATE ON "registration"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registration_rollup_updated();
