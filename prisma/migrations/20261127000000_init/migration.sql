-- CreateSchema

-- CreateTable
CREATE TABLE "hubspot_connection" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "mode" TEXT NOT NULL,
    "portal_id" TEXT,
    "access_token" TEXT,
    "refresh_token" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'active',
    "status_reason" TEXT,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "refresh_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "hubspot_connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registration" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "contact_id" TEXT,
    "deal_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ticket_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "synced_at" TIMESTAMPTZ(3),

    CONSTRAINT "registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crm_object_ref" (
    "id" BIGSERIAL NOT NULL,
    "object_type" TEXT NOT NULL,
    "hubspot_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "registration_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crm_object_ref_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portal_setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "portal_setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "registration_idempotency_key_key" ON "registration"("idempotency_key");

-- CreateIndex
CREATE INDEX "registration_status_created_at_idx" ON "registration"("status", "created_at");

-- CreateIndex
CREATE INDEX "crm_object_ref_registration_id_idx" ON "crm_object_ref"("registration_id");

-- CreateIndex
CREATE UNIQUE INDEX "crm_object_ref_object_type_hubspot_id_key" ON "crm_object_ref"("object_type", "hubspot_id");

-- AddForeignKey
ALTER TABLE "crm_object_ref" ADD CONSTRAINT "crm_object_ref_registration_id_fkey" FOREIGN KEY ("registration_id") REFERENCES "registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

