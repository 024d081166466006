import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { sleep } from "./sleep";

/** What we can learn about a running process without extra packages (Linux /proc, `ps` elsewhere). */
export interface ProcessInfo {
  pid: number;
  ppid?: number;
  pgid?: number;
  /** Full command line, arguments separated by spaces. */
  command: string;
  /** Working directory (Linux only; a postmaster's is its data directory). */
  cwd?: string;
}

/**
 * Information about a live process, or undefined if there is none. A zombie (exited but not yet
 * reaped, as happens to orphans under some container inits) counts as gone.
 */
export function processInfo(pid: number): ProcessInfo | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (process.platform === "linux" && fs.existsSync("/proc/self/stat")) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return undefined;
    }
    // "pid (comm) state ppid pgrp ..."; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return undefined;
    let command = "";
    try {
      command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    } catch {
      /* raced with its exit */
    }
    let cwd: string | undefined;
    try {
      cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      /* another user's process */
    }
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), command, cwd };
  }
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return undefined;
  }
  try {
    const out = execFileSync("ps", ["-o", "stat=,ppid=,pgid=,command=", "-p", String(pid)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    const match = /^(\S+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(out);
    if (!match) return undefined;
    if (match[1].startsWith("Z")) return undefined;
    return { pid, ppid: Number(match[2]), pgid: Number(match[3]), command: match[4] };
  } catch {
    return { pid, command: "" };
  }
}

export function isAlive(pid: number): boolean {
  return processInfo(pid) !== undefined;
}

/** Whether any process is left in a process group. */
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Poll until `gone()` is true or the time is up; returns whether it went. */
export async function waitUntil(gone: () => boolean, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!gone()) {
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
  return true;
}

/** Send a signal, ignoring "no such process". */
export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
}

/**
 * Live (non-zombie) members of a process group. On Linux this reads /proc, because an orphan that
 * exited under an init that does not reap stays a zombie and would make the group look alive.
 */
export function groupMembers(pgid: number): number[] {
  if (process.platform === "linux" && fs.existsSync("/proc/self/stat")) {
    const members: number[] = [];
    for (const name of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) === pgid && fields[0] !== "Z" && fields[0] !== "X") members.push(Number(name));
      } catch {
        /* exited meanwhile */
      }
    }
    return members;
  }
  return isGroupAlive(pgid) ? [pgid] : [];
}
