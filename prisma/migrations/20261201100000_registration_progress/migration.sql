-- AlterTable
ALTER TABLE "registration" ADD COLUMN     "email" TEXT,
ADD COLUMN     "lease_token" UUID,
ADD COLUMN     "attention_cause" TEXT,
ADD COLUMN     "progress" JSONB NOT NULL DEFAULT '{}';

-- Backfill: the email of registrations stored before this column existed.
UPDATE "registration" SET "email" = lower("payload"->'contact'->>'email') WHERE "email" IS NULL;

-- CreateIndex
CREATE INDEX "registration_email_created_at_idx" ON "registration"("email", "created_at");
