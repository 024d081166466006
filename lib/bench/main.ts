/**
 * `npm run bench`: the performance figures of issue #5, printed.
 *
 *   fresh database → the app as `npm start` runs it (production build, sandbox) → sandbox at
 *   100 calls / 10 s and ~100 ms per call → the seed's strategy against the sandbox → sandbox reset
 *   → concurrent registrations through the app → 1,000,000 local rows and the paging endpoints →
 *   first-load JS from the build → summary with targets.
 *
 * Not a test: it asserts nothing (tests/bench/bench-smoke.test.ts runs `--smoke` so it cannot rot).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dataRoot, repoRoot } from "../runtime/paths";
import { startApp, type AppProcess } from "./app-process";
import { createBenchDatabase, type BenchDatabase } from "./database";
import { httpClient, type HttpClient } from "./http-client";
import { runLocalTables } from "./local-tables";
import { Monitor, type CpuReport } from "./monitor";
import { machineTicks } from "./proc";
import { parseOptions } from "./options";
import { measurePageWeights } from "./page-weight";
import { runRegistrationLoad } from "./register-load";
import { formatOutcomes, readRegistrationOutcomes, type RegistrationOutcomes } from "./registrations-db";
import { formatApp, formatLocal, formatPages, formatSeed, formatSummary, seedCeiling, type AppFigures, type Results } from "./report";
import { sandboxControl, type SandboxStats } from "./sandbox-control";
import { runSeedStrategy } from "./seed-strategy";

const SANDBOX_TOKEN = "pat-sandbox-token";
const PAGES = ["(dashboard)/register", "(dashboard)/registrations", "(dashboard)/local", "(dashboard)/hubspot", "(dashboard)/api-keys", "(dashboard)/docs", "(dashboard)"];

const say = (line = "") => process.stdout.write(`${line}\n`);
const section = (title: string) => say(`\n== ${title} ==`);
const progress = (msg: string) => say(`  … ${msg}`);

function machine(): string[] {
  const cpu = os.cpus();
  return [
    `machine: ${cpu.length} cores (nproc ${os.availableParallelism()}), ${cpu[0]?.model ?? "unknown CPU"}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(os.freemem() / 2 ** 30).toFixed(1)} GiB free), load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
    `node ${process.version}, ${os.type()} ${os.release()}`,
  ];
}

/** Several people share this working tree: if someone else's `next build` is running, wait for it (bounded). */
async function startAppWhenBuildIsFree(opts: Parameters<typeof startApp>[0]): Promise<AppProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startApp(opts);
    } catch (err) {
      if (attempt >= 20 || !String((err as Error).message).includes("Another next build process is already running")) throw err;
      progress("another next build is running in this working tree; waiting 15 s for it to finish…");
      await new Promise((r) => setTimeout(r, 15_000));
    }
  }
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const runId = crypto.randomBytes(4).toString("hex");
  const apiKey = `bench-${crypto.randomBytes(16).toString("hex")}`;
  const logDir = path.join(dataRoot, "bench");
  const results: Results = { memory: { serverHwmKb: 0, serverPeakRssKb: 0, workerPeakRssKb: 0 } };

  say(`npm run bench${o.smoke ? " --smoke" : ""} (run ${runId}, ${new Date().toISOString()})`);
  machine().forEach((l) => say(l));
  // The machine is shared: how busy it is before we add anything says how much the figures can trust.
  const before = machineTicks();
  await new Promise((r) => setTimeout(r, 2000));
  const after = machineTicks();
  const cores = os.availableParallelism();
  say(`machine busy before the run (2 s sample): ${(((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100 * cores).toFixed(0)} % of ${cores * 100} %`);
  say(
    `load: ${o.rate ? `open loop ${o.rate}/s, at most ${o.concurrency} in flight` : `closed loop, ${o.concurrency} clients`}; ` +
      `${o.ceilingDurationS ? `then a ceiling of ${o.ceilingClients} clients for ${o.ceilingDurationS} s; ` : ""}` +
      `warm-up ${o.warmupS} s, measured ${o.durationS} s; seed ${o.seedDurationS} s with ${o.seedConcurrency} clients; ` +
      `sandbox ${o.rateLimitMax} calls / ${o.rateLimitIntervalMs / 1000} s, ${o.sandboxLatencyMs} ms per call` +
      `${Object.keys(o.appEnv).length ? `; app env ${JSON.stringify(o.appEnv)}` : ""}`,
  );

  let db: BenchDatabase | undefined;
  let app: AppProcess | undefined;
  let monitor: Monitor | undefined;
  const clients: HttpClient[] = [];
  const cleanup = async () => {
    monitor?.stop();
    clients.forEach((c) => c.close());
    await app?.stop().catch(() => undefined);
    await db?.drop().catch(() => undefined);
  };
  let interrupted = false;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      interrupted = true;
      say(`\n${sig}: stopping the app and dropping the bench database…`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    section("setup");
    db = await createBenchDatabase(process.env.DATABASE_URL?.trim() || undefined);
    say(`database: ${db.description}`);
    const started = Date.now();
    app = await startAppWhenBuildIsFree({ databaseUrl: db.url, apiKey, logDir, env: o.appEnv, progress });
    say(`app: ${app.baseUrl} (Next.js server pid ${app.serverPid}, worker pid ${app.workerPid ?? "?"}), sandbox ${app.sandboxUrl}; ready in ${((Date.now() - started) / 1000).toFixed(0)} s${app.buildMs ? ` including next build ${(app.buildMs / 1000).toFixed(0)} s` : " (existing build)"}`);
    say(`app log: ${path.relative(process.cwd(), app.logFile)}`);
    monitor = new Monitor({ server: app.serverPid, worker: app.workerPid, launcher: app.launcherPid }, new URL(db.url).pathname.slice(1));
    const appClient = httpClient(app.baseUrl, Math.max(o.concurrency, o.ceilingClients) + 8);
    const sandboxClient = httpClient(app.sandboxUrl, Math.max(16, o.seedConcurrency * 2));
    clients.push(appClient, sandboxClient);
    const control = sandboxControl(sandboxClient);
    const health = await appClient.request<{ mode?: string; status?: string }>("GET", "/api/health", { timeoutMs: 30_000, headers: { authorization: `Bearer ${apiKey}` } });
    if (health.status !== 200 || health.body.mode !== "sandbox") throw new Error(`unexpected /api/health answer ${health.status}: ${JSON.stringify(health.body)}`);
    await control.configure({ rateLimit: { max: o.rateLimitMax, intervalMs: o.rateLimitIntervalMs }, latencyMs: o.sandboxLatencyMs });

    if (!o.localOnly) {
      section(`seed strategy (1 + 2N + 2M calls per registration), straight at the sandbox for ${o.seedDurationS} s`);
      await control.reset();
      const seed = await runSeedStrategy({ sandbox: sandboxClient, token: SANDBOX_TOKEN, runId, durationMs: o.seedDurationS * 1000, concurrency: o.seedConcurrency });
      results.seed = seed;
      results.seedCeiling = seedCeiling(o.rateLimitMax, o.rateLimitIntervalMs);
      formatSeed(seed, results.seedCeiling).forEach((l) => say(l));

      const phase = (title: string, runTag: string, load: Omit<LoadPhase, "title" | "runId">) =>
        runLoadPhase({ title, runId: runTag, ...load }, { client: appClient, control, monitor: monitor!, databaseUrl: db!.url, apiKey });
      // A clean rate-limit window (and no seed objects) for the app.
      await control.reset();
      results.app = await phase(
        o.rate ? `app, sustained: POST /api/crm/register arriving at ${o.rate}/s (open loop, at most ${o.concurrency} in flight)` : `app: POST /api/crm/register, closed loop of ${o.concurrency} clients`,
        runId,
        { rate: o.rate, concurrency: o.concurrency, warmupS: o.warmupS, durationS: o.durationS },
      );
      results.memory.serverHwmAfterLoadKb = monitor.serverHwmKb();
      if (o.ceilingDurationS > 0) {
        results.ceiling = await phase(
          `app, ceiling: closed loop of ${o.ceilingClients} clients, each posting again as soon as it is answered`,
          `${runId}c`,
          { concurrency: o.ceilingClients, warmupS: Math.min(5, o.warmupS), durationS: o.ceilingDurationS },
        );
        results.ceilingClients = o.ceilingClients;
      }
    }

    if (o.rows > 0) {
      section(`local tables: ${o.rows.toLocaleString("en")} rows`);
      results.local = await runLocalTables({ databaseUrl: db.url, client: appClient, app, apiKey, rows: o.rows, runs: o.runs, runId, progress });
      formatLocal(results.local).forEach((l) => say(l));
    }

    section("first-load JS (from the production build's manifests, gzip -9)");
    results.pages = measurePageWeights(repoRoot, PAGES);
    formatPages(results.pages).forEach((l) => say(l));

    results.memory.serverHwmKb = monitor.serverHwmKb();
    results.memory.serverPeakRssKb = monitor.peakRssKb;
    results.memory.workerPeakRssKb = monitor.peakWorkerRssKb;
  } finally {
    if (!interrupted) await cleanup();
  }

  say();
  formatSummary(results, o.smoke).forEach((l) => say(l));
  const file = path.join(logDir, o.smoke ? "last-smoke.json" : "last-run.json");
  fs.mkdirSync(logDir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ runId, at: new Date().toISOString(), options: o, machine: machine(), results }, null, 1)}\n`);
  say(`results: ${path.relative(process.cwd(), file)}`);
}

interface LoadPhase {
  title: string;
  runId: string;
  rate?: number;
  concurrency: number;
  warmupS: number;
  durationS: number;
}

interface PhaseDeps {
  client: HttpClient;
  control: ReturnType<typeof sandboxControl>;
  monitor: Monitor;
  databaseUrl: string;
  apiKey: string;
}

/** One registration load with its sandbox stats, CPU and database outcomes, printed as it ends. */
async function runLoadPhase(p: LoadPhase, d: PhaseDeps): Promise<AppFigures> {
  section(`${p.title}; ${p.warmupS} s warm-up + ${p.durationS} s measured`);
  let warmup: SandboxStats | undefined;
  let window: SandboxStats | undefined;
  let cpuStart: ReturnType<Monitor["snapshot"]> | undefined;
  let cpu: CpuReport | undefined;
  let atWindowEnd: RegistrationOutcomes | undefined;
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
    onWindow: async (edge) => {
      if (edge === "start") {
        cpuStart = d.monitor.snapshot();
        warmup = await d.control.stats();
        await d.control.resetStats();
      } else {
        window = await d.control.stats();
        cpu = Monitor.compare(cpuStart!, d.monitor.snapshot(), os.availableParallelism());
        atWindowEnd = await readRegistrationOutcomes(d.databaseUrl).catch(() => undefined);
      }
    },
  });
  const figures: AppFigures = { load, warmup: warmup!, window: window!, drain: await d.control.stats(), cpu };
  formatApp(figures).forEach((l) => say(l));
  if (atWindowEnd) formatOutcomes("registrations in the database at the window's end", atWindowEnd).forEach((l) => say(l));
  formatOutcomes("registrations in the database after the drain", await readRegistrationOutcomes(d.databaseUrl)).forEach((l) => say(l));
  return figures;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
