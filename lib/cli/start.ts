/**
 * The launcher: `npm start` (production: builds when needed, then runs the standalone server
 * `.next/standalone/server.js`, the same server the Docker image runs) and `npm run dev` (`next dev`).
 * With nothing configured it runs everything a first-time user needs:
 *
 *   .env → validate → app port free? → PostgreSQL (embedded unless DATABASE_URL) → migrations
 *        → HubSpot sandbox (when no HubSpot credentials) → Next.js
 *
 * The launcher stays in front: it forwards SIGINT/SIGTERM/SIGHUP to its child processes and, when
 * one of them exits, stops the others, the sandbox and the embedded PostgreSQL, and exits with the
 * child's code. A launcher killed with kill -9 leaves its children behind; the next launch on the
 * same PORT stops them (.data/launcher-<PORT>.json), and the embedded PostgreSQL handles its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { startEmbeddedPostgres } from "../runtime/embedded-postgres";
import { EnvError, loadEnv, SANDBOX_OAUTH_CLIENT, type AppEnv } from "../runtime/env-schema";
import { loggerOptions } from "../runtime/logger-options";
import { applyMigrations, redactUrl } from "../runtime/migrate";
import { dataRoot, repoRoot } from "../runtime/paths";
import { canListen, findFreePort, isPortFree, portFromEnv } from "../runtime/ports";
import { groupMembers, processInfo, sleep, waitUntil } from "../runtime/processes";

const DEV = process.argv.includes("--dev");
const DEFAULT_SANDBOX_PORT = 5002;
const STOP_GRACE_MS = 10_000;

type Logger = pino.Logger;

/** A child process the launcher supervises for as long as the app runs. */
interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** In-process resources to release on the way out, in reverse order of start. */
const cleanups: Array<{ name: string; stop: () => Promise<void> }> = [];
/** Child processes currently running (builds and services). */
const children = new Set<Managed>();
let shuttingDown = false;
let log: Logger;
let stateFile = "";

class Aborted extends Error {}

function checkNotShuttingDown() {
  if (shuttingDown) throw new Aborted();
}

const isWindows = process.platform === "win32";

/** Signal a child's whole process group (Next.js runs workers of its own). */
function signalChild(m: Managed, sig: NodeJS.Signals) {
  const pid = m.child.pid;
  if (!pid) return;
  try {
    if (isWindows) m.child.kill(sig);
    else process.kill(-pid, sig);
  } catch {
    /* already gone */
  }
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (os.constants.signals[signal] ?? 1) : 1);
}

function writeState() {
  const state = { pid: process.pid, children: [...children].map((m) => ({ name: m.name, pid: m.child.pid })) };
  try {
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(stateFile, `${JSON.stringify(state)}\n`);
  } catch (err) {
    log.warn({ err: (err as Error).message }, "could not record child processes");
  }
}

/** Start a child in its own process group, with the launcher's stdio. */
function spawnManaged(spec: ServiceSpec): Managed {
  checkNotShuttingDown();
  const child = spawn(spec.command, spec.args, {
    cwd: repoRoot,
    env: spec.env,
    stdio: "inherit",
    detached: !isWindows,
    shell: isWindows,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("error", (err) => {
      log.error({ err: err.message }, `${spec.name} could not be started (${spec.command})`);
      resolve({ code: 127, signal: null });
    });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const managed: Managed = { name: spec.name, child, exited };
  children.add(managed);
  writeState();
  void exited.then(() => {
    children.delete(managed);
    if (!shuttingDown) writeState();
  });
  return managed;
}

/**
 * Stop everything and exit. Children first (SIGTERM to their groups, SIGKILL after a grace
 * period), then the in-process resources in reverse order: the sandbox, the embedded PostgreSQL.
 */
async function shutdown(code: number, reason: string): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    log.info({ reason, code }, "shutting down");
    const running = [...children];
    for (const m of running) signalChild(m, "SIGTERM");
    const all = Promise.all(running.map((m) => m.exited));
    const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_GRACE_MS).unref());
    if ((await Promise.race([all, timer])) === "timeout") {
      log.warn({}, `child processes did not stop within ${STOP_GRACE_MS / 1000} s; killing them`);
      for (const m of running) signalChild(m, "SIGKILL");
      await Promise.race([all, sleep(3_000)]);
    }
    for (const { name, stop } of cleanups.reverse()) {
      try {
        await stop();
      } catch (err) {
        log.error({ err: (err as Error).message }, `stopping ${name} failed`);
      }
    }
    fs.rmSync(stateFile, { force: true });
    log.info({ code }, "stopped");
    process.exit(code);
  }
  return new Promise<never>(() => undefined);
}

