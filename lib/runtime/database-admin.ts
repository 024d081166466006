/**
 * Creating and dropping whole databases, as the tools that need a database of their own do: the
 * test setup and its per-file databases, the e2e server, the benchmark.
 */
import pg from "pg";
import { pgConfigFromUrl } from "./database-url";

/** Run `fn` with one connection to `url`, closed afterwards. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfigFromUrl(url));
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** DROP DATABASE … WITH (FORCE) (PostgreSQL 13+), else end the sessions first. */
export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  const quoted = client.escapeIdentifier(name);
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  } catch (err) {
    if ((err as { code?: string }).code !== "42601") throw err;
    await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
    await client.query(`DROP DATABASE IF EXISTS ${quoted}`);
  }
}
