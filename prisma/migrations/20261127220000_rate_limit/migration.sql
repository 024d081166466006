-- CreateTable
CREATE TABLE "hubspot_call_slot" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hubspot_call_slot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "hubspot_call_slot_at_idx" ON "hubspot_call_slot"("at");

