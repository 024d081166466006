import "server-only";
import type { ImportJob } from "@/lib/generated/prisma/client";
import type { ImportAccepted } from "@/lib/schemas/import";
import { db } from "../../db";
import { AppError } from "../../errors";

/** The import, if it exists and `caller` (when given: an API key without `read`) submitted it; else 404. */
export async function getImportOrThrow(importId: string, caller?: string): Promise<ImportJob> {
  const job = await db.importJob.findUnique({ where: { id: importId } });
  if (!job || (caller !== undefined && job.caller !== caller)) throw new AppError("NOT_FOUND", "No such import.");
  return job;
}

/** Each row's Idempotency-Key is this and its line: the same file, mapped the same way, by the same caller. */
export const importKeyPrefix = (job: Pick<ImportJob, "caller" | "fingerprint">) => `import:${job.caller ?? "anonymous"}:${job.fingerprint}:`;

/** The 202 of POST /api/imports and of its start. */
export const toImportAccepted = (job: ImportJob): ImportAccepted => ({
  import_id: job.id,
  status: job.status as ImportAccepted["status"],
  status_url: `/api/imports/${job.id}`,
  total_rows: job.totalRows,
  invalid_rows: job.invalidRows,
});
