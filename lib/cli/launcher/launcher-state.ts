/**
 * The launcher's state file, .data/launcher-<PORT>.json: its own pid and its children's. A launcher
 * killed with kill -9 leaves its children running (and holding the port); the next launch on the
 * same PORT reads the file and stops those whose launcher is gone. e2e/support/serve.ts reads the
 * launcher's pid from it too.
 */
import fs from "node:fs";
import path from "node:path";
import type pino from "pino";
import { groupMembers, processInfo, waitUntil } from "../../runtime/processes";

const STOP_GRACE_MS = 10_000;

interface LauncherState {
  pid: number;
  children: Array<{ name: string; pid?: number }>;
}

export function writeLauncherState(file: string, children: LauncherState["children"], log: pino.Logger): void {
  const state: LauncherState = { pid: process.pid, children };
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(state)}\n`);
  } catch (err) {
    log.warn({ err: (err as Error).message }, "could not record child processes");
  }
}

/** Stop the children recorded in `file` by a launcher that is no longer running. */
export async function stopLeftoversOfKilledLauncher(file: string, log: pino.Logger): Promise<void> {
  let state: LauncherState;
  try {
    state = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return;
  }
  const owner = processInfo(state.pid);
  if (owner && owner.pid !== process.pid && owner.command.includes("lib/cli/start")) return; // still running
  for (const { name, pid } of state.children ?? []) {
    if (!pid || process.platform === "win32" || !groupMembers(pid).length) continue;
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
  fs.rmSync(file, { force: true });
}
