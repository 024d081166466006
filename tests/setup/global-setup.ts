import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { dropDatabase, withPgClient } from "../../lib/runtime/database-admin";
import { withDatabase } from "../../lib/runtime/database-url";
import {
  DEFAULT_EMBEDDED_PG_PORT,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
  stopOrphanedServer,
  type EmbeddedPostgres,
} from "../../lib/runtime/embedded-postgres";
import { loggerOptions } from "../../lib/runtime/logger-options";
import { applyMigrations } from "../../lib/runtime/migrate";
import { dataRoot } from "../../lib/runtime/paths";
import { portFromEnv } from "../../lib/runtime/ports";
import { isAlive } from "../../lib/runtime/processes";

/**
 * Once per `vitest run`, before the workers are forked (they inherit process.env):
 *  - a PostgreSQL server: the one DATABASE_URL points at, else an embedded one in .data/test-postgres;
 *  - the template database `hubspot_crm_test_template`, recreated and migrated;
 *  - TEST_DATABASE_SERVER_URL, TEST_TEMPLATE_DATABASE and TEST_DATABASE_PREFIX for tests/helpers/test-db.ts.
 * DATABASE_URL itself is removed for the workers: a test gets a database through
 * createTestDatabase()/useTestDatabase() and can never write into the developer's own database.
 * Only databases this setup names are ever dropped.
 */

export const TEMPLATE_DATABASE = "hubspot_crm_test_template";
const TEST_DATA_DIR = path.join(dataRoot, "test-postgres");
const RUN_DIR_PREFIX = "test-postgres-run-";
/** A throwaway test server need not survive a power cut. */
const FAST_FLAGS = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];

/** Servers of earlier runs that were killed (their folders are per-process): stop them, remove the folders. */
async function removeStaleRunDirs(log: pino.Logger) {
  if (!fs.existsSync(dataRoot)) return;
  for (const name of fs.readdirSync(dataRoot)) {
    if (!name.startsWith(RUN_DIR_PREFIX) || isAlive(Number(name.slice(RUN_DIR_PREFIX.length)))) continue;
    const dir = path.join(dataRoot, name);
    try {
      await stopOrphanedServer(dir, log);
      fs.rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      log.warn({ dir, err: (err as Error).message }, "could not clean up an old test server folder");
    }
  }
}

async function startTestServer(log: pino.Logger): Promise<{ server: EmbeddedPostgres; runDir?: string }> {
  const port = (portFromEnv("EMBEDDED_PG_PORT") ?? DEFAULT_EMBEDDED_PG_PORT) + 1;
  const options = { port, fallbackToFreePort: true, database: "postgres", postgresFlags: FAST_FLAGS, log };
  await removeStaleRunDirs(log);
  try {
    return { server: await startEmbeddedPostgres({ ...options, dataDir: TEST_DATA_DIR }) };
  } catch (err) {
    if (!(err instanceof EmbeddedPostgresError)) throw err;
    if (err.code === "DATA_DIR_IN_USE") {
      // Another test run holds the shared test server: use a throwaway one of our own.
      const runDir = path.join(dataRoot, `${RUN_DIR_PREFIX}${process.pid}`);
      log.warn({ runDir }, "another test run is using .data/test-postgres; starting a separate test server");
      return { server: await startEmbeddedPostgres({ ...options, dataDir: runDir }), runDir };
    }
    if (err.code === "START_FAILED" || err.code === "NOT_A_DATA_DIR") {
      // It only ever holds test data (and runs with fsync off): start from scratch.
      log.warn({ err: err.message }, "the test server's data folder is unusable; recreating it");
      fs.rmSync(TEST_DATA_DIR, { recursive: true, force: true });
      return { server: await startEmbeddedPostgres({ ...options, dataDir: TEST_DATA_DIR }) };
    }
    throw err;
  }
}

export default async function setup() {
  const started = Date.now();
  (process.env as Record<string, string | undefined>).NODE_ENV ||= "test";
  process.env.LOG_LEVEL ||= "silent";
  // The setup's own messages: warnings and errors only, unless LOG_LEVEL asks for more.
  const level = ["trace", "debug", "info"].includes(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : "warn";
  const log = pino(loggerOptions(level, "test-setup"));

  const external = process.env.DATABASE_URL?.trim();
  let embedded: { server: EmbeddedPostgres; runDir?: string } | undefined;
  let serverUrl: string;
  if (external) {
    serverUrl = withDatabase(external, "postgres");
    // No access to the maintenance database (managed servers): run admin commands from the given one.
    const reachable = await withPgClient(serverUrl, async () => true).catch(() => false);
    if (!reachable) serverUrl = external;
  } else {
    embedded = await startTestServer(log);
    serverUrl = embedded.server.urlFor("postgres");
  }

  try {
    await withPgClient(serverUrl, async (client) => {
      await dropDatabase(client, TEMPLATE_DATABASE);
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(TEMPLATE_DATABASE)}`);
    });
    await applyMigrations(withDatabase(serverUrl, TEMPLATE_DATABASE), { log });
  } catch (err) {
    await embedded?.server.stop().catch(() => undefined);
    const where = external ? "the server at DATABASE_URL" : "the embedded test server";
    throw new Error(`preparing the test template database on ${where} failed: ${(err as Error).message}`, { cause: err });
  }

  const prefix = `hubspot_crm_test_${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}_`;
  delete process.env.DATABASE_URL;
  process.env.TEST_DATABASE_SERVER_URL = serverUrl;
  process.env.TEST_TEMPLATE_DATABASE = TEMPLATE_DATABASE;
  process.env.TEST_DATABASE_PREFIX = prefix;
  log.info({ ms: Date.now() - started, embedded: !external }, "test database server ready");

  return async function teardown() {
    try {
      // Databases of this run that a test file did not drop (it failed or was killed).
      await withPgClient(serverUrl, async (client) => {
        const { rows } = await client.query<{ datname: string }>(
          "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
          [prefix],
        );
        for (const { datname } of rows) await dropDatabase(client, datname);
      });
    } catch (err) {
      log.warn({ err: (err as Error).message }, "could not drop leftover test databases");
    }
    if (embedded) {
      await embedded.server.stop();
      if (embedded.runDir) fs.rmSync(embedded.runDir, { recursive: true, force: true });
    }
  };
}
