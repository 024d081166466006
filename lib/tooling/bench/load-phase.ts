/**
 * One registration load through the app with everything measured around it: the sandbox's stats
 * of the warm-up, window and drain, CPU over the window, the server's peak RSS, the server-side
 * duration of each request (from the app's request log) and the database outcomes, printed as it ends.
 */
import os from "node:os";
import type { SandboxControl, SandboxStats } from "../sandbox/control-client";
import type { AppProcess } from "./app-process";
import type { HttpClient } from "./http-client";
import { cpuMsOf, Monitor, type CpuReport } from "./monitor";
import { runRegistrationLoad } from "./register-load";
import { formatOutcomes, readRegistrationOutcomes, type RegistrationOutcomes } from "./registrations-db";
import { formatApp, type AppFigures } from "./report";
import { watchRequestDurations } from "./server-log";

export interface LoadPhase {
  title: string;
  runId: string;
  rate?: number;
  concurrency: number;
  warmupS: number;
  durationS: number;
}

export interface PhaseDeps {
  app: AppProcess;
  client: HttpClient;
  control: SandboxControl;
  monitor: Monitor;
  databaseUrl: string;
  apiKey: string;
  say(line?: string): void;
}

export async function runLoadPhase(p: LoadPhase, d: PhaseDeps): Promise<AppFigures> {
  d.say(`\n== ${p.title}; ${p.warmupS} s warm-up + ${p.durationS} s measured ==`);
  let warmup: SandboxStats | undefined;
  let window: SandboxStats | undefined;
  let cpuStart: ReturnType<Monitor["snapshot"]> | undefined;
  let cpu: CpuReport | undefined;
  let peakRssKb: number | undefined;
  let atWindowEnd: RegistrationOutcomes | undefined;
  const prefix = `bench-${p.runId}-`;
  const log = watchRequestDurations(d.app, prefix);
  try {
    await d.control.resetStats();
    const load = await runRegistrationLoad({
      client: d.client,
      apiKey: d.apiKey,
      runId: p.runId,
      warmupMs: p.warmupS * 1000,
      durationMs: p.durationS * 1000,
      concurrency: p.concurrency,
      rate: p.rate,
      drainMs: 40_000,
      requestIdPrefix: prefix,
      onWindow: async (edge) => {
        if (edge === "start") {
          cpuStart = d.monitor.snapshot();
          d.monitor.startPhasePeak();
          warmup = await d.control.stats();
          await d.control.resetStats();
        } else {
          window = await d.control.stats();
          cpu = Monitor.compare(cpuStart!, d.monitor.snapshot(), os.availableParallelism());
          peakRssKb = d.monitor.phasePeakRssKb();
          atWindowEnd = await readRegistrationOutcomes(d.databaseUrl).catch(() => undefined);
        }
      },
    });
    await log.settle(load.windowRequestIds);
    const figures: AppFigures = {
      // The ids were only for matching the log lines: the saved results need not carry them.
      load: { ...load, windowRequestIds: [] },
      warmup: warmup!,
      window: window!,
      drain: await d.control.stats(),
      cpu,
      serverLatencies: log.of(load.windowRequestIds),
      serverCpuMsPerRegistration: cpu ? cpuMsOf(cpu, "Next.js server") / Math.max(1, load.synced) : undefined,
      peakRssKb,
    };
    formatApp(figures).forEach((l) => d.say(l));
    if (atWindowEnd) formatOutcomes("registrations in the database at the window's end", atWindowEnd).forEach((l) => d.say(l));
    formatOutcomes("registrations in the database after the drain", await readRegistrationOutcomes(d.databaseUrl)).forEach((l) => d.say(l));
    return figures;
  } finally {
    log.stop();
  }
}
