import { randomBytes } from "node:crypto";
import type pg from "pg";
import { afterFile } from "./after-file";
import { dropDatabase, withPgClient } from "@/lib/runtime/database-admin";
import { withDatabase } from "@/lib/runtime/database-url";
import { sleep } from "@/lib/runtime/sleep";

/**
 * Per-test-file databases, cloned from the migrated template that tests/setup/global-setup.ts
 * builds once per run (`CREATE DATABASE … TEMPLATE …` copies files: ~10-50 ms, no migrations to run).
 */

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, closing any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

const DEFAULT_TEMPLATE = "hubspot_crm_test_template";
let counter = 0;

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_SERVER_URL;
  if (!url) {
    throw new Error(
      "TEST_DATABASE_SERVER_URL is not set: run the tests with vitest (tests/setup/global-setup.ts starts the test database server).",
    );
  }
  return url;
}

const withAdmin = <T>(fn: (client: pg.Client) => Promise<T>) => withPgClient(serverUrl(), fn);

/**
 * A new database for one test file: migrated (a copy of the template) or, with `empty`, without
 * any table. Names carry the run's prefix so the run's teardown can drop what a crashed file left.
 */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const template = process.env.TEST_TEMPLATE_DATABASE || DEFAULT_TEMPLATE;
  const prefix = process.env.TEST_DATABASE_PREFIX || "hubspot_crm_test_";
  const name = `${prefix}${process.pid}_${++counter}_${randomBytes(3).toString("hex")}`.slice(0, 63);
  await withAdmin(async (client) => {
    const sql = `CREATE DATABASE ${client.escapeIdentifier(name)}${options.empty ? "" : ` TEMPLATE ${client.escapeIdentifier(template)}`}`;
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (err) {
        // 55006: the template is briefly in use (another connection to it); try again.
        if ((err as { code?: string }).code === "55006" && attempt < 60) {
          await sleep(50 + attempt * 10);
          continue;
        }
        throw new Error(
          `creating test database "${name}"${options.empty ? "" : ` from template "${template}"`} failed: ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
  });
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: withDatabase(serverUrl(), name),
    drop() {
      dropped ??= withAdmin((client) => dropDatabase(client, name));
      return dropped;
    },
  };
}

/**
 * For a test file that imports app modules: creates a database, points DATABASE_URL at it and drops
 * it after the file. Call it at the top of the file, before importing app modules dynamically:
 *
 *   const testDb = await useTestDatabase();
 *   const { db } = await import("@/lib/server/db");
 */
export async function useTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const database = await createTestDatabase(options);
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = database.url;
  afterFile(async () => {
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    await database.drop();
  });
  return database;
}
