import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  applyMigrations,
  migrationChecksum,
  MigrationError,
  PRISMA_MIGRATION_LOCK_KEY,
  readMigrations,
} from "@/lib/runtime/migrate";
import { repoRoot } from "@/lib/runtime/paths";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

const log = { info() {}, warn() {}, error() {} };
const created: TestDatabase[] = [];
const tmpDirs: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((d) => d.drop()));
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function emptyDatabase() {
  const db = await createTestDatabase({ empty: true });
  created.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** A migrations folder of our own: { name: sql }. */
function migrationsFolder(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  tmpDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  fs.writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  return dir;
}

describe("applyMigrations", () => {
  const projectMigrations = readMigrations(path.join(repoRoot, "prisma", "migrations"));

  it("applies each migration exactly once when two runs start at the same moment, then is a no-op", async () => {
    const db = await emptyDatabase();
    const [first, second] = await Promise.all([applyMigrations(db.url, { log }), applyMigrations(db.url, { log })]);

    // The advisory lock serialises the runs: one applies everything, the other finds nothing to do.
    expect([first, second].map((r) => r.length).sort()).toEqual([0, projectMigrations.length]);
    expect([...first, ...second]).toEqual(projectMigrations.map((m) => m.name));
    expect(await applyMigrations(db.url, { log })).toEqual([]);

    const rows = await query<{ migration_name: string; checksum: string; finished: boolean; applied_steps_count: number }>(
      db.url,
      `SELECT migration_name, checksum, finished_at IS NOT NULL AND rolled_back_at IS NULL AS finished, applied_steps_count
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(rows).toEqual(
      projectMigrations.map((m) => ({
        migration_name: m.name,
        checksum: migrationChecksum(fs.readFileSync(m.file)),
        finished: true,
        applied_steps_count: 1,
      })),
    );

    const tables = (
      await query<{ table_name: string }>(db.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    ).map((r) => r.table_name);
    expect(tables).toEqual(
      expect.arrayContaining(["_prisma_migrations", "hubspot_connection", "registration", "crm_object_ref", "portal_setting"]),
    );
  });

  it("creates _prisma_migrations with Prisma's own columns", async () => {
    const db = await emptyDatabase();
    await applyMigrations(db.url, { log, migrationsDir: migrationsFolder({ "001_a": "CREATE TABLE a (id int);" }) });
    const columns = await query(
      db.url,
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", len: 36, is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", len: 64, is_nullable: "NO", column_default: null },
      { column_name: "finished_at", data_type: "timestamp with time zone", len: null, is_nullable: "YES", column_default: null },
      { column_name: "migration_name", data_type: "character varying", len: 255, is_nullable: "NO", column_default: null },
      { column_name: "logs", data_type: "text", len: null, is_nullable: "YES", column_default: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", len: null, is_nullable: "YES", column_default: null },
      { column_name: "started_at", data_type: "timestamp with time zone", len: null, is_nullable: "NO", column_default: "now()" },
      { column_name: "applied_steps_count", data_type: "integer", len: null, is_nullable: "NO", column_default: "0" },
    ]);
  });

  it("refuses to run when an applied migration was edited (line-ending changes are tolerated, like Prisma)", async () => {
    const db = await emptyDatabase();
    const dir = migrationsFolder({ "001_a": "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n" });
    await applyMigrations(db.url, { log, migrationsDir: dir });
    const file = path.join(dir, "001_a", "migration.sql");

    fs.writeFileSync(file, "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n");
    expect(await applyMigrations(db.url, { log, migrationsDir: dir })).toEqual([]);

    fs.writeFileSync(file, "CREATE TABLE a (id bigint);\nCREATE TABLE b (id int);\n");
    fs.mkdirSync(path.join(dir, "002_c"));
    fs.writeFileSync(path.join(dir, "002_c", "migration.sql"), "CREATE TABLE c (id int);");
    const err = await applyMigrations(db.url, { log, migrationsDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).code).toBe("CHECKSUM_MISMATCH");
    expect((err as Error).message).toMatch(/"001_a" was changed after it was applied/);
    // Nothing after it ran either.
    expect(await query(db.url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'c'")).toEqual([]);
  });

  it("rolls a failing migration back completely and applies it once fixed", async () => {
    const db = await emptyDatabase();
    const dir = migrationsFolder({
      "001_a": "CREATE TABLE a (id int);",
      "002_b": "CREATE TABLE b (id int);\nSELECT * FROM no_such_table;",
    });
    const err = await applyMigrations(db.url, { log, migrationsDir: dir }).catch((e: unknown) => e);
    expect((err as MigrationError).code).toBe("MIGRATION_FAILED");
    expect((err as Error).message).toMatch(/"002_b" failed and was rolled back.*no_such_table/);
    expect(await query(db.url, "SELECT migration_name FROM _prisma_migrations")).toEqual([{ migration_name: "001_a" }]);
    expect(await query(db.url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'b'")).toEqual([]);

    fs.writeFileSync(path.join(dir, "002_b", "migration.sql"), "CREATE TABLE b (id int);");
    expect(await applyMigrations(db.url, { log, migrationsDir: dir })).toEqual(["002_b"]);
  });

  it("waits for Prisma's advisory lock and gives up with a clear error", async () => {
    const db = await emptyDatabase();
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATION_LOCK_KEY]);
      const err = await applyMigrations(db.url, { log, lockTimeoutMs: 300 }).catch((e: unknown) => e);
      expect((err as MigrationError).code).toBe("LOCK_TIMEOUT");
      expect((err as Error).message).toMatch(/72707369/);
    } finally {
      await holder.end();
    }
  });

  it("names the database when it cannot connect", async () => {
    const err = await applyMigrations("postgresql://postgres:secret@127.0.0.1:1/nowhere", { log }).catch((e: unknown) => e);
    expect((err as MigrationError).code).toBe("CONNECT_FAILED");
    expect((err as Error).message).toMatch(/127\.0\.0\.1:1\/nowhere.*DATABASE_URL/);
    expect((err as Error).message).not.toMatch(/secret/);
  });
});
