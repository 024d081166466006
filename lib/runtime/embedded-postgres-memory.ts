import os from "node:os";

/** PostgreSQL's own default, and the least the embedded server is given. */
const MIN_MB = 128;
/** The most the default takes: the mirror of a million contacts with its indexes is ~770 MB. */
const AUTO_MAX_MB = 1024;

/**
 * The embedded PostgreSQL's `shared_buffers`, in MB: EMBEDDED_PG_SHARED_BUFFERS_MB when set, else a
 * quarter of the machine's memory (PostgreSQL's own advice for a server of its own), between
 * 128 MB and 1 GB. PostgreSQL's default of 128 MB holds a few hundred thousand mirrored
 * contacts: past that every search reads its matches' pages from the kernel's cache, ~3× slower
 * than from its own buffers (docs/benchmarks.md, the mirror). Pages are only taken as they are
 * used, so a small database costs no more memory than before.
 */
export function embeddedSharedBuffersMb(env: Record<string, string | undefined> = process.env, totalBytes = os.totalmem()): number {
  const raw = env.EMBEDDED_PG_SHARED_BUFFERS_MB?.trim();
  if (raw) {
    const mb = Number(raw);
    if (!Number.isInteger(mb) || mb < MIN_MB || mb > 65_536) {
      throw new Error(`EMBEDDED_PG_SHARED_BUFFERS_MB must be a whole number of MB from ${MIN_MB} to 65536 (got "${raw}")`);
    }
    return mb;
  }
  const quarter = Math.floor(totalBytes / 4 / 2 ** 20);
  return Math.max(MIN_MB, Math.min(AUTO_MAX_MB, quarter));
}
