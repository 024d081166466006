/**
 * Runs the app as `npm start` does (the same launcher, lib/cli/start.ts: production build when
 * needed, migrations, the built-in HubSpot sandbox, `next start` and the sync worker), on free
 * ports and the benchmark's own database. The launcher is spawned with node directly so that it is
 * our child: if the benchmark dies, the launcher notices its parent is gone and stops everything.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { repoRoot } from "../../runtime/paths";
import { findFreePort } from "../../runtime/ports";
import { sleep } from "../../runtime/sleep";
import { descendants, pidListeningOn } from "./proc";

export interface AppProcess {
  baseUrl: string;
  port: number;
  sandboxUrl: string;
  launcherPid: number;
  /** The process that holds the app's listening socket (the Next.js server itself). */
  serverPid: number;
  workerPid?: number;
  logFile: string;
  /** Whether this start ran `next build`, and how long it took. */
  buildMs?: number;
  /** Called with every line the launcher and its children print. */
  onLine(listener: (line: string) => void): () => void;
  stop(): Promise<void>;
}

export interface StartAppOptions {
  databaseUrl: string;
  apiKey: string;
  logDir: string;
  /** Extra environment for the app (tuning knobs). */
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  progress?: (msg: string) => void;
}

/** Credentials that would take the launcher out of sandbox mode are blanked (empty = unset). */
const NO_HUBSPOT_CREDENTIALS = {
  HUBSPOT_ACCESS_TOKEN: "",
  HUBSPOT_CLIENT_ID: "",
  HUBSPOT_CLIENT_SECRET: "",
  HUBSPOT_REFRESH_TOKEN: "",
  HUBSPOT_API_BASE_URL: "",
  HUBSPOT_SANDBOX: "",
  HUBSPOT_PORTAL_ID: "",
};

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals) {
  if (!pid) return;
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* gone */
    }
  }
}

export async function startApp(opts: StartAppOptions): Promise<AppProcess> {
  const port = await findFreePort();
  let sandboxPort = await findFreePort();
  while (sandboxPort === port) sandboxPort = await findFreePort();
  fs.mkdirSync(opts.logDir, { recursive: true });
  // Keep the newest logs only (each run writes a few MB).
  const logs = fs.readdirSync(opts.logDir).filter((f) => /^app-.*\.log$/.test(f)).sort();
  for (const old of logs.slice(0, Math.max(0, logs.length - 9))) fs.rmSync(path.join(opts.logDir, old), { force: true });
  const logFile = path.join(opts.logDir, `app-${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
  const log = fs.createWriteStream(logFile);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...NO_HUBSPOT_CREDENTIALS,
    NODE_ENV: "production",
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    DATABASE_URL: opts.databaseUrl,
    API_KEYS: opts.apiKey,
    AUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    // info, whatever the caller runs with (tests set silent): server timings come from the request log lines.
    LOG_LEVEL: "info",
    ...opts.env,
  };
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "lib/cli/start.ts")], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const launcherPid = child.pid!;
  const listeners = new Set<(line: string) => void>();
  const tail: string[] = [];
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = "";
    stream.on("data", (chunk: Buffer) => {
      log.write(chunk);
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        for (const l of listeners) l(line);
      }
    });
  }
  const onLine = (l: (line: string) => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  };

  let sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  let buildStarted: number | undefined;
  let buildMs: number | undefined;
  onLine((line) => {
    if (line.includes("running in sandbox mode")) {
      const m = /"url":"([^"]+)"/.exec(line);
      if (m) sandboxUrl = m[1];
    } else if (line.includes("building the app first")) {
      buildStarted = Date.now();
      opts.progress?.("building the production app (next build)…");
    } else if (line.includes('"msg":"build finished"') && buildStarted) {
      buildMs = Date.now() - buildStarted;
      opts.progress?.(`build finished in ${(buildMs / 1000).toFixed(0)} s`);
    }
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const family = exited ? [] : descendants(launcherPid).map((p) => p.pid);
    if (!exited) child.kill("SIGTERM");
    await Promise.race([exitedPromise, sleep(20_000)]);
    if (!exited) child.kill("SIGKILL");
    // Whatever the launcher left (its children run in their own process groups).
    for (const pid of family) if (pid !== launcherPid) killGroup(pid, "SIGKILL");
    await new Promise<void>((resolve) => log.end(resolve));
  };

  try {
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 15 * 60_000);
    while (!(await portOpen(port))) {
      if (exited) throw new Error(`the app exited (code ${exited.code ?? exited.signal}) before it was ready; its last lines:\n${tail.join("\n")}`);
      if (Date.now() > deadline) throw new Error(`the app was not ready within ${(opts.readyTimeoutMs ?? 900_000) / 1000} s; see ${logFile}`);
      await sleep(250);
    }
    const family = descendants(launcherPid);
    const serverPid = pidListeningOn(port, family.map((p) => p.pid));
    if (!serverPid) throw new Error(`could not find the process listening on port ${port}`);
    const workerPid = family.find((p) => p.cmdline.includes("lib/cli/worker.ts") && !p.cmdline.includes("esbuild"))?.pid;
    return { baseUrl: `http://127.0.0.1:${port}`, port, sandboxUrl, launcherPid, serverPid, workerPid, logFile, buildMs, onLine, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