function installSignalHandlers() {
  let received = 0;
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      received++;
      if (received > 1) {
        log.warn({ signal: sig }, "second signal: killing child processes now");
        for (const m of children) signalChild(m, "SIGKILL");
        return;
      }
      if (children.size) {
        // Forward; the children's exit then stops everything else with their exit code.
        log.info({ signal: sig }, `received ${sig}; stopping`);
        for (const m of children) signalChild(m, sig);
      } else {
        void shutdown(exitCodeOf(null, sig), sig);
      }
    });
  }
  // If the process that started us dies without signalling (e.g. the tsx or npm wrapper got kill -9),
  // nobody would ever stop us: shut down instead of running on unattended.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(1, "the parent process is gone");
  }, 1_000).unref();
}

/**
 * A launcher for this PORT that was killed with kill -9 leaves its children running (and holding the
 * port). They are recorded in .data/launcher-<PORT>.json: stop those whose launcher is gone.
 */
async function stopLeftoversOfKilledLauncher() {
  let state: { pid: number; children: Array<{ name: string; pid?: number }> };
  try {
    state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
  } catch {
    return;
  }
  const owner = processInfo(state.pid);
  if (owner && owner.pid !== process.pid && owner.command.includes("lib/cli/start")) return; // still running
  for (const { name, pid } of state.children ?? []) {
    if (!pid || isWindows || !groupMembers(pid).length) continue;
    const leader = processInfo(pid);
    if (leader && !/node|next/.test(leader.command)) continue; // the pid now belongs to something else
    log.warn({ name, pid }, `stopping ${name} left running by a previous launcher that was killed`);
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        /* gone */
      }
    };
    kill("SIGTERM");
    if (!(await waitUntil(() => !groupMembers(pid).length, STOP_GRACE_MS, 100))) {
      kill("SIGKILL");
      await waitUntil(() => !groupMembers(pid).length, 3_000, 100);
    }
  }
  fs.rmSync(stateFile, { force: true });
}

/** A free port after `port` (not the sandbox's), for the error message. */
async function suggestPort(port: number): Promise<number | undefined> {
  const sandboxPort = portFromEnv("SANDBOX_PORT") ?? DEFAULT_SANDBOX_PORT;
  for (let p = port + 1; p < Math.min(port + 50, 65536); p++) {
    if (p !== sandboxPort && (await isPortFree(p))) return p;
  }
  return undefined;
}

/** Auth.js needs a stable secret; without AUTH_SECRET one is generated once and kept in .data/. */
function ensureAuthSecret() {
  if (process.env.AUTH_SECRET?.trim()) return;
  const file = path.join(dataRoot, "auth-secret");
  let secret = "";
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    /* first run */
  }
  if (secret.length < 32) {
    secret = crypto.randomBytes(32).toString("base64url");
    fs.mkdirSync(dataRoot, { recursive: true });
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    log.info({ file: path.relative(repoRoot, file) }, "generated AUTH_SECRET into .data/auth-secret (set AUTH_SECRET to use your own)");
  }
  process.env.AUTH_SECRET = secret;
}

