-- Caller notifications (docs/webhooks.md): endpoints staff register (or WEBHOOK_URL provisions),
-- an outbox of events written by a statement-level trigger on registration in the writer's own
-- transaction, and one delivery row per endpoint and event that the worker's delivery loop works.

CREATE TABLE "webhook_endpoint" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "url" TEXT NOT NULL,
    "events" TEXT[] NOT NULL,
    -- Sealed with lib/server/secret-box.ts (AES-256-GCM), like the stored HubSpot tokens.
    "secret" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL DEFAULT 'dashboard',
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_endpoint_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_endpoint_source_check" CHECK ("source" IN ('dashboard', 'env'))
);
-- At most one endpoint comes from WEBHOOK_URL: provisioning it again updates that one.
CREATE UNIQUE INDEX "webhook_endpoint_env_key" ON "webhook_endpoint" ("source") WHERE "source" = 'env';

CREATE TABLE "webhook_event" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "registration_id" UUID,
    -- The event's `data` object; the envelope (id, type, occurred_at) comes from the columns.
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_event_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "webhook_event_created_at_idx" ON "webhook_event" ("created_at");
CREATE INDEX "webhook_event_registration_id_idx" ON "webhook_event" ("registration_id");

CREATE TABLE "webhook_delivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "event_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    -- Due time of the next attempt while undelivered; NULL once delivered or given up.
    "next_attempt_at" TIMESTAMPTZ(3),
    -- Claimed by a delivery loop until then (a crashed one's claim runs out).
    "locked_until" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "response_excerpt" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "given_up_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "webhook_event"("id") ON DELETE CASCADE,
    CONSTRAINT "webhook_delivery_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "webhook_delivery_endpoint_id_event_id_key" ON "webhook_delivery" ("endpoint_id", "event_id");
CREATE INDEX "webhook_delivery_event_id_idx" ON "webhook_delivery" ("event_id");
-- The delivery loop's claim: per endpoint, the undelivered ones by due time.
CREATE INDEX "webhook_delivery_due_idx" ON "webhook_delivery" ("endpoint_id", "next_attempt_at")
    WHERE "delivered_at" IS NULL AND "given_up_at" IS NULL;
-- The oldest undelivered event per endpoint (the webhook_failing alert, the pending-age gauge).
CREATE INDEX "webhook_delivery_pending_idx" ON "webhook_delivery" ("endpoint_id", "created_at")
    WHERE "delivered_at" IS NULL AND "given_up_at" IS NULL;
-- The deliveries page: per endpoint, newest first.
CREATE INDEX "webhook_delivery_endpoint_id_created_at_idx" ON "webhook_delivery" ("endpoint_id", "created_at" DESC, "id" DESC);

-- Attempts by outcome (delivered, failed, given_up) since the deployment began: /api/metrics.
CREATE TABLE "webhook_delivery_count" (
    "outcome" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    CONSTRAINT "webhook_delivery_count_pkey" PRIMARY KEY ("outcome")
);

-- One event per registration whose status became synced or needs_attention in this statement,
-- and one delivery per enabled endpoint subscribed to its type, in the writer's transaction: a
-- state change that commits has its event, one that rolls back has none, whichever code path
-- wrote it (the store's batched statements, leases, staff retry, reconnect, SQL by hand).
-- Nothing is written while no endpoint is enabled.
CREATE FUNCTION webhook_events_from_registrations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoint WHERE enabled) THEN
    RETURN NULL;
  END IF;
  WITH changed AS (
    SELECT gen_random_uuid() AS event_id, 'registration.' || n.status AS type, n.id, COALESCE(n.updated_at, now()) AS occurred_at,
           jsonb_build_object(
             'registration_id', n.id,
             'status', n.status,
             'contact_id', n.contact_id,
             'deal_ids', CASE WHEN n.status = 'synced' THEN to_jsonb(n.deal_ids) ELSE
               COALESCE((SELECT jsonb_agg(p.value ORDER BY split_part(p.key, ':', 2)::int) FROM jsonb_each_text(n.progress) p WHERE p.key LIKE 'deal:%'), '[]'::jsonb) END,
             'ticket_ids', CASE WHEN n.status = 'synced' THEN to_jsonb(n.ticket_ids) ELSE
               COALESCE((SELECT jsonb_agg(p.value ORDER BY split_part(p.key, ':', 2)::int) FROM jsonb_each_text(n.progress) p WHERE p.key LIKE 'ticket:%'), '[]'::jsonb) END,
             -- Stored prefixed with its caller (lib/server/auth/caller.ts): sent as the caller sent it.
             'idempotency_key', CASE WHEN n.caller IS NOT NULL AND starts_with(n.idempotency_key, n.caller || ':')
                                     THEN substr(n.idempotency_key, length(n.caller) + 2) ELSE n.idempotency_key END,
             'attempts', n.attempts,
             'reason', CASE WHEN n.status = 'needs_attention' THEN left(n.last_error, 500) END
           ) AS data
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE n.status IS DISTINCT FROM o.status AND n.status IN ('synced', 'needs_attention')
  ), events AS (
    INSERT INTO webhook_event (id, type, registration_id, payload, created_at)
    SELECT c.event_id, c.type, c.id, c.data, c.occurred_at FROM changed c
     WHERE EXISTS (SELECT 1 FROM webhook_endpoint e WHERE e.enabled AND c.type = ANY (e.events))
    RETURNING id, type
  )
  INSERT INTO webhook_delivery (event_id, endpoint_id, next_attempt_at, created_at)
  SELECT ev.id, e.id, now(), now() FROM events ev JOIN webhook_endpoint e ON e.enabled AND ev.type = ANY (e.events);
  RETURN NULL;
END $$;

CREATE TRIGGER "webhook_events_from_registrations" AFTER UPDATE ON "registration"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_events_from_registrations();
