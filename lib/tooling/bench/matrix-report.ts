/** The matrix's table: one row per cell (latency profile × budget), then the idle row and the seed's. */
import type { MatrixResults } from "./matrix";
import { physicalLimit } from "./options";
import { regsPerSecond, seedPerSecond, type AppFigures } from "./report";
import { fmtMb, fmtNum, percentile } from "./stats";

export const MATRIX_COLUMNS = [
  "row",
  "latency",
  "budget",
  "offered/s",
  "synced/s",
  "% of limit",
  "server p50/p95/p99 ms",
  "client p50/p95/p99 ms",
  "429s",
  "calls/reg",
  "CPU ms/reg",
  "peak RSS",
] as const;

const ms = (samples: number[] | undefined) =>
  samples?.length ? [0.5, 0.95, 0.99].map((q) => Math.round(percentile(samples, q))).join(" / ") : "—";
const status429 = (f: AppFigures) => f.window.status["429"] ?? 0;

function appRow(label: string, profile: string, budget: number, offered: number, f: AppFigures, limit: number): string[] {
  const rps = regsPerSecond(f.load);
  return [
    label,
    profile,
    String(budget),
    fmtNum(offered),
    fmtNum(rps),
    `${fmtNum((rps / limit) * 100)} %`,
    ms(f.serverLatencies),
    ms(f.load.latencies),
    String(status429(f)),
    f.load.synced ? fmtNum(f.window.calls / f.load.synced, 3) : "—",
    f.serverCpuMsPerRegistration === undefined || !f.load.synced ? "—" : fmtNum(f.serverCpuMsPerRegistration, 2),
    f.peakRssKb ? fmtMb(f.peakRssKb) : "—",
  ];
}

export function formatMatrix(r: MatrixResults, smoke = false): string[] {
  const rows: string[][] = r.cells.map((c) => appRow("cell", c.profile, c.budget, c.offered, c.figures, c.limit));
  if (r.idle) {
    rows.push(appRow("idle", r.idle.profile, r.idle.budget, r.idle.rate, r.idle.figures, physicalLimit(r.idle.budget, r.intervalMs)));
  }
  if (r.seed) {
    const s = r.seed.result;
    const sps = seedPerSecond(s);
    rows.push([
      "seed",
      r.seed.profile,
      String(r.seed.budget),
      "closed",
      fmtNum(sps, 2),
      `${fmtNum((sps / physicalLimit(r.seed.budget, r.intervalMs)) * 100)} %`,
      "—",
      ms(s.latencies),
      String(s.rateLimited),
      s.registrations ? fmtNum(s.calls / s.registrations, 3) : "—",
      "—",
      "—",
    ]);
  }
  const table = [[...MATRIX_COLUMNS], ...rows];
  const widths = MATRIX_COLUMNS.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  const limits = [...new Set(r.cells.map((c) => c.budget))].map((b) => `${b} → ${fmtNum(physicalLimit(b, r.intervalMs))}/s`).join(", ");
  return [
    "================ BENCH MATRIX ================",
    ...(smoke ? ["(smoke run: tiny cells, to check the matrix works; the figures mean nothing)"] : []),
    line(table[0]),
    ...rows.map(line),
    `limit = budget / ${r.intervalMs / 1000} s ÷ 3 calls × 100 registrations (${limits}); offered = open-loop arrivals per second`,
    "server = durationMs of the app's request log line; client = the bench's keep-alive round trip; both over every answer in the window",
    "429s, calls/reg: the sandbox's counts in the measured window; CPU ms/reg: Next.js server CPU over the window ÷ synced; peak RSS: Next.js server over the window",
    ...(r.seed ? [`seed: the seed's strategy straight at the sandbox, ${r.seed.result.registrations} registrations in ${r.seed.result.durationMs / 1000} s (its own ceiling ${fmtNum(r.seed.budget / (r.intervalMs / 1000) / 5, 1)}/s at 5 calls each); client = a whole registration`] : []),
    "===============================================",
  ];
}
