/** The benchmark's printed sections and its closing summary with targets. */
import { callsTo, type SandboxStats } from "../sandbox/control-client";
import type { LocalResult } from "./local-tables";
import type { CpuReport } from "./monitor";
import type { PageWeights } from "./page-weight";
import type { LoadResult } from "./register-load";
import type { SeedResult } from "./seed-strategy";
import { fmtKb, fmtMb, fmtMs, fmtNum, percentile } from "./stats";

export interface AppFigures {
  load: LoadResult;
  /** Sandbox stats of the measured window, and of the warm-up and drain. */
  window: SandboxStats;
  warmup: SandboxStats;
  drain: SandboxStats;
  cpu?: CpuReport;
  /** `durationMs` of the app's request log line of each answer in the window. */
  serverLatencies?: number[];
  /** Next.js server CPU over the window ÷ registrations synced in it. */
  serverCpuMsPerRegistration?: number;
  /** The Next.js server's peak RSS over the window, KiB. */
  peakRssKb?: number;
}

export interface Results {
  /** The load judged on the targets (open loop at --rate by default). */
  app?: AppFigures;
  /** The closed-loop ceiling phase after it: the most the app takes. */
  ceiling?: AppFigures;
  ceilingClients?: number;
  seed?: SeedResult;
  /** The seed strategy's best possible rate on the sandbox's budget. */
  seedCeiling?: number;
  local?: LocalResult;
  pages?: PageWeights;
  memory: { serverHwmKb: number; serverPeakRssKb: number; workerPeakRssKb: number; serverHwmAfterLoadKb?: number };
}

export const TARGETS = {
  regsPerSecond: 200,
  ratio: 100,
  p95Ms: 1000,
  cursorMs: 20,
  pageKb: 200,
};

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const status429 = (s: SandboxStats) => s.status["429"] ?? 0;

export const regsPerSecond = (l: LoadResult) => l.synced / (l.measuredMs / 1000);
export const seedPerSecond = (s: SeedResult) => s.registrations / (s.durationMs / 1000);

export function formatApp(a: AppFigures): string[] {
  const l = a.load;
  const lines = [
    `registrations/s (synced, 200)   ${fmtNum(regsPerSecond(l))}  (${l.synced} in ${l.measuredMs / 1000} s)`,
    `accepted for later (202)        ${l.accepted}`,
    `errors                          ${Object.keys(l.errors).length ? JSON.stringify(l.errors) : "none"}`,
    `latency, all answers            p50 ${fmtMs(percentile(l.latencies, 0.5))}  p95 ${fmtMs(percentile(l.latencies, 0.95))}  p99 ${fmtMs(percentile(l.latencies, 0.99))}  max ${fmtMs(percentile(l.latencies, 1))}`,
    ...(a.serverLatencies
      ? [`latency, server side (app log)  p50 ${fmtMs(percentile(a.serverLatencies, 0.5))}  p95 ${fmtMs(percentile(a.serverLatencies, 0.95))}  p99 ${fmtMs(percentile(a.serverLatencies, 0.99))}  (${a.serverLatencies.length} of ${l.latencies.length} answers matched)`]
      : []),
    `latency, synced (200) only      p50 ${fmtMs(percentile(l.syncedLatencies, 0.5))}  p95 ${fmtMs(percentile(l.syncedLatencies, 0.95))}  p99 ${fmtMs(percentile(l.syncedLatencies, 0.99))}`,
    `HubSpot calls/registration      ${fmtNum(a.window.calls / Math.max(1, l.synced), 4)}  (${a.window.calls} calls in the window: ${routeSummary(a.window)})`,
    ...(a.window.maxInFlight ? [`most calls in flight (sandbox)   ${routeSummary({ ...a.window, byRoute: Object.fromEntries(Object.entries(a.window.maxInFlight).filter(([, n]) => n > 0)) }) || "none"}`] : []),
    `registrations per batch         ~${fmtNum(l.synced / Math.max(1, callsTo(a.window, "contacts/batch/upsert")))} per contact upsert`,
    `429s seen (sandbox)             ${status429(a.window)} in the window; ${status429(a.warmup)} in warm-up, ${status429(a.drain) - status429(a.window)} in the drain`,
    `sent / peak in flight           ${l.sent} / ${l.peakInFlight}${l.skipped ? `; ${l.skipped} arrivals skipped (too many in flight)` : ""}${l.unfinished ? `; ${l.unfinished} unanswered at the end` : ""}`,
    `synced per second (whole run)   ${l.timeline.join(" ")}`,
  ];
  if (a.serverCpuMsPerRegistration !== undefined) lines.push(`Next.js server CPU/registration  ${fmtNum(a.serverCpuMsPerRegistration, 2)} ms`);
  if (a.peakRssKb) lines.push(`Next.js server peak RSS          ${fmtMb(a.peakRssKb)} over the window`);
  if (a.cpu) {
    lines.push(`CPU over the window (% of one core; ${a.cpu.cores} cores = ${a.cpu.cores * 100} %):`);
    for (const p of a.cpu.parts) lines.push(`  ${pad(p.part, 40)} ${fmtNum(p.percent, 0)} %`);
    const m = a.cpu.machineSplit;
    lines.push(
      `  ${pad("whole machine", 40)} ${fmtNum(a.cpu.machinePercent, 0)} %  (user ${fmtNum(m.user, 0)}, system ${fmtNum(m.system, 0)}, interrupts ${fmtNum(m.irq, 0)}, steal ${fmtNum(m.steal, 0)})`,
    );
    const ours = a.cpu.parts.reduce((sum, p) => sum + p.percent, 0);
    lines.push(`  ${pad("not charged to the parts above", 40)} ~${fmtNum(Math.max(0, a.cpu.machinePercent - ours), 0)} %  (interrupts, PostgreSQL's own processes, other users' work)`);
    lines.push("  busiest processes over the window:");
    for (const p of a.cpu.top) lines.push(`    ${fmtNum(p.percent, 0).padStart(4)} %  ${p.part}`);
  }
  return lines;
}

