-- API keys get scopes (existing keys keep both); a registration remembers which caller made it.
ALTER TABLE "api_key" ADD COLUMN "scopes" TEXT[] NOT NULL DEFAULT ARRAY['register', 'read']::TEXT[];

ALTER TABLE "registration" ADD COLUMN "caller" TEXT;

CREATE INDEX "registration_caller_created_at_idx" ON "registration"("caller", "created_at");
