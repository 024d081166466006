-- The local mirror of HubSpot's contacts, deals and tickets (lib/server/mirror, docs/mirror.md).
-- `properties` holds the mirrored properties as HubSpot gives them (strings); the sort and search
-- columns are generated from it, so every writer only writes `properties`. Rows are never deleted
-- on a HubSpot deletion: `deleted_at` marks them (merged ones also name `merged_into`); a privacy
-- deletion empties `properties` and sets `privacy_deleted_at` (a tombstone, so nothing brings the
-- data back). Live rows are what the partial indexes cover: keyset paging on (sort column, id).

CREATE TABLE "mirror_contact" (
    "id" BIGINT NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "modified_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),
    "merged_into" BIGINT,
    "privacy_deleted_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sort_email" TEXT GENERATED ALWAYS AS (lower(coalesce("properties"->>'email', ''))) STORED,
    "sort_name" TEXT GENERATED ALWAYS AS (lower(btrim(coalesce("properties"->>'firstname', '') || ' ' || coalesce("properties"->>'lastname', '')))) STORED,
    "sort_phone" TEXT GENERATED ALWAYS AS (coalesce("properties"->>'phone', '')) STORED,
    "search" TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple',
        coalesce("properties"->>'firstname', '') || ' ' || coalesce("properties"->>'lastname', '') || ' ' ||
        coalesce("properties"->>'email', '') || ' ' || regexp_replace(coalesce("properties"->>'email', ''), '[^[:alnum:]]+', ' ', 'g'))) STORED,
    CONSTRAINT "mirror_contact_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "mirror_deal" (
    "id" BIGINT NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "modified_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),
    "merged_into" BIGINT,
    "privacy_deleted_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sort_dealname" TEXT GENERATED ALWAYS AS (lower(coalesce("properties"->>'dealname', ''))) STORED,
    -- HubSpot sends amounts as strings; anything not a plain number sorts first.
    "sort_amount" NUMERIC GENERATED ALWAYS AS (CASE WHEN "properties"->>'amount' ~ '^-?[0-9]{1,30}(\.[0-9]{1,30})?$'
        THEN ("properties"->>'amount')::numeric ELSE '-Infinity'::numeric END) STORED,
    "sort_stage" TEXT GENERATED ALWAYS AS (coalesce("properties"->>'dealstage', '')) STORED,
    "search" TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', coalesce("properties"->>'dealname', ''))) STORED,
    CONSTRAINT "mirror_deal_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "mirror_ticket" (
    "id" BIGINT NOT NULL,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "modified_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),
    "merged_into" BIGINT,
    "privacy_deleted_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sort_subject" TEXT GENERATED ALWAYS AS (lower(coalesce("properties"->>'subject', ''))) STORED,
    "sort_priority" TEXT GENERATED ALWAYS AS (coalesce("properties"->>'hs_ticket_priority', '')) STORED,
    "sort_category" TEXT GENERATED ALWAYS AS (coalesce("properties"->>'hs_ticket_category', '')) STORED,
    "sort_stage" TEXT GENERATED ALWAYS AS (coalesce("properties"->>'hs_pipeline_stage', '')) STORED,
    "search" TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', coalesce("properties"->>'subject', ''))) STORED,
    CONSTRAINT "mirror_ticket_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "mirror_contact_live_id_idx" ON "mirror_contact"("id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_contact_email_idx" ON "mirror_contact"("sort_email", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_contact_name_idx" ON "mirror_contact"("sort_name", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_contact_phone_idx" ON "mirror_contact"("sort_phone", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_contact_created_idx" ON "mirror_contact"("created_at", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_contact_search_idx" ON "mirror_contact" USING GIN ("search") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_contact_synced_idx" ON "mirror_contact"("synced_at");

CREATE INDEX "mirror_deal_live_id_idx" ON "mirror_deal"("id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_deal_dealname_idx" ON "mirror_deal"("sort_dealname", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_deal_amount_idx" ON "mirror_deal"("sort_amount", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_deal_stage_idx" ON "mirror_deal"("sort_stage", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_deal_created_idx" ON "mirror_deal"("created_at", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_deal_search_idx" ON "mirror_deal" USING GIN ("search") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_deal_synced_idx" ON "mirror_deal"("synced_at");

CREATE INDEX "mirror_ticket_live_id_idx" ON "mirror_ticket"("id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_ticket_subject_idx" ON "mirror_ticket"("sort_subject", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_ticket_priority_idx" ON "mirror_ticket"("sort_priority", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_ticket_category_idx" ON "mirror_ticket"("sort_category", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_ticket_stage_idx" ON "mirror_ticket"("sort_stage", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_ticket_created_idx" ON "mirror_ticket"("created_at", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_ticket_search_idx" ON "mirror_ticket" USING GIN ("search") WHERE "deleted_at" IS NULL;
CREATE INDEX "mirror_ticket_synced_idx" ON "mirror_ticket"("synced_at");

-- A contact's deals and tickets, as read from either side (HubSpot shows both directions).
CREATE TABLE "mirror_association" (
    "contact_id" BIGINT NOT NULL,
    "object_type" TEXT NOT NULL,
    "object_id" BIGINT NOT NULL,
    CONSTRAINT "mirror_association_pkey" PRIMARY KEY ("contact_id", "object_type", "object_id")
);
CREATE INDEX "mirror_association_object_idx" ON "mirror_association"("object_type", "object_id");

-- Per-type catch-up watermark and the mirror's leases (one apply loop, one catch-up at a time).
CREATE TABLE "mirror_sync_state" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL DEFAULT '{}',
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "mirror_sync_state_pkey" PRIMARY KEY ("key")
);

-- Rate-limit lanes: the mirror's calls are counted in the deployment's one window like every
-- call, tagged so that they never take more than their share of it (hubspot_take_lane_slot).
ALTER TABLE "hubspot_call_slot" ADD COLUMN "lane" TEXT NOT NULL DEFAULT 'main';

CREATE OR REPLACE FUNCTION hubspot_take_lane_slot(max_calls int, window_secs float8, spacing_ms float8, burst int, lane_name text, lane_max int)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  used int;
  lane_used int;
  oldest timestamptz;
  lane_oldest timestamptz;
  burst_start timestamptz;
  wait_ms float8 := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(4817221);
  DELETE FROM hubspot_call_slot WHERE at <= clock_timestamp() - make_interval(secs => window_secs);
  SELECT count(*), min(at) INTO used, oldest FROM hubspot_call_slot;
  SELECT count(*), min(at) INTO lane_used, lane_oldest FROM hubspot_call_slot WHERE lane = lane_name;
  IF used >= max_calls THEN
    wait_ms := extract(epoch FROM (oldest + make_interval(secs => window_secs) - clock_timestamp())) * 1000;
  END IF;
  IF lane_used >= lane_max THEN
    wait_ms := greatest(wait_ms, extract(epoch FROM (lane_oldest + make_interval(secs => window_secs) - clock_timestamp())) * 1000);
  END IF;
  SELECT at INTO burst_start FROM hubspot_call_slot ORDER BY at DESC OFFSET greatest(burst - 1, 0) LIMIT 1;
  IF burst_start IS NOT NULL THEN
    wait_ms := greatest(wait_ms, burst * spacing_ms - extract(epoch FROM (clock_timestamp() - burst_start)) * 1000);
  END IF;
  IF wait_ms > 0 THEN
    RETURN wait_ms;
  END IF;
  INSERT INTO hubspot_call_slot (at, lane) VALUES (clock_timestamp(), lane_name);
  RETURN 0;
END
$$;

-- CRM search has its own limit (per second, per account) and is not counted in the window above.
CREATE TABLE "hubspot_search_slot" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "hubspot_search_slot_pkey" PRIMARY KEY ("id")
);

CREATE OR REPLACE FUNCTION hubspot_take_search_slot(per_second int, window_secs float8)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  used int;
  oldest timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(4817222);
  DELETE FROM hubspot_search_slot WHERE at <= clock_timestamp() - make_interval(secs => window_secs);
  SELECT count(*), min(at) INTO used, oldest FROM hubspot_search_slot;
  IF used >= per_second THEN
    RETURN greatest(1, extract(epoch FROM (oldest + make_interval(secs => window_secs) - clock_timestamp())) * 1000);
  END IF;
  INSERT INTO hubspot_search_slot (at) VALUES (clock_timestamp());
  RETURN 0;
END
$$;
