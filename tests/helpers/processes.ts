import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { sleep } from "@/lib/runtime/sleep";

/**
 * Real child processes for the crash and several-process tests: the sync worker
 * (`npm run worker`'s command line) and the app's request path (tests/helpers/app-server.ts).
 * Each child's output is kept (the tail) and shown when a test needs it. Only processes started
 * here are ever signalled, by their own pid.
 */

const ROOT = path.resolve(__dirname, "../..");
const NODE_ARGS = ["--conditions=react-server", "--import", "tsx"];
const KEEP_OUTPUT = 64 * 1024;

export interface ChildHandle {
  name: string;
  pid: number;
  proc: ChildProcess;
  /**
   * The last 64 KB of stdout and stderr, for error messages. Stack lines are defused ("at" → "(at)"):
   * vitest parses every "at file:line" of an error message as its own stack and chokes on tsx's files.
   */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  /** SIGKILL: no cleanup, no graceful shutdown, as in a crash or an OOM kill. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const children = new Set<ChildHandle>();
process.once("exit", () => {
  for (const c of children) if (c.isRunning()) c.proc.kill("SIGKILL");
});

/**
 * The environment a child gets: this test file's (DATABASE_URL, HUBSPOT_API_BASE_URL and the
 * rest, as startTestApp set them), then `env`. NODE_OPTIONS is dropped: vitest's is not for them.
 */
function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", ...env };
  delete merged.NODE_OPTIONS;
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return merged;
}

export function startTsxProcess(name: string, script: string, env: Record<string, string | undefined> = {}): ChildHandle {
  const proc = spawn(process.execPath, [...NODE_ARGS, path.join(ROOT, script)], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (chunk: Buffer) => {
    out += chunk.toString("utf8");
    if (out.length > KEEP_OUTPUT * 2) out = out.slice(-KEEP_OUTPUT);
  };
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once("exit", (code, signal) => {
      running = false;
      children.delete(handle);
      resolve({ code, signal });
    });
  });
  const handle: ChildHandle = {
    name,
    pid: proc.pid!,
    proc,
    output: () => out.slice(-KEEP_OUTPUT).replace(/^(\s*)at /gm, "$1(at) "),
    exited,
    isRunning: () => running,
    async kill9() {
      if (running) proc.kill("SIGKILL");
      await exited;
    },
    async stop(graceMs = 5000) {
      if (!running) return;
      proc.kill("SIGTERM");
      const timer = setTimeout(() => running && proc.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  children.add(handle);
  return handle;
}

/** Wait for a line of the child's output matching `pattern`; fails early if the child exits. */
export async function waitForOutput(child: ChildHandle, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(child.output());
    if (m) return m;
    if (!child.isRunning()) throw new Error(`${child.name} exited before printing ${pattern}:\n${child.output()}`);
    if (Date.now() > end) throw new Error(`${child.name} did not print ${pattern} within ${timeoutMs} ms:\n${child.output()}`);
    await sleep(50);
  }
}

/** `npm run worker`: `node --conditions=react-server --import tsx lib/cli/worker.ts`. */
export function startWorkerProcess(env: Record<string, string | undefined> = {}, name = "worker"): ChildHandle {
  return startTsxProcess(name, "lib/cli/worker.ts", env);
}

export interface AppServerHandle extends ChildHandle {
  url: string;
}

/** tests/helpers/app-server.ts, once it listens. */
export async function startAppServer(env: Record<string, string | undefined> = {}, name = "app"): Promise<AppServerHandle> {
  const child = startTsxProcess(name, "tests/helpers/app-server.ts", env);
  const m = await waitForOutput(child, /"event":"listening","url":"([^"]+)"/);
  return Object.assign(child, { url: m[1] });
}

/** Stop every child still running (SIGKILL after a short grace). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop(2000)));
}