function routeSummary(s: SandboxStats): string {
  return Object.entries(s.byRoute)
    .sort((x, y) => y[1] - x[1])
    .map(([route, n]) => `${route.replace(/^(POST|GET|PUT|PATCH|DELETE) \/crm\/v\d\/(objects\/)?/, "")} ${n}`)
    .join(", ");
}

/** The most the seed's strategy can do on this budget: 5 calls per registration of 1 deal and 1 ticket. */
export const seedCeiling = (max: number, intervalMs: number) => max / (intervalMs / 1000) / 5;

export function formatSeed(s: SeedResult, ceiling: number): string[] {
  return [
    `seed ceiling at this budget     ${fmtNum(ceiling, 2)}/s (calls per second ÷ 5 calls per registration)`,
    `seed registrations/s            ${fmtNum(seedPerSecond(s), 2)}  (${s.registrations} in ${s.durationMs / 1000} s; ${s.failed} given up)`,
    `seed calls / 429s               ${s.calls} / ${s.rateLimited}  (${fmtNum(s.calls / Math.max(1, s.registrations), 1)} calls per registration)`,
    `seed latency                    p50 ${fmtMs(percentile(s.latencies, 0.5))}  p95 ${fmtMs(percentile(s.latencies, 0.95))}`,
  ];
}

export function formatLocal(r: LocalResult): string[] {
  const lines = [
    `rows                            ${r.totalRows.toLocaleString("en")} (${r.loadedRows.toLocaleString("en")} loaded in ${fmtMs(r.loadMs)})`,
    ...r.timings.map(
      (t) => `${pad(t.label, 32)}server ${fmtMs(t.serverMs)}  client ${fmtMs(t.clientMs)}  (median of ${t.runs}, ${t.rows} rows)  ${t.path}`,
    ),
    "server = the app's own request log (durationMs, whole ms); client = loopback round trip",
    "indexes on crm_object_ref:",
    ...r.indexes.map((i) => `  ${i}`),
    "EXPLAIN ANALYZE of the keyset query (deep):",
    ...r.keysetPlan.map((l) => `  ${l}`),
    "EXPLAIN ANALYZE of the offset query (deep page):",
    ...r.offsetPlan.map((l) => `  ${l}`),
  ];
  return lines;
}

export function formatPages(p: PageWeights): string[] {
  return [
    ...p.pages.map(
      (x) =>
        `first-load JS ${pad(x.route, 18)} ${fmtKb(x.gzipBytes)} gzip (${fmtKb(x.rawBytes)} raw, ${x.files} files)` +
        `${x.swaggerFiles.length ? `  SWAGGER UI IN FIRST LOAD: ${x.swaggerFiles.join(", ")}` : ""}${x.lazySwagger.length ? `  (loads Swagger UI lazily: ${x.lazySwagger.join(", ")})` : ""}`,
    ),
    `Swagger UI chunks               ${p.swaggerChunks.join(", ") || "none found"}; only on the docs page: ${p.swaggerOnlyOnDocs ? "yes" : "NO"}`,
  ];
}

type Row = [string, string, string, boolean | undefined];

