-- AlterTable
ALTER TABLE "registration" ADD COLUMN     "locked_until" TIMESTAMPTZ(3),
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "registration_status_next_attempt_at_idx" ON "registration"("status", "next_attempt_at");

