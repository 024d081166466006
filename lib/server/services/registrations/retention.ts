import "server-only";
import { sqlPool } from "../../db";
import { env } from "../../env";
import { logger } from "../../logger";

/** What a purged registration's payload becomes: no personal data left, and it says why. */
export const PURGED_PAYLOAD = { purged: true } as const;
/** Rows per statement, so one run never holds many locks for long. */
const BATCH = 1000;
/** The worker's sweep runs every few seconds; purging once an hour per process is plenty. */
const PURGE_INTERVAL_MS = 60 * 60_000;

/**
 * Finished registrations (synced or failed) older than RETENTION_DAYS lose what holds personal
 * data (the submitted payload, its hash, the contact email, the last error) and their Idempotency-Key (its record
 * is over). Kept: the id, status, HubSpot ids, caller and timestamps, which the tables and the
 * local references need. Pending registrations are never purged: they are not done.
 */
export async function purgeExpiredRegistrations(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - env.RETENTION_DAYS * 86_400_000);
  let total = 0;
  for (;;) {
    const { rowCount } = await sqlPool().query(
      `UPDATE registration SET payload = $2::jsonb, request_hash = '', idempotency_key = NULL, last_error = NULL, email = NULL
        WHERE id IN (
          SELECT id FROM registration
           WHERE status IN ('synced', 'failed') AND created_at < $1 AND updated_at < $1 AND payload <> $2::jsonb
           LIMIT ${BATCH})`,
      [cutoff, JSON.stringify(PURGED_PAYLOAD)],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) return total;
  }
}

/**
 * Imports older than RETENTION_DAYS that are done, or were validated and never started, are deleted
 * with their staged rows (which hold the file's personal data); their registrations stay, purged
 * as above. Running imports are never deleted.
 */
export async function purgeExpiredImports(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - env.RETENTION_DAYS * 86_400_000);
  const { rowCount } = await sqlPool().query(
    "DELETE FROM import_job WHERE status IN ('done', 'validated', 'validating') AND created_at < $1 AND updated_at < $1",
    [cutoff],
  );
  return rowCount ?? 0;
}

let lastRunAt = 0;

/** Called from the worker's sweep: purges at most once an hour, never throws. */
export async function purgeExpiredRegistrationsIfDue(): Promise<void> {
  if (Date.now() - lastRunAt < PURGE_INTERVAL_MS) return;
  lastRunAt = Date.now();
  try {
    const purged = await purgeExpiredRegistrations();
    const imports = await purgeExpiredImports();
    if (purged || imports) logger.info({ retention: { purged, imports, days: env.RETENTION_DAYS } }, "purged personal data of old registrations and imports");
  } catch (err) {
    logger.error({ err }, "retention purge failed");
  }
}
