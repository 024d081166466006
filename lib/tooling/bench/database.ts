/**
 * A fresh database for one benchmark run: a new database on DATABASE_URL's server when it is set,
 * else on an embedded PostgreSQL kept under .data/bench-postgres. Dropped when the run ends.
 */
import path from "node:path";
import type pg from "pg";
import { withPgClient } from "../../runtime/database-admin";
import { withDatabase } from "../../runtime/database-url";
import { DEFAULT_EMBEDDED_PG_PORT, EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedPostgres } from "../../runtime/embedded-postgres";
import { redactUrl } from "../../runtime/migrate";
import { dataRoot } from "../../runtime/paths";
import { isAlive } from "../../runtime/processes";

const PREFIX = "hubspot_bench_";

export interface BenchDatabase {
  url: string;
  /** Where it lives, for the report (password removed). */
  description: string;
  drop(): Promise<void>;
}

const quiet = { info: () => undefined, warn: (o: object, m?: string) => console.warn(`  [pg] ${m ?? ""} ${JSON.stringify(o)}`), error: () => undefined };

/** Databases of earlier runs that were killed before they could drop theirs (their pid is gone). */
async function dropLeftovers(c: pg.Client) {
  const { rows } = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${PREFIX}%`]);
  for (const { datname } of rows) {
    const pid = Number(/^hubspot_bench_(\d+)_/.exec(datname)?.[1]);
    if (pid && !isAlive(pid)) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(datname)} WITH (FORCE)`).catch(() => undefined);
  }
}

async function startEmbedded(): Promise<EmbeddedPostgres> {
  const options = { port: DEFAULT_EMBEDDED_PG_PORT + 2, fallbackToFreePort: true, database: "postgres", log: quiet };
  try {
    return await startEmbeddedPostgres({ ...options, dataDir: path.join(dataRoot, "bench-postgres") });
  } catch (err) {
    // Another benchmark holds the shared folder: use a throwaway one.
    if (!(err instanceof EmbeddedPostgresError) || err.code !== "DATA_DIR_IN_USE") throw err;
    return startEmbeddedPostgres({ ...options, dataDir: path.join(dataRoot, `bench-postgres-${process.pid}`) });
  }
}

/**
 * `databaseUrl`: a PostgreSQL server of your own, else the embedded one. By default the shell's
 * `DATABASE_URL` (the bench runs before any app configuration exists, so it reads it here, once).
 */
export async function createBenchDatabase(databaseUrl = process.env.DATABASE_URL?.trim() || undefined): Promise<BenchDatabase> {
  const embedded = databaseUrl ? undefined : await startEmbedded();
  const serverUrl = databaseUrl ?? embedded!.url;
  const name = `${PREFIX}${process.pid}_${Date.now().toString(36)}`;
  await withPgClient(serverUrl, async (c) => {
    await dropLeftovers(c);
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`);
  });
  const url = withDatabase(serverUrl, name);
  let dropped = false;
  return {
    url,
    description: embedded
      ? `embedded PostgreSQL 17 (${path.relative(process.cwd(), embedded.dataDir)}, port ${embedded.port}), database ${name}`
      : `${redactUrl(withDatabase(serverUrl, name))} (new database on DATABASE_URL's server)`,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withPgClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)).catch((e: Error) =>
        console.warn(`  could not drop ${name}: ${e.message}`),
      );
      await embedded?.stop();
    },
  };
}