export function formatSummary(r: Results, smoke = false): string[] {
  const rows: Row[] = [];
  const verdict = (ok: boolean | undefined) => (ok === undefined ? "" : ok ? "met" : "NOT MET");
  if (r.app) {
    const l = r.app.load;
    const rps = regsPerSecond(l);
    const p95 = percentile(l.latencies, 0.95);
    rows.push(["registrations/s (synced)", fmtNum(rps), `≥ ${TARGETS.regsPerSecond}`, rps >= TARGETS.regsPerSecond]);
    rows.push(["accepted (202) / errors", `${l.accepted} / ${Object.values(l.errors).reduce((a, b) => a + b, 0)}`, "", undefined]);
    rows.push(["latency p50", fmtMs(percentile(l.latencies, 0.5)), "", undefined]);
    rows.push(["latency p95", fmtMs(p95), `< ${fmtMs(TARGETS.p95Ms)}`, p95 < TARGETS.p95Ms]);
    rows.push(["latency p99", fmtMs(percentile(l.latencies, 0.99)), "", undefined]);
    if (r.app.serverLatencies?.length) {
      const q = (x: number) => fmtMs(percentile(r.app!.serverLatencies!, x));
      rows.push(["server-side p50 / p95 / p99", `${q(0.5)} / ${q(0.95)} / ${q(0.99)}`, "", undefined]);
    }
    const cpr = r.app.window.calls / Math.max(1, l.synced);
    rows.push(["HubSpot calls/registration", fmtNum(cpr, 4), "≤ 3", cpr <= 3]);
    rows.push(["429s (measured window)", String(status429(r.app.window)), "0", status429(r.app.window) === 0]);
    rows.push(["429s (warm-up + drain)", String(status429(r.app.warmup) + status429(r.app.drain) - status429(r.app.window)), "", undefined]);
    if (r.app.serverCpuMsPerRegistration !== undefined) {
      rows.push(["Next.js server CPU/registration", `${fmtNum(r.app.serverCpuMsPerRegistration, 2)} ms`, "", undefined]);
    }
    if (r.seed) {
      const sps = seedPerSecond(r.seed);
      const ratio = sps > 0 ? rps / sps : Number.POSITIVE_INFINITY;
      rows.push(["seed registrations/s", fmtNum(sps, 2), "", undefined]);
      rows.push(["app/seed ratio", `${fmtNum(ratio, 0)}×`, `≥ ${TARGETS.ratio}×`, ratio >= TARGETS.ratio]);
      if (r.seedCeiling) rows.push(["app / seed's ceiling", `${fmtNum(rps / r.seedCeiling, 0)}×`, `(${fmtNum(r.seedCeiling, 1)}/s)`, undefined]);
    }
  }
  if (r.ceiling) {
    const l = r.ceiling.load;
    rows.push([`ceiling: closed loop of ${r.ceilingClients}`, `${fmtNum(regsPerSecond(l))}/s`, "", undefined]);
    rows.push(["  its p50 / p95", `${fmtMs(percentile(l.latencies, 0.5))} / ${fmtMs(percentile(l.latencies, 0.95))}`, "", undefined]);
    rows.push(["  its 429s / 202s / errors", `${status429(r.ceiling.window)} / ${l.accepted} / ${Object.values(l.errors).reduce((a, b) => a + b, 0)}`, "", undefined]);
  }
  rows.push(["peak RSS Next.js server (VmHWM)", fmtMb(r.memory.serverHwmKb), "", undefined]);
  if (r.app?.peakRssKb) rows.push(["  of which over the sustained window", fmtMb(r.app.peakRssKb), "", undefined]);
  if (r.memory.serverHwmAfterLoadKb) rows.push(["  of which by the end of the load", fmtMb(r.memory.serverHwmAfterLoadKb), "", undefined]);
  if (r.memory.workerPeakRssKb) rows.push(["peak RSS sync worker (sampled)", fmtMb(r.memory.workerPeakRssKb), "", undefined]);
  if (r.local) {
    for (const t of r.local.timings) {
      const isCursor = t.label.startsWith("cursor");
      rows.push([`${t.label.replace(/ \(after=.*\)/, "")} (server)`, fmtMs(t.serverMs), isCursor ? `< ${TARGETS.cursorMs} ms` : "", isCursor ? t.serverMs < TARGETS.cursorMs : undefined]);
    }
  }
  if (r.pages) {
    for (const p of r.pages.pages.filter((x) => x.route === "/register" || x.route === "/local" || x.route === "/hubspot")) {
      rows.push([`first-load JS ${p.route}`, fmtKb(p.gzipBytes), `< ${TARGETS.pageKb} kB`, p.gzipBytes < TARGETS.pageKb * 1000]);
    }
    rows.push(["Swagger UI only on /docs", r.pages.swaggerOnlyOnDocs ? "yes" : "no", "yes", r.pages.swaggerOnlyOnDocs]);
  }
  const w = Math.max(...rows.map((x) => x[0].length)) + 2;
  return [
    "================ BENCH SUMMARY ================",
    ...(smoke ? ["(smoke run: a few seconds and 5,000 rows, to check the bench works; the figures mean nothing)"] : []),
    ...rows.map(([k, v, t, ok]) => `${pad(k, w)}${pad(v, 12)}${pad(t ? `target ${t}` : "", 18)}${verdict(ok)}`.trimEnd()),
    "===============================================",
  ];
}