async function startSandboxIfNeeded(env: AppEnv) {
  if (env.hubspotMode !== "sandbox") {
    process.env.HUBSPOT_SANDBOX = "0";
    log.info({ mode: env.hubspotMode, api: env.HUBSPOT_API_BASE_URL }, `HubSpot mode: ${env.hubspotMode}`);
    return;
  }
  const { startSandbox } = await import("../sandbox/server");
  let port = portFromEnv("SANDBOX_PORT") ?? DEFAULT_SANDBOX_PORT;
  if (port === env.PORT || !(await isPortFree(port))) {
    const free = await findFreePort();
    log.warn({ port, newPort: free }, `port ${port} (SANDBOX_PORT) is not free; the HubSpot sandbox uses port ${free} instead`);
    port = free;
  }
  // It plays HubSpot's webhooks too: signed with its app's client secret, which the app verifies
  // with in sandbox mode, posted to the app's public URL (the URI the app checks the signature over).
  const publicUrl = (process.env.AUTH_URL?.trim() || `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const sandbox = await startSandbox({
    port,
    clientId: SANDBOX_OAUTH_CLIENT.id,
    clientSecret: SANDBOX_OAUTH_CLIENT.secret,
    webhooks: { targetUrl: `${publicUrl}/api/hubspot/webhooks` },
  });
  cleanups.push({ name: "the HubSpot sandbox", stop: () => sandbox.close() });
  process.env.HUBSPOT_API_BASE_URL = sandbox.url;
  process.env.HUBSPOT_SANDBOX = "1";
  log.info(
    { url: sandbox.url },
    `running in sandbox mode: no HubSpot credentials, using the built-in HubSpot sandbox at ${sandbox.url} (its webhooks go to ${publicUrl})`,
  );
}

function nextBin(): string {
  const bin = path.join(repoRoot, "node_modules", ".bin", isWindows ? "next.cmd" : "next");
  if (!fs.existsSync(bin)) {
    throw new Error(`Next.js is not installed (${path.relative(repoRoot, bin)} is missing): run npm install first.`);
  }
  return bin;
}

/** Why a production build is needed, or undefined when .next/BUILD_ID is newer than every source file. */
function buildNeeded(): string | undefined {
  let builtAt: number;
  try {
    builtAt = fs.statSync(path.join(repoRoot, ".next", "BUILD_ID")).mtimeMs;
  } catch {
    return "there is no production build yet";
  }
  if (!fs.existsSync(STANDALONE_SERVER)) return "the standalone server (.next/standalone/server.js) is missing";
  const skip = new Set(["node_modules", path.join("lib", "cli")]);
  const newer = (p: string): string | undefined => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return undefined;
    }
    if (st.isFile()) return st.mtimeMs > builtAt && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(p) ? p : undefined;
    if (!st.isDirectory() || skip.has(path.relative(repoRoot, p))) return undefined;
    for (const name of fs.readdirSync(p)) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const found = newer(path.join(p, name));
      if (found) return found;
    }
    return undefined;
  };
  const sources = [
    "app",
    "lib",
    "components",
    "public",
    "proxy.ts",
    "middleware.ts",
    "next.config.ts",
    "next.config.js",
    "next.config.mjs",
    "postcss.config.mjs",
    "tsconfig.json",
    "package.json",
    "package-lock.json",
  ];
  for (const source of sources) {
    const found = newer(path.join(repoRoot, source));
    if (found) return `${path.relative(repoRoot, found)} changed since the last build`;
  }
  return undefined;
}

/** `next build` writes it (next.config.ts: `output: "standalone"`); the Docker image runs the same file. */
const STANDALONE_DIR = path.join(repoRoot, ".next", "standalone");
const STANDALONE_SERVER = path.join(STANDALONE_DIR, "server.js");

/**
 * The standalone server serves `.next/static` and `public` from its own folder, and Next.js copies
 * `.env` into it at build time: put the current assets in and take the copied `.env` out (the
 * launcher passes the configuration it read itself; a stale copy could bring back a removed variable).
 */
function prepareStandalone() {
  const staticDir = path.join(STANDALONE_DIR, ".next", "static");
  fs.rmSync(staticDir, { recursive: true, force: true });
  fs.cpSync(path.join(repoRoot, ".next", "static"), staticDir, { recursive: true });
  const publicDir = path.join(STANDALONE_DIR, "public");
  fs.rmSync(publicDir, { recursive: true, force: true });
  if (fs.existsSync(path.join(repoRoot, "public"))) fs.cpSync(path.join(repoRoot, "public"), publicDir, { recursive: true });
  for (const name of fs.readdirSync(STANDALONE_DIR)) {
    if (name === ".env" || name.startsWith(".env.")) fs.rmSync(path.join(STANDALONE_DIR, name), { force: true });
  }
}

/** `--conditions=react-server` lets lib/server's `server-only` guard load outside Next.js. */
const WEB_CLUSTER = path.join(repoRoot, "lib/runtime/web-cluster.cjs");
const WORKER_ARGS = ["--conditions=react-server", "--import", "tsx", path.join(repoRoot, "lib/cli/worker.ts")];

/**
 * The processes that make up the running app, each supervised the same way: output inherited,
 * signals forwarded, and when one exits everything stops with its exit code.
 */
function appServices(env: AppEnv): ServiceSpec[] {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(env.PORT),
    NODE_ENV: DEV ? ("development" as const) : ("production" as const),
  };
  const nextServer: ServiceSpec = DEV
    ? { name: "Next.js", command: nextBin(), args: ["dev", "-p", String(env.PORT)], env: childEnv }
    : // The standalone server listens on HOSTNAME: all interfaces (0.0.0.0), as in the Docker image,
      // whatever HOSTNAME the shell or a container exported (it names the machine, not an address).
      // WEB_CONCURRENCY > 1 runs it in that many processes sharing the port (lib/runtime/web-cluster.cjs).
      { name: "Next.js", command: process.execPath, args: [WEB_CLUSTER, STANDALONE_SERVER], env: { ...childEnv, HOSTNAME: "0.0.0.0" } };
  return [
    nextServer,
    // The background sync worker (`npm run worker` runs the same thing alone).
    { name: "worker", command: process.execPath, args: WORKER_ARGS, env: childEnv },
  ];
}

/** Logs once the app accepts connections (Next.js prints its own banner too). */
async function announceWhenListening(port: number, started: number) {
  for (;;) {
    if (shuttingDown || !children.size) return;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) {
      log.info({ url: `http://localhost:${port}`, ms: Date.now() - started }, `app ready at http://localhost:${port}`);
      return;
    }
    await sleep(250);
  }
}

