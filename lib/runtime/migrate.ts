import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { pgConfigFromUrl } from "./database-url";
import { repoRoot } from "./paths";
import { sleep } from "./sleep";

/**
 * Applies `prisma/migrations/<name>/migration.sql` the way `prisma migrate deploy` does, with `pg`
 * only (Prisma's CLI needs a native engine that cannot be downloaded here; see
 * docs/decisions/migrations.md). Bookkeeping is Prisma's own `_prisma_migrations` table, so the
 * Prisma CLI, where it runs, sees the same history.
 */

export interface MigrationLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface ApplyMigrationsOptions {
  log: MigrationLog;
  /** Default: `prisma/migrations` in the repository. */
  migrationsDir?: string;
  /** How long to wait for another process that is applying migrations. Default 60 s. */
  lockTimeoutMs?: number;
}

export type MigrationErrorCode =
  | "NO_MIGRATIONS"
  | "CONNECT_FAILED"
  | "LOCK_TIMEOUT"
  | "CHECKSUM_MISMATCH"
  | "FAILED_MIGRATION_RECORDED"
  | "MIGRATION_FAILED";

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly code: MigrationErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

/** The key Prisma's schema engine locks on, so `prisma migrate` and this never run together. */
export const PRISMA_MIGRATION_LOCK_KEY = 72707369;

/** Prisma's own definition of its bookkeeping table (PostgreSQL). */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface LocalMigration {
  name: string;
  file: string;
  sql: string;
  /** sha256 hex of the file's bytes, as Prisma records it. */
  checksum: string;
}

export function migrationChecksum(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * Prisma's comparison: the script as is, or with its line endings swapped (git may convert them),
 * and old Prisma versions wrote the hex without zero padding.
 */
export function checksumMatches(content: Buffer, recorded: string): boolean {
  const text = content.toString("utf8");
  const candidates = [content, text.replace(/\r\n/g, "\n"), text.replace(/\r?\n/g, "\r\n")];
  return candidates.some((c) => {
    const digest = createHash("sha256").update(c).digest();
    if (recorded.length === 64) return digest.toString("hex") === recorded;
    return Array.from(digest, (b) => b.toString(16)).join("") === recorded;
  });
}

/** Migration folders in name order (Prisma's folder names start with a timestamp). */
export function readMigrations(migrationsDir: string): LocalMigration[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(migrationsDir, { withFileTypes: true });
  } catch (err) {
    throw new MigrationError(`cannot read the migrations folder ${migrationsDir}: ${(err as Error).message}`, "NO_MIGRATIONS", {
      cause: err,
    });
  }
  return entries
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(migrationsDir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const bytes = fs.readFileSync(file);
      return { name, file, sql: bytes.toString("utf8").replace(/^\uFEFF/, ""), checksum: migrationChecksum(bytes) };
    });
}

/** The URL without its password, for messages. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable URL)";
  }
}

async function connect(databaseUrl: string, log: MigrationLog): Promise<pg.Client> {
  const config = pgConfigFromUrl(databaseUrl);
  const open = async (database: string) => {
    const client = new pg.Client({ ...config, database, application_name: "migrate" });
    client.on("error", () => undefined); // a dropped connection surfaces as a failed query
    await client.connect();
    return client;
  };
  try {
    return await open(config.database);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "3D000") {
      // Like `prisma migrate deploy`: create the database when the server has none of that name.
      const admin = await open("postgres").catch(() => undefined);
      if (admin) {
        try {
          await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(config.database)}`);
          log.info({ database: config.database }, `created database "${config.database}"`);
        } catch (createErr) {
          if ((createErr as { code?: string }).code !== "42P04") {
            throw new MigrationError(
              `database "${config.database}" does not exist and creating it failed: ${(createErr as Error).message}`,
              "CONNECT_FAILED",
              { cause: createErr },
            );
          }
        } finally {
          await admin.end().catch(() => undefined);
        }
        return open(config.database);
      }
    }
    const reason =
      code === "ECONNREFUSED"
        ? "connection refused: is PostgreSQL running there?"
        : code === "28P01" || code === "28000"
          ? "the server rejected the user name or password"
          : (err as Error).message || String(err);
    throw new MigrationError(
      `cannot connect to the database at ${redactUrl(databaseUrl)} (DATABASE_URL): ${reason}`,
      "CONNECT_FAILED",
      { cause: err },
    );
  }
}

async function acquireLock(client: pg.Client, timeoutMs: number, log: MigrationLog) {
  const deadline = Date.now() + timeoutMs;
  let waiting = false;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      PRISMA_MIGRATION_LOCK_KEY,
    ]);
    if (rows[0].locked) return;
    if (!waiting) {
      log.info({}, "another process is applying migrations; waiting for it");
      waiting = true;
    }
    if (Date.now() >= deadline) {
      throw new MigrationError(
        `timed out after ${timeoutMs / 1000} s waiting for another process applying migrations ` +
          `(advisory lock ${PRISMA_MIGRATION_LOCK_KEY}). If none is running, look for a stuck session in pg_stat_activity.`,
        "LOCK_TIMEOUT",
      );
    }
    await sleep(200);
  }
}

interface AppliedRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Apply every migration not yet applied, each in its own transaction, under Prisma's advisory lock.
 * Returns the names applied by this call (empty when the database was up to date).
 */
