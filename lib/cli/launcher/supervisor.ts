/**
 * Supervises the launcher's child processes (builds, Next.js, the worker) and the in-process
 * resources it started (the sandbox, the embedded PostgreSQL). Each child runs in its own process
 * group with the launcher's output; SIGINT/SIGTERM/SIGHUP are forwarded to them; `shutdown` stops
 * the children (SIGKILL after a grace period), then the resources in reverse order of start, and
 * exits. The running children are recorded in a state file (launcher-state.ts) so that the next
 * launch can stop what a launcher killed with kill -9 left behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import type pino from "pino";
import { repoRoot } from "../../runtime/paths";
import { sleep } from "../../runtime/sleep";
import { writeLauncherState } from "./launcher-state";

const STOP_GRACE_MS = 10_000;
const isWindows = process.platform === "win32";

/** A child process the launcher runs: a build step or one of the app's services. */
export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<ChildExit>;
}

/** Thrown by a start-up step that finds the launcher already shutting down. */
export class Aborted extends Error {}

/** The exit code a child's exit stands for (128 + signal number for a signal, as shells do). */
export function exitCodeOf({ code, signal }: ChildExit): number {
  if (code !== null) return code;
  return 128 + (signal ? (os.constants.signals[signal] ?? 1) : 1);
}

export class Supervisor {
  private readonly children = new Set<Managed>();
  private readonly cleanups: Array<{ name: string; stop: () => Promise<void> }> = [];
  private shuttingDown = false;

  constructor(
    private readonly log: pino.Logger,
    /** Where the running children are recorded (.data/launcher-<PORT>.json). */
    readonly stateFile: string,
  ) {}

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  get hasChildren(): boolean {
    return this.children.size > 0;
  }

  /** Between start-up steps: stop starting things once a signal or a failure began the shutdown. */
  checkNotShuttingDown(): void {
    if (this.shuttingDown) throw new Aborted();
  }

  /** An in-process resource to release on the way out (in reverse order of start). */
  onShutdown(name: string, stop: () => Promise<void>): void {
    this.cleanups.push({ name, stop });
  }

  /** Start a child in its own process group (Next.js runs workers of its own), with the launcher's stdio. */
  spawn(spec: ServiceSpec): Managed {
    this.checkNotShuttingDown();
    const child = spawn(spec.command, spec.args, {
      cwd: repoRoot,
      env: spec.env,
      stdio: "inherit",
      detached: !isWindows,
      shell: isWindows,
    });
    const exited = new Promise<ChildExit>((resolve) => {
      child.once("error", (err) => {
        this.log.error({ err: err.message }, `${spec.name} could not be started (${spec.command})`);
        resolve({ code: 127, signal: null });
      });
      child.once("exit", (code, signal) => resolve({ code, signal }));
    });
    const managed: Managed = { name: spec.name, child, exited };
    this.children.add(managed);
    this.recordChildren();
    void exited.then(() => {
      this.children.delete(managed);
      if (!this.shuttingDown) this.recordChildren();
    });
    return managed;
  }

  /** Run a step (a build) to its end; a failure stops the launcher with exit code 1. */
  async runStep(spec: ServiceSpec, what: string): Promise<void> {
    const exit = await this.spawn(spec).exited;
    this.checkNotShuttingDown();
    if (exit.code !== 0) {
      this.log.error(exit, `${what} failed (exit code ${exitCodeOf(exit)}); its output is above`);
      await this.shutdown(1, "build failed");
    }
  }

  /** Run one of the app's services: when it exits, everything stops with its exit code. */
  supervise(spec: ServiceSpec): void {
    void this.spawn(spec).exited.then((exit) => {
      if (!this.shuttingDown) this.log.info(exit, `${spec.name} exited`);
      void this.shutdown(exitCodeOf(exit), `${spec.name} exited`);
    });
  }

  /**
   * Stop everything and exit. Children first (SIGTERM to their groups, SIGKILL after a grace
   * period), then the in-process resources in reverse order: the sandbox, the embedded PostgreSQL.
   */
  async shutdown(code: number, reason: string): Promise<never> {
    if (!this.shuttingDown) {
      this.shuttingDown = true;
      this.log.info({ reason, code }, "shutting down");
      const running = [...this.children];
      for (const m of running) signalGroup(m, "SIGTERM");
      const all = Promise.all(running.map((m) => m.exited));
      const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_GRACE_MS).unref());
      if ((await Promise.race([all, timer])) === "timeout") {
        this.log.warn({}, `child processes did not stop within ${STOP_GRACE_MS / 1000} s; killing them`);
        for (const m of running) signalGroup(m, "SIGKILL");
        await Promise.race([all, sleep(3_000)]);
      }
      for (const { name, stop } of this.cleanups.reverse()) {
        try {
          await stop();
        } catch (err) {
          this.log.error({ err: (err as Error).message }, `stopping ${name} failed`);
        }
      }
      fs.rmSync(this.stateFile, { force: true });
      this.log.info({ code }, "stopped");
      process.exit(code);
    }
    return new Promise<never>(() => undefined);
  }

  /**
   * Forward the first SIGINT/SIGTERM/SIGHUP to the children (their exit then stops everything
   * else with their exit code); a second one kills them. Also stop when the parent process is gone.
   */
  installSignalHandlers(): void {
    let received = 0;
    for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      process.on(sig, () => {
        received++;
        if (received > 1) {
          this.log.warn({ signal: sig }, "second signal: killing child processes now");
          for (const m of this.children) signalGroup(m, "SIGKILL");
          return;
        }
        if (this.children.size) {
          this.log.info({ signal: sig }, `received ${sig}; stopping`);
          for (const m of this.children) signalGroup(m, sig);
        } else {
          void this.shutdown(exitCodeOf({ code: null, signal: sig }), sig);
        }
      });
    }
    // If the process that started us dies without signalling (e.g. the tsx or npm wrapper got kill -9),
    // nobody would ever stop us: shut down instead of running on unattended.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) void this.shutdown(1, "the parent process is gone");
    }, 1_000).unref();
  }

  private recordChildren(): void {
    writeLauncherState(
      this.stateFile,
      [...this.children].map((m) => ({ name: m.name, pid: m.child.pid })),
      this.log,
    );
  }
}

/** Signal a child's whole process group. */
function signalGroup(m: Managed, sig: NodeJS.Signals) {
  const pid = m.child.pid;
  if (!pid) return;
  try {
    if (isWindows) m.child.kill(sig);
    else process.kill(-pid, sig);
  } catch {
    /* already gone */
  }
}
