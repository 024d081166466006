/**
 * The launcher: `npm start` (production: builds when needed, then runs the standalone server
 * `.next/standalone/server.js` behind the lean API server, as the Docker image does) and
 * `npm run dev` (`next dev`). With nothing configured it runs everything a first-time user needs:
 *
 *   .env → validate → app port free? → PostgreSQL (embedded unless DATABASE_URL) → migrations
 *        → AUTH_SECRET → HubSpot sandbox (when no HubSpot credentials) → build (npm start only)
 *        → Next.js + worker
 *
 * Each step lives in lib/cli/launcher/. The launcher stays in front (launcher/supervisor.ts): it
 * forwards SIGINT/SIGTERM/SIGHUP to its child processes and, when one of them exits, stops the
 * others, the sandbox and the embedded PostgreSQL, and exits with the child's code. A launcher
 * killed with kill -9 leaves its children behind; the next launch on the same PORT stops them
 * (.data/launcher-<PORT>.json, launcher/launcher-state.ts), and the embedded PostgreSQL handles its own.
 */
import path from "node:path";
import pino from "pino";
import { loggerOptions } from "../runtime/logger-options";
import { dataRoot } from "../runtime/paths";
import { announceWhenListening, ensureAppPortFree, ensureAppPortStillFree } from "./launcher/app-port";
import { ensureAuthSecret } from "./launcher/auth-secret";
import { prepareProductionBuild } from "./launcher/build";
import { prepareDatabase } from "./launcher/database";
import { loadLaunchEnv } from "./launcher/launch-env";
import { stopLeftoversOfKilledLauncher } from "./launcher/launcher-state";
import { startSandboxIfNeeded } from "./launcher/sandbox";
import { appServices } from "./launcher/services";
import { Aborted, Supervisor } from "./launcher/supervisor";

const DEV = process.argv.includes("--dev");

async function main() {
  const started = Date.now();
  const env = loadLaunchEnv(DEV);
  const log = pino(loggerOptions(env.LOG_LEVEL, "launcher"));
  const supervisor = new Supervisor(log, path.join(dataRoot, `launcher-${env.PORT}.json`));
  supervisor.installSignalHandlers();
  log.info({ mode: DEV ? "development" : "production", port: env.PORT }, DEV ? "starting (npm run dev)" : "starting (npm start)");

  try {
    await stopLeftoversOfKilledLauncher(supervisor.stateFile, log);
    await ensureAppPortFree(env.PORT, log);
    await prepareDatabase(env, supervisor, log);
    supervisor.checkNotShuttingDown();
    ensureAuthSecret(log);
    await startSandboxIfNeeded(env, supervisor, log);
    supervisor.checkNotShuttingDown();

    const services = appServices(env, DEV);
    if (!DEV) await prepareProductionBuild(supervisor, log, services[0].env);

    await ensureAppPortStillFree(env.PORT, supervisor, log);
    for (const spec of services) supervisor.supervise(spec);
    log.info({ ms: Date.now() - started }, "services started");
    void announceWhenListening(env.PORT, started, supervisor, log);
  } catch (err) {
    if (err instanceof Aborted || supervisor.isShuttingDown) return;
    const code = (err as { code?: string }).code;
    log.error(code ? { code } : {}, (err as Error)?.message ?? String(err));
    log.debug({ err }, "details");
    await supervisor.shutdown(1, "failed to start");
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
