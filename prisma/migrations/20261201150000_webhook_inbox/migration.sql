-- HubSpot's webhook events as received (POST /api/hubspot/webhooks), applied to the mirror by the
-- worker. dedupe_key is the event id qualified by subscription, object and time: a retried or
-- replayed event is stored once. The payload never holds property values (they are read from HubSpot).

CREATE TABLE "hubspot_webhook_event" (
    "id" BIGSERIAL NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "subscription_type" TEXT NOT NULL,
    "object_type" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    CONSTRAINT "hubspot_webhook_event_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "hubspot_webhook_event_dedupe_key_key" ON "hubspot_webhook_event"("dedupe_key");
-- The apply loop's queue: what is not applied yet, oldest first.
CREATE INDEX "hubspot_webhook_event_pending_idx" ON "hubspot_webhook_event"("occurred_at", "id") WHERE "applied_at" IS NULL;
CREATE INDEX "hubspot_webhook_event_object_idx" ON "hubspot_webhook_event"("object_type", "object_id");
CREATE INDEX "hubspot_webhook_event_applied_idx" ON "hubspot_webhook_event"("applied_at") WHERE "applied_at" IS NOT NULL;
