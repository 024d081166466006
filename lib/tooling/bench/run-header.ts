/** The lines a bench run opens with: the machine it runs on and the load it is about to apply. */
import os from "node:os";
import { describeLatency } from "./latency-spec";
import type { BenchOptions } from "./options";

export function machine(): string[] {
  const cpu = os.cpus();
  return [
    `machine: ${cpu.length} cores (nproc ${os.availableParallelism()}), ${cpu[0]?.model ?? "unknown CPU"}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(os.freemem() / 2 ** 30).toFixed(1)} GiB free), load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    `node ${process.version}, ${os.type()} ${os.release()}`,
  ];
}

export function describeLoad(o: BenchOptions): string {
  const env = Object.keys(o.appEnv).length ? `; app env ${JSON.stringify(o.appEnv)}` : "";
  if (o.matrix) {
    const m = o.matrix;
    return (
      `matrix: latency ${m.profiles.join(", ")} × budget ${m.budgets.join(", ")} calls / ${o.rateLimitIntervalMs / 1000} s; ` +
      `${m.rate ? `open loop ${m.rate}/s` : `open loop at ${Math.round(m.loadFraction * 100)} % of each budget's limit`}, at most ${o.concurrency} in flight or 4 s of arrivals if more; ` +
      `warm-up ${o.warmupS} s, measured ${o.durationS} s per cell; idle ${m.idleRate}/s for ${m.idleDurationS} s; seed ${o.seedDurationS} s with ${o.seedConcurrency} clients; ` +
      `${m.restartPerBudget ? "a fresh app per budget" : "one app, budgets highest first"}${env}`
    );
  }
  return (
    `load: ${o.rate ? `open loop ${o.rate}/s, at most ${o.concurrency} in flight` : `closed loop, ${o.concurrency} clients`}; ` +
    `${o.ceilingDurationS ? `then a ceiling of ${o.ceilingClients} clients for ${o.ceilingDurationS} s; ` : ""}` +
    `warm-up ${o.warmupS} s, measured ${o.durationS} s; seed ${o.seedDurationS} s with ${o.seedConcurrency} clients; ` +
    `sandbox ${o.rateLimitMax} calls / ${o.rateLimitIntervalMs / 1000} s, latency ${describeLatency(o.latency)}${env}`
  );
}
