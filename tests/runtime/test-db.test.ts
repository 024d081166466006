import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { readMigrations } from "@/lib/runtime/migrate";
import { repoRoot } from "@/lib/runtime/paths";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

async function query(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe("createTestDatabase", () => {
  const made: TestDatabase[] = [];
  afterAll(() => Promise.all(made.map((d) => d.drop())));

  it("gives each caller its own migrated database, and drop removes it", async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    made.push(a, b);
    expect(a.name).not.toBe(b.name);
    expect(a.url).not.toBe(b.url);

    const migrations = readMigrations(path.join(repoRoot, "prisma", "migrations")).map((m) => m.name);
    for (const db of [a, b]) {
      const rows = await query(db.url, "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1");
      expect(rows.map((r) => r.migration_name)).toEqual(migrations);
    }

    await query(a.url, `INSERT INTO portal_setting (key, value, updated_at) VALUES ('only-in-a', '1', now())`);
    expect(await query(a.url, "SELECT key FROM portal_setting")).toEqual([{ key: "only-in-a" }]);
    expect(await query(b.url, "SELECT key FROM portal_setting")).toEqual([]);

    const open = new pg.Client({ connectionString: a.url }); // a connection left open does not block drop
    await open.connect();
    open.on("error", () => undefined);
    await a.drop();
    await a.drop();
    const server = process.env.TEST_DATABASE_SERVER_URL!;
    expect(await query(server, "SELECT 1 FROM pg_database WHERE datname = $1", [a.name])).toEqual([]);
    await open.end().catch(() => undefined);
  });

  it("can give an empty database", async () => {
    const db = await createTestDatabase({ empty: true });
    made.push(db);
    expect(await query(db.url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toEqual([]);
  });

  it("runs with the environment global setup prepared", () => {
    expect(process.env.TEST_TEMPLATE_DATABASE).toBe("hubspot_crm_test_template");
    expect(process.env.NODE_ENV).toBe("test");
    // Removed so that no test can write into the developer's own database by accident.
    expect(process.env.DATABASE_URL).toBeUndefined();
  });
});
