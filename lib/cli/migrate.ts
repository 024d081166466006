/**
 * `npm run migrate`: apply prisma/migrations to the database at DATABASE_URL.
 * JSON log lines on stdout; exit code 0 when the schema is up to date, 1 otherwise.
 * (`npm start` does this itself, including for the embedded PostgreSQL.)
 */
import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { envSchema } from "../runtime/env-schema";
import { loggerOptions } from "../runtime/logger-options";
import { applyMigrations, MigrationError } from "../runtime/migrate";
import { repoRoot } from "../runtime/paths";

async function main(): Promise<number> {
  const dotenv = path.join(repoRoot, ".env");
  if (fs.existsSync(dotenv)) process.loadEnvFile(dotenv);

  const level = envSchema.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL);
  const log = pino(loggerOptions(level.success ? level.data : "info", "migrate"));
  if (!level.success) log.warn({}, `LOG_LEVEL "${process.env.LOG_LEVEL}" is not a level; using "info"`);

  const url = envSchema.shape.DATABASE_URL.safeParse(process.env.DATABASE_URL);
  if (!url.success) {
    log.error({}, `DATABASE_URL: ${url.error.issues.map((i) => i.message).join("; ")}`);
    return 1;
  }
  if (!url.data) {
    log.error(
      {},
      "DATABASE_URL is not set: set it to the PostgreSQL database to migrate (postgresql://user:password@host:5432/db). " +
        "`npm start` without DATABASE_URL starts an embedded PostgreSQL and migrates it by itself.",
    );
    return 1;
  }
  try {
    await applyMigrations(url.data, { log });
    return 0;
  } catch (err) {
    if (err instanceof MigrationError) log.error({ code: err.code }, err.message);
    else log.error({ err }, `migrating failed: ${(err as Error)?.message ?? String(err)}`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
