/**
 * Samples the app's memory while the benchmark runs and takes CPU snapshots of each part (Next.js
 * server, sync worker, launcher with the in-process sandbox, PostgreSQL backends of the bench
 * database, the bench driver itself) and of the whole machine, to show where the time goes.
 * With WEB_CONCURRENCY > 1 the server is the process listening on the port and its children (the
 * processes that answer): CPU is their sum, memory the largest of them.
 */
import { allProcessTicks, CLOCK_TICKS_PER_SECOND, cpuTicksOf, descendants, listProcesses, machineTicks, memoryOf, resetHwm, type MachineTicks } from "./proc";

export interface CpuShare {
  part: string;
  /** Share of one core, in percent, over the snapshot interval. */
  percent: number;
}

export interface CpuReport {
  seconds: number;
  parts: CpuShare[];
  /** Whole machine: busy share of all cores, in percent of one core (2 cores = 200 %). */
  machinePercent: number;
  /** The same, split: user, system, interrupts (not charged to processes), steal. */
  machineSplit: { user: number; system: number; irq: number; steal: number };
  /** The busiest processes over the interval, ours or not. */
  top: CpuShare[];
  cores: number;
}

interface Snapshot {
  at: number;
  ticks: Map<string, number>;
  machine: MachineTicks;
  self: NodeJS.CpuUsage;
  all: Map<number, { ticks: number; label: string }>;
}

export class Monitor {
  peakRssKb = 0;
  peakWorkerRssKb = 0;
  private timer: NodeJS.Timeout;
  private phasePeakKb = 0;
  private phaseHwmExact = false;
  /** The run's VmHWM before the last phase reset it. */
  private hwmBeforeResetKb = 0;
  /** The server's processes: the one listening on the port, and its children. */
  private serverPids: number[];

  constructor(
    private readonly pids: { server: number; worker?: number; launcher: number },
    private readonly databaseName: string,
  ) {
    this.serverPids = this.findServerPids();
    this.timer = setInterval(() => this.sample(), 250);
    this.timer.unref();
    this.sample();
  }

  private findServerPids(): number[] {
    return descendants(this.pids.server).map((p) => p.pid);
  }

  /** The largest of the server's processes by `pick`. */
  private serverMemoryKb(pick: "rssKb" | "hwmKb"): number | undefined {
    const values = this.serverPids.map((pid) => memoryOf(pid)?.[pick]).filter((v): v is number => v !== undefined);
    return values.length ? Math.max(...values) : undefined;
  }

  private sample() {
    const rss = this.serverMemoryKb("rssKb");
    if (rss !== undefined) this.peakRssKb = Math.max(this.peakRssKb, rss);
    if (rss !== undefined) this.phasePeakKb = Math.max(this.phasePeakKb, rss);
    const w = this.pids.worker ? memoryOf(this.pids.worker) : undefined;
    if (w) this.peakWorkerRssKb = Math.max(this.peakWorkerRssKb, w.rssKb);
  }

  /** The kernel's high-water mark of the server's resident memory (VmHWM), over the whole run. */
  serverHwmKb(): number {
    return Math.max(this.hwmBeforeResetKb, this.serverMemoryKb("hwmKb") ?? 0);
  }

  /** Starts a phase of its own peak: the server's VmHWM is reset when the kernel allows it. */
  startPhasePeak(): void {
    this.serverPids = this.findServerPids();
    this.hwmBeforeResetKb = this.serverHwmKb();
    this.phaseHwmExact = this.serverPids.map((pid) => resetHwm(pid)).every(Boolean);
    this.phasePeakKb = this.serverMemoryKb("rssKb") ?? 0;
  }

  /** The server's peak RSS since `startPhasePeak`: VmHWM when it was reset, else the 250 ms samples. */
  phasePeakRssKb(): number {
    this.sample();
    return Math.max(this.phasePeakKb, this.phaseHwmExact ? (this.serverMemoryKb("hwmKb") ?? 0) : 0);
  }

  snapshot(): Snapshot {
    const ticks = new Map<string, number>();
    ticks.set("Next.js server", this.serverPids.reduce((sum, pid) => sum + cpuTicksOf(pid), 0));
    if (this.pids.worker) ticks.set("sync worker", cpuTicksOf(this.pids.worker));
    ticks.set("launcher + HubSpot sandbox", cpuTicksOf(this.pids.launcher));
    let pgTicks = 0;
    for (const p of listProcesses()) {
      if (p.cmdline.startsWith("postgres:") && p.cmdline.includes(this.databaseName)) pgTicks += cpuTicksOf(p.pid);
    }
    ticks.set("PostgreSQL (bench database backends)", pgTicks);
    return { at: Date.now(), ticks, machine: machineTicks(), self: process.cpuUsage(), all: allProcessTicks() };
  }

  static compare(a: Snapshot, b: Snapshot, cores: number): CpuReport {
    const seconds = (b.at - a.at) / 1000;
    const pct = (ticks: number) => (ticks / CLOCK_TICKS_PER_SECOND / seconds) * 100;
    const parts: CpuShare[] = [...b.ticks].map(([part, t]) => ({ part, percent: pct(t - (a.ticks.get(part) ?? 0)) }));
    const selfUs = b.self.user + b.self.system - (a.self.user + a.self.system);
    parts.push({ part: "bench driver (this process)", percent: (selfUs / 1e6 / seconds) * 100 });
    const total = b.machine.total - a.machine.total;
    const share = (k: keyof MachineTicks) => (total > 0 ? ((b.machine[k] - a.machine[k]) / total) * 100 * cores : 0);
    const top = [...b.all]
      .map(([pid, p]) => ({ part: `${pid} ${p.label}`, percent: pct(p.ticks - (a.all.get(pid)?.ticks ?? 0)) }))
      .sort((x, y) => y.percent - x.percent)
      .slice(0, 8);
    return {
      seconds,
      parts,
      machinePercent: share("busy"),
      machineSplit: { user: share("user"), system: share("system"), irq: share("irq"), steal: share("steal") },
      top,
      cores,
    };
  }

  stop() {
    clearInterval(this.timer);
  }
}

/** CPU milliseconds one part used over the report's interval. */
export const cpuMsOf = (report: CpuReport, part: string) => ((report.parts.find((p) => p.part === part)?.percent ?? 0) / 100) * report.seconds * 1000;
