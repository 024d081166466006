/**
 * Playwright's web server: the production app started as a user starts it (`npm start`: build if
 * needed, migrations, the HubSpot sandbox, `next start`), on its own ports and in its own database
 * (`hubspot_crm_e2e`, recreated on every run) so runs never touch a developer's data and a second
 * run starts clean. The database server is E2E_DATABASE_URL's or DATABASE_URL's when set, else an
 * embedded PostgreSQL in .data/e2e-postgres.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { dropDatabase, withPgClient } from "../../lib/runtime/database-admin";
import { withDatabase } from "../../lib/runtime/database-url";
import { startEmbeddedPostgres } from "../../lib/runtime/embedded-postgres";
import { loggerOptions } from "../../lib/runtime/logger-options";
import { dataRoot, repoRoot } from "../../lib/runtime/paths";
import { isAlive, processInfo, signal, waitUntil } from "../../lib/runtime/processes";

const DATABASE = "hubspot_crm_e2e";
const E2E_PG_PORT = 54349;
const log = pino(loggerOptions("info", "e2e-server"));

async function recreateDatabase(serverUrl: string): Promise<string> {
  await withPgClient(withDatabase(serverUrl, "postgres"), async (client) => {
    await dropDatabase(client, DATABASE);
    await client.query(`CREATE DATABASE ${DATABASE}`);
  });
  return withDatabase(serverUrl, DATABASE);
}

/** The launcher records its pid per PORT (lib/cli/start.ts); signalling it alone stops the app cleanly. */
const launcherStateFile = (port: string) => path.join(dataRoot, `launcher-${port}.json`);

function launcherPid(port: string): number | undefined {
  try {
    const pid = Number(JSON.parse(fs.readFileSync(launcherStateFile(port), "utf8")).pid);
    return pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** An e2e server of an earlier run that was killed hard still holds the port: stop it first. */
async function stopLeftoverServer(port: string) {
  const pid = launcherPid(port);
  if (!pid || !processInfo(pid)?.command.includes("lib/cli/start")) return;
  log.warn({ pid, port }, "stopping the app left running by an earlier e2e run");
  signal(pid, "SIGTERM");
  if (!(await waitUntil(() => !isAlive(pid), 30_000, 200))) signal(pid, "SIGKILL");
}

async function main() {
  const port = process.env.E2E_PORT ?? "5101";
  await stopLeftoverServer(port);
  const external = process.env.E2E_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
  let stopDatabase = async () => {};
  let serverUrl: string;
  if (external) {
    serverUrl = external;
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dataRoot, "e2e-postgres"),
      port: E2E_PG_PORT,
      fallbackToFreePort: true,
      database: "postgres",
      postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off"],
      log,
    });
    serverUrl = server.url;
    stopDatabase = () => server.stop();
  }
  const databaseUrl = await recreateDatabase(serverUrl);
  log.info({ database: DATABASE }, "e2e database recreated");

  const artifacts = path.join(repoRoot, "e2e-artifacts");
  fs.mkdirSync(artifacts, { recursive: true });
  const serverLog = fs.createWriteStream(path.join(artifacts, "server.log"));
  const child = spawn("npm", ["start"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: port,
      SANDBOX_PORT: process.env.E2E_SANDBOX_PORT ?? "5102",
      AUTH_URL: "",
      HUBSPOT_CLIENT_ID: "",
      HUBSPOT_CLIENT_SECRET: "",
      HUBSPOT_ACCESS_TOKEN: "",
      HUBSPOT_REFRESH_TOKEN: "",
      // Alerts on the tests' time scale (the operations page's banner).
      ALERT_EVALUATE_INTERVAL_MS: "1000",
      // The webhook spec's receiver listens on 127.0.0.1 over http; deliveries on its time scale.
      WEBHOOK_ALLOW_HTTP: "1",
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
      WEBHOOK_POLL_INTERVAL_MS: "200",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: a signal to this script (Playwright stops its web server) is not also
    // delivered to npm and tsx, which would relay it a second time and make the launcher hurry.
    detached: true,
  });
  child.stdout.pipe(serverLog);
  child.stderr.pipe(serverLog);
  child.stderr.pipe(process.stderr);

  let stopping = false;
  const stop = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const pid = launcherPid(port);
    if (pid) signal(pid, "SIGTERM");
    else if (child.pid) signal(-child.pid, sig);
    setTimeout(() => child.pid && signal(-child.pid, "SIGKILL"), 25_000).unref();
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => stop(sig));
  const code = await new Promise<number>((resolve) => child.once("exit", (c, s) => resolve(c ?? (s ? 1 : 0))));
  await stopDatabase().catch((err: Error) => log.error({ err: err.message }, "stopping the e2e PostgreSQL failed"));
  process.exit(stopping ? 0 : code);
}

main().catch((err: unknown) => {
  log.error({ err: (err as Error).message }, "the e2e server could not start");
  process.exit(1);
});
