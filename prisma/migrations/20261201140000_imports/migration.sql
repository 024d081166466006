-- Bulk import: a CSV file's rows validated and staged here (import_row) before anything is sent;
-- once started, each valid row becomes a registration (registration.import_id / import_line) that
-- the worker's import feeder syncs through the same pipeline as every other registration.

CREATE TABLE "import_job" (
    "id" UUID NOT NULL,
    "caller" TEXT,
    "file_name" TEXT,
    -- sha256 of the file's bytes and the mapping: the same file mapped the same way is the same import.
    "fingerprint" TEXT NOT NULL,
    "mapping" JSONB NOT NULL,
    "columns" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "unmapped_columns" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    -- validating | validated | running | done
    "status" TEXT NOT NULL DEFAULT 'validating',
    "total_rows" INTEGER NOT NULL DEFAULT 0,
    "invalid_rows" INTEGER NOT NULL DEFAULT 0,
    -- Rows linked to registrations another import made (the same file uploaded again), set once started.
    "linked_rows" INTEGER NOT NULL DEFAULT 0,
    "skip_invalid" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "validated_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "import_job_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "import_job_status_idx" ON "import_job"("status");
CREATE INDEX "import_job_caller_created_at_idx" ON "import_job"("caller", "created_at");

-- One row per data row of the file, by the line it starts on: its registration payload when valid,
-- its field issues when not, and the registration it became once started.
CREATE TABLE "import_row" (
    "import_id" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "email" TEXT,
    "payload" JSONB,
    "issues" JSONB,
    "registration_id" UUID,
    CONSTRAINT "import_row_pkey" PRIMARY KEY ("import_id", "line"),
    CONSTRAINT "import_row_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "import_job"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "import_row_registration_id_fkey" FOREIGN KEY ("registration_id") REFERENCES "registration"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "import_row_registration_id_idx" ON "import_row"("registration_id");

ALTER TABLE "registration" ADD COLUMN "import_id" UUID, ADD COLUMN "import_line" INTEGER;
CREATE INDEX "registration_import_id_status_import_line_idx" ON "registration"("import_id", "status", "import_line");
