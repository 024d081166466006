import "server-only";
import type { ImportJob } from "@/lib/generated/prisma/client";
import { db, sqlPool } from "../../db";
import { AppError, validationError } from "../../errors";
import { registerImportRows } from "../registrations/store";
import { importKeyPrefix } from "./import-access";
import { IMPORT_LINKED_ROWS_SQL } from "./import-sql";

/** How many invalid rows a refusal names (every one is listed by GET /api/imports/{id}/rows?state=invalid). */
const NAMED_ROWS = 20;

/** A 400 naming the first invalid rows by line and field; nothing was sent. */
export async function invalidRowsError(job: ImportJob): Promise<AppError> {
  const { rows } = await sqlPool().query<{ line: number; issues: { field: string; message: string }[] }>(
    "SELECT line, issues FROM import_row WHERE import_id = $1 AND issues IS NOT NULL ORDER BY line LIMIT $2",
    [job.id, NAMED_ROWS],
  );
  const details = rows.flatMap((r) => r.issues.map((i) => ({ field: `line ${r.line}: ${i.field}`, message: i.message })));
  return validationError(
    details,
    `${job.invalidRows} of ${job.totalRows} rows are not valid, so nothing was sent (import ${job.id}). ` +
      `GET /api/imports/${job.id}/rows?state=invalid lists them all; fix the file and upload it again, ` +
      `or POST /api/imports/${job.id}/start with {"skip_invalid": true} to import the other rows.`,
  );
}

/**
 * Start a validated import: its valid rows become pending registrations, which the worker's import
 * feeder syncs. Refused while rows are invalid unless `skipInvalid`. Starting again (after a crash
 * in the middle of it) registers the rows that are not registered yet, and nothing twice.
 */
export async function startImport(job: ImportJob, skipInvalid: boolean): Promise<ImportJob> {
  if (job.status === "validating") throw new AppError("CONFLICT", "This import is still being validated; try again when it is.");
  if (job.status === "validated") {
    if (job.invalidRows > 0 && !skipInvalid) throw await invalidRowsError(job);
    // Running first, so the feeder takes the first chunks while the next ones are registered.
    const { count } = await db.importJob.updateMany({
      where: { id: job.id, status: "validated" },
      data: { status: "running", skipInvalid: job.invalidRows > 0, startedAt: new Date(), updatedAt: new Date() },
    });
    if (!count) return startImport(await db.importJob.findUniqueOrThrow({ where: { id: job.id } }), skipInvalid);
  }
  await registerImportRows(job.id, importKeyPrefix(job), job.caller);
  await sqlPool().query(IMPORT_LINKED_ROWS_SQL, [job.id]);
  return db.importJob.findUniqueOrThrow({ where: { id: job.id } });
}
