/**
 * Linux /proc readings for the benchmark: which process listens on a port (the real Next.js
 * server, not a wrapper), memory high-water marks, and CPU time per process and for the machine.
 */
import fs from "node:fs";

export interface ProcEntry {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string;
}

const read = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

/** Every live process we can read. */
export function listProcesses(): ProcEntry[] {
  const out: ProcEntry[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z") continue;
    const cmdline = (read(`/proc/${name}/cmdline`) ?? "").split("\0").filter(Boolean).join(" ");
    out.push({ pid: Number(name), ppid: Number(fields[1]), comm, cmdline });
  }
  return out;
}

/** `root` and all its descendants. */
export function descendants(root: number, all = listProcesses()): ProcEntry[] {
  const found: ProcEntry[] = [];
  const seen = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!seen.has(p.pid) && seen.has(p.ppid)) {
        seen.add(p.pid);
        found.push(p);
        grew = true;
      }
    }
  }
  const self = all.find((p) => p.pid === root);
  return self ? [self, ...found] : found;
}

/** Socket inodes listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of (read(file) ?? "").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT"; state 0A is LISTEN; the inode is column 10.
      if (cols.length > 9 && cols[1].endsWith(`:${hexPort}`) && cols[3] === "0A") inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The pid that holds the listening socket of `port`, searched among `candidates`. */
export function pidListeningOn(port: number, candidates: number[]): number | undefined {
  const inodes = listeningInodes(port);
  if (!inodes.size) return undefined;
  for (const pid of candidates) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1])) return pid;
    }
  }
  return undefined;
}

/** Resident memory now and its high-water mark, in KiB (VmRSS, VmHWM). */
export function memoryOf(pid: number): { rssKb: number; hwmKb: number } | undefined {
  const status = read(`/proc/${pid}/status`);
  if (!status) return undefined;
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
}

/** Resets the kernel's high-water mark (VmHWM) to the current RSS (`clear_refs` 5); false if not allowed. */
export function resetHwm(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU time of one process, in clock ticks (1/100 s on Linux). */
export function cpuTicksOf(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after "pid (comm) ".
  return Number(fields[11]) + Number(fields[12]);
}

export interface MachineTicks {
  busy: number;
  total: number;
  user: number;
  system: number;
  /** Interrupt handling (loopback networking lands here), not charged to any process. */
  irq: number;
  /** Time the hypervisor gave to other machines. */
  steal: number;
}

/** Machine-wide CPU ticks across all cores, from the first line of /proc/stat. */
export function machineTicks(): MachineTicks {
  const line = (read("/proc/stat") ?? "").split("\n")[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total, user: user + nice, system, irq: irq + softirq, steal };
}

/** CPU ticks of every live process, with a short label. */
export function allProcessTicks(): Map<number, { ticks: number; label: string }> {
  const out = new Map<number, { ticks: number; label: string }>();
  for (const p of listProcesses()) {
    const label = (p.cmdline || p.comm).replace(/\s+--?[\w-]+(=\S*)?/g, "").slice(0, 70);
    out.set(p.pid, { ticks: cpuTicksOf(p.pid), label });
  }
  return out;
}

export const CLOCK_TICKS_PER_SECOND = 100;