async function main() {
  const started = Date.now();
  const dotenv = path.join(repoRoot, ".env");
  if (fs.existsSync(dotenv)) process.loadEnvFile(dotenv);

  // Production takes its public origin from AUTH_URL, never from a request's Host: without one,
  // the local address the app is opened at.
  if (!DEV && !process.env.AUTH_URL?.trim() && process.env.AUTH_TRUST_PROXY?.trim() !== "1") {
    process.env.AUTH_URL = `http://localhost:${process.env.PORT?.trim() || 5001}`;
  }
  let env: AppEnv;
  try {
    env = loadEnv(process.env);
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    process.stderr.write(`${err.message}\nFix them in .env (see .env.example) or in the environment, then start again.\n`);
    process.exit(1);
  }
  log = pino(loggerOptions(env.LOG_LEVEL, "launcher"));
  stateFile = path.join(dataRoot, `launcher-${env.PORT}.json`);
  installSignalHandlers();
  log.info({ mode: DEV ? "development" : "production", port: env.PORT }, DEV ? "starting (npm run dev)" : "starting (npm start)");

  try {
    await stopLeftoversOfKilledLauncher();
    if (!(await isPortFree(env.PORT))) {
      const other = await suggestPort(env.PORT);
      log.error(
        { port: env.PORT },
        `port ${env.PORT} (PORT) is already in use, so the app cannot start. Stop the program using it ` +
          `(an earlier npm start?) or choose another port${other ? `, e.g. PORT=${other} npm start` : ""} (or set PORT in .env).`,
      );
      process.exit(1);
    }

    if (!env.DATABASE_URL) {
      const database = await startEmbeddedPostgres({ log });
      cleanups.push({ name: "the embedded PostgreSQL", stop: () => database.stop() });
      process.env.DATABASE_URL = database.url;
    } else {
      log.info({ database: redactUrl(env.DATABASE_URL) }, "using the PostgreSQL at DATABASE_URL");
    }
    checkNotShuttingDown();
    await applyMigrations(process.env.DATABASE_URL!, { log });
    checkNotShuttingDown();
    ensureAuthSecret();
    await startSandboxIfNeeded(env);
    checkNotShuttingDown();

    const services = appServices(env);
    if (!DEV) {
      const reason = buildNeeded();
      if (reason) {
        log.info({ reason }, `building the app first (next build): ${reason}`);
        const t = Date.now();
        const build = spawnManaged({ name: "next build", command: nextBin(), args: ["build"], env: services[0].env });
        const { code, signal } = await build.exited;
        checkNotShuttingDown();
        if (code !== 0) {
          log.error({ code, signal }, `next build failed (exit code ${exitCodeOf(code, signal)}); its output is above`);
          await shutdown(1, "build failed");
        }
        log.info({ ms: Date.now() - t }, "build finished");
      }
      prepareStandalone();
    }

    // Still free? Something may have taken it while we were starting.
    if (!(await canListen(env.PORT))) {
      log.error({ port: env.PORT }, `port ${env.PORT} (PORT) was taken by another program while starting; set PORT to a free port`);
      await shutdown(1, "port taken");
    }
    for (const spec of services) {
      const managed = spawnManaged(spec);
      void managed.exited.then(({ code, signal }) => {
        if (!shuttingDown) log.info({ code, signal }, `${spec.name} exited`);
        void shutdown(exitCodeOf(code, signal), `${spec.name} exited`);
      });
    }
    log.info({ ms: Date.now() - started }, "services started");
    void announceWhenListening(env.PORT, started);
  } catch (err) {
    if (err instanceof Aborted || shuttingDown) return;
    const code = (err as { code?: string }).code;
    log.error(code ? { code } : {}, (err as Error)?.message ?? String(err));
    log.debug({ err }, "details");
    await shutdown(1, "failed to start");
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
