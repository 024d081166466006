/** PostgreSQL for the app: the one at DATABASE_URL, or an embedded one the launcher starts and stops. */
import type pino from "pino";
import { startEmbeddedPostgres } from "../../runtime/embedded-postgres";
import type { AppEnv } from "../../runtime/env-schema";
import { applyMigrations, redactUrl } from "../../runtime/migrate";
import type { Supervisor } from "./supervisor";

/** Starts the database when needed, points DATABASE_URL at it (for the children) and migrates it. */
export async function prepareDatabase(env: AppEnv, supervisor: Supervisor, log: pino.Logger): Promise<void> {
  if (!env.DATABASE_URL) {
    const database = await startEmbeddedPostgres({ log });
    supervisor.onShutdown("the embedded PostgreSQL", () => database.stop());
    process.env.DATABASE_URL = database.url;
  } else {
    log.info({ database: redactUrl(env.DATABASE_URL) }, "using the PostgreSQL at DATABASE_URL");
  }
  supervisor.checkNotShuttingDown();
  await applyMigrations(process.env.DATABASE_URL!, { log });
}