export async function applyMigrations(databaseUrl: string, options: ApplyMigrationsOptions): Promise<string[]> {
  const { log } = options;
  const migrationsDir = options.migrationsDir ?? path.join(repoRoot, "prisma", "migrations");
  const started = Date.now();
  const migrations = readMigrations(migrationsDir);
  if (!migrations.length) {
    throw new MigrationError(`no migrations found in ${migrationsDir} (expected <name>/migration.sql)`, "NO_MIGRATIONS");
  }

  const client = await connect(databaseUrl, log);
  const applied: string[] = [];
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 60_000, log);
    // Prisma's `?schema=` URL parameter: the tables (and its bookkeeping) live in that schema.
    const schema = new URL(databaseUrl).searchParams.get("schema");
    if (schema) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${client.escapeIdentifier(schema)}`);
      await client.query(`SET search_path TO ${client.escapeIdentifier(schema)}`);
    }
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      `SELECT id, checksum, migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const live = rows.filter((r) => r.rolled_back_at === null);

    const failed = live.find((r) => r.finished_at === null);
    if (failed) {
      throw new MigrationError(
        `migration "${failed.migration_name}" is recorded as started but not finished (a failed \`prisma migrate\` run). ` +
          `Fix the database by hand, then mark it with \`prisma migrate resolve --applied\` or \`--rolled-back\` ` +
          `"${failed.migration_name}" (or delete its row in _prisma_migrations), and start again.`,
        "FAILED_MIGRATION_RECORDED",
      );
    }
    const byName = new Map(live.map((r) => [r.migration_name, r]));
    for (const m of migrations) {
      const row = byName.get(m.name);
      if (row && !checksumMatches(fs.readFileSync(m.file), row.checksum)) {
        throw new MigrationError(
          `migration "${m.name}" was changed after it was applied to this database (checksum ${m.checksum} ` +
            `differs from the recorded ${row.checksum}). Applied migrations must not be edited: restore ` +
            `${path.relative(repoRoot, m.file)} and put the change in a new migration.`,
          "CHECKSUM_MISMATCH",
        );
      }
    }
    const local = new Set(migrations.map((m) => m.name));
    const unknown = live.filter((r) => !local.has(r.migration_name)).map((r) => r.migration_name);
    if (unknown.length) {
      log.warn({ migrations: unknown }, "the database has migrations that are not in this checkout (newer code ran against it?)");
    }

    for (const m of migrations) {
      if (byName.has(m.name)) continue;
      const t = Date.now();
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 0)`,
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        const pgErr = err as { message?: string; position?: string; code?: string };
        const where = pgErr.position ? ` (at character ${pgErr.position} of the file)` : "";
        throw new MigrationError(
          `migration "${m.name}" failed and was rolled back, nothing of it was applied: ${pgErr.message ?? String(err)}${where}`,
          "MIGRATION_FAILED",
          { cause: err },
        );
      }
      applied.push(m.name);
      log.info({ migration: m.name, ms: Date.now() - t }, `applied migration ${m.name}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  log.info(
    { applied: applied.length, total: migrations.length, ms: Date.now() - started },
    applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date",
  );
  return applied;
}
