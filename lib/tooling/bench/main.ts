/**
 * `npm run bench`: the performance figures, printed.
 *
 *   fresh database → the app as `npm start` runs it (production build, sandbox) → sandbox at
 *   100 calls / 10 s and the `typical` latency profile → the seed's strategy against the sandbox →
 *   sandbox reset → concurrent registrations through the app → 1,000,000 local rows and the paging
 *   endpoints → first-load JS from the build → summary with targets.
 *
 * `--matrix` instead runs latency profiles × budgets (matrix.ts) and prints one table; `--mirror`
 * the mirror's figures (mirror-phases.ts).
 *
 * Not a test: it asserts nothing (tests/bench/bench-smoke.test.ts runs `--smoke` so it cannot rot).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dataRoot, repoRoot } from "../../runtime/paths";
import { sleep } from "../../runtime/sleep";
import { sandboxControl } from "../sandbox/control-client";
import { startApp, type AppProcess } from "./app-process";
import { createBenchDatabase, type BenchDatabase } from "./database";
import { httpClient } from "./http-client";
import { runLoadPhase, type LoadPhase } from "./load-phase";
import { runLocalTables } from "./local-tables";
import { matrixInFlight, runMatrix, type Session } from "./matrix";
import { formatImport, runImport } from "./import-run";
import { formatMatrix } from "./matrix-report";
import { Monitor } from "./monitor";
import { machineTicks } from "./proc";
import { parseOptions, type BenchOptions } from "./options";
import { describeLoad, machine } from "./run-header";
import { runMirrorPhases } from "./mirror-phases";
import { formatMirrorSearch, formatMirrorShare, formatMirrorSummary } from "./mirror-report";
import { measurePageWeights } from "./page-weight";
import { formatLocal, formatPages, formatSeed, formatSummary, seedCeiling, type Results } from "./report";
import { runSeedStrategy } from "./seed-strategy";

const SANDBOX_TOKEN = "pat-sandbox-token";
const PAGES = ["(dashboard)/register", "(dashboard)/registrations", "(dashboard)/local", "(dashboard)/hubspot", "(dashboard)/api-keys", "(dashboard)/docs", "(dashboard)"];

const say = (line = "") => process.stdout.write(`${line}\n`);
const section = (title: string) => say(`\n== ${title} ==`);
const progress = (msg: string) => say(`  … ${msg}`);

/** Several people share this working tree: if someone else's `next build` is running, wait for it (bounded). */
async function startAppWhenBuildIsFree(opts: Parameters<typeof startApp>[0]): Promise<AppProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startApp(opts);
    } catch (err) {
      if (attempt >= 20 || !String((err as Error).message).includes("Another next build process is already running")) throw err;
      progress("another next build is running in this working tree; waiting 15 s for it to finish…");
      await sleep(15_000);
    }
  }
}

/**
 * HUBSPOT_RATE_LIMIT_MAX follows the sandbox's budget unless `--env` sets it. The mirror is off
 * unless a phase turns it on (`--mirror`), so the registration figures stay comparable.
 */
const appEnvFor = (o: BenchOptions, max: number, phase: Record<string, string> = {}) => ({
  HUBSPOT_RATE_LIMIT_MAX: String(max),
  MIRROR_ENABLED: "0",
  ...phase,
  ...o.appEnv,
});

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const runId = crypto.randomBytes(4).toString("hex");
  const apiKey = `bench-${crypto.randomBytes(16).toString("hex")}`;
  const logDir = path.join(dataRoot, "bench");
  const results: Results = { memory: { serverHwmKb: 0, serverPeakRssKb: 0, workerPeakRssKb: 0 } };

  say(`npm run bench${o.mirror ? " --mirror" : ""}${o.matrix ? " --matrix" : ""}${o.importRows ? ` --import ${o.importRows}` : ""}${o.smoke ? " --smoke" : ""} (run ${runId}, ${new Date().toISOString()})`);
  machine().forEach((l) => say(l));
  // The machine is shared: how busy it is before we add anything says how much the figures can trust.
  const before = machineTicks();
  await sleep(2000);
  const after = machineTicks();
  const cores = os.availableParallelism();
  say(`machine busy before the run (2 s sample): ${(((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100 * cores).toFixed(0)} % of ${cores * 100} %`);
  say(o.importRows ? `load: one import of ${o.importRows} rows, live registrations during it; sandbox ${o.rateLimitMax} calls / 10 s` : describeLoad(o));

  let db: BenchDatabase | undefined;
  const sessions = new Set<Session>();
  const close = async (s: Session) => {
    if (!sessions.delete(s)) return;
    s.monitor.stop();
    s.appClient.close();
    s.sandboxClient.close();
    await s.app.stop().catch(() => undefined);
  };
  const open = async (appMax: number, phaseEnv: Record<string, string> = {}): Promise<Session> => {
    const started = Date.now();
    const env = appEnvFor(o, appMax, phaseEnv);
    const app = await startAppWhenBuildIsFree({ databaseUrl: db!.url, apiKey, logDir, env, progress });
    const monitor = new Monitor({ server: app.serverPid, worker: app.workerPid, launcher: app.launcherPid }, new URL(db!.url).pathname.slice(1));
    const appClient = httpClient(app.baseUrl, Math.max(o.concurrency, o.ceilingClients, matrixInFlight(o)) + 8);
    const sandboxClient = httpClient(app.sandboxUrl, Math.max(16, o.seedConcurrency * 2));
    const session: Session = { app, monitor, appClient, sandboxClient, control: sandboxControl(app.sandboxUrl) };
    sessions.add(session);
    say(`app: ${app.baseUrl} (Next.js server pid ${app.serverPid}, worker pid ${app.workerPid ?? "?"}), sandbox ${app.sandboxUrl}; ready in ${((Date.now() - started) / 1000).toFixed(0)} s${app.buildMs ? ` including next build ${(app.buildMs / 1000).toFixed(0)} s` : " (existing build)"}; HUBSPOT_RATE_LIMIT_MAX=${env.HUBSPOT_RATE_LIMIT_MAX}`);
    say(`app log: ${path.relative(process.cwd(), app.logFile)}`);
    const health = await appClient.request<{ mode?: string; status?: string }>("GET", "/api/health", { timeoutMs: 30_000, headers: { authorization: `Bearer ${apiKey}` } });
    if (health.status !== 200 || health.body.mode !== "sandbox") throw new Error(`unexpected /api/health answer ${health.status}: ${JSON.stringify(health.body)}`);
    // The sandbox that `npm start` runs sends its webhooks to the app; not while the mirror is off.
    if (env.MIRROR_ENABLED !== "1") await session.control.configure({ webhooks: { targetUrl: null } });
    say(`mirror: ${env.MIRROR_ENABLED === "1" ? "on (sandbox webhooks to the app)" : "off (MIRROR_ENABLED=0, no sandbox webhooks)"}`);
    return session;
  };
  const cleanup = async () => {
    for (const s of [...sessions]) await close(s);
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

  let output: string[];
  let saved: unknown;
  try {
    section("setup");
    db = await createBenchDatabase();
    say(`database: ${db.description}`);
    if (o.mirror) {
      const mirror = await runMirrorPhases({ o, open, close, runId, apiKey, databaseUrl: db.url, say, progress });
      if (mirror.share) formatMirrorShare(mirror.share).forEach((l) => say(l));
      if (mirror.search) formatMirrorSearch(mirror.search).forEach((l) => say(l));
      output = formatMirrorSummary(mirror, o.smoke);
      saved = { ...mirror, search: mirror.search && { ...mirror.search, plans: undefined } };
    } else if (o.importRows) {
      const s = await open(o.rateLimitMax);
      await s.control.configure({ rateLimit: { max: o.rateLimitMax, intervalMs: o.rateLimitIntervalMs }, latency: o.latency });
      await s.control.reset({ keepProperties: true });
      section(`bulk import of ${o.importRows.toLocaleString("en")} rows`);
      const perSecond = (o.rateLimitMax / (o.rateLimitIntervalMs / 1000) / 3) * 100;
      const result = await runImport(s, { apiKey, rows: o.importRows, tag: `imp${runId}`, registrationsPerSecond: perSecond, liveSamples: o.smoke ? 2 : 12, progress });
      output = formatImport(result, `sandbox ${o.rateLimitMax} calls / ${o.rateLimitIntervalMs / 1000} s, latency ${JSON.stringify(o.latency)}`);
      saved = result;
    } else if (o.matrix) {
      const matrix = await runMatrix({ o, runId, apiKey, databaseUrl: db.url, sandboxToken: SANDBOX_TOKEN, open, close, say, progress });
      if (matrix.seed) formatSeed(matrix.seed.result, seedCeiling(matrix.seed.budget, o.rateLimitIntervalMs)).forEach((l) => say(l));
      output = formatMatrix(matrix, o.smoke);
      saved = matrix;
    } else {
      await runPhases(o, await open(o.rateLimitMax), { runId, apiKey, databaseUrl: db.url, results });
      output = formatSummary(results, o.smoke);
      saved = results;
    }
  } finally {
    if (!interrupted) await cleanup();
  }

  say();
  output.forEach((l) => say(l));
  const file = path.join(logDir, `last-${o.mirror ? "mirror" : o.matrix ? "matrix" : o.importRows ? "import" : "run"}${o.smoke ? "-smoke" : ""}.json`);
  fs.mkdirSync(logDir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ runId, at: new Date().toISOString(), options: o, machine: machine(), results: saved }, null, 1)}\n`);
  say(`results: ${path.relative(process.cwd(), file)}`);
}

/** The default run's phases on one app: seed, sustained load, ceiling, local tables, page weights. */
async function runPhases(o: BenchOptions, s: Session, r: { runId: string; apiKey: string; databaseUrl: string; results: Results }) {
  const { control, monitor, sandboxClient, appClient, app } = s;
  const { results, runId } = r;
  await control.configure({ rateLimit: { max: o.rateLimitMax, intervalMs: o.rateLimitIntervalMs }, latency: o.latency });

  if (!o.localOnly) {
    section(`seed strategy (1 + 2N + 2M calls per registration), straight at the sandbox for ${o.seedDurationS} s`);
    await control.reset({ keepProperties: true });
    const seed = await runSeedStrategy({ sandbox: sandboxClient, token: SANDBOX_TOKEN, runId, durationMs: o.seedDurationS * 1000, concurrency: o.seedConcurrency });
    results.seed = seed;
    results.seedCeiling = seedCeiling(o.rateLimitMax, o.rateLimitIntervalMs);
    formatSeed(seed, results.seedCeiling).forEach((l) => say(l));

    const phase = (title: string, runTag: string, load: Omit<LoadPhase, "title" | "runId">) =>
      runLoadPhase({ title, runId: runTag, ...load }, { app, client: appClient, control, monitor, databaseUrl: r.databaseUrl, apiKey: r.apiKey, say });
    // A clean rate-limit window (and no seed objects) for the app.
    await control.reset({ keepProperties: true });
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
    results.local = await runLocalTables({ databaseUrl: r.databaseUrl, client: appClient, app, apiKey: r.apiKey, rows: o.rows, runs: o.runs, runId, progress });
    formatLocal(results.local).forEach((l) => say(l));
  }

  section("first-load JS (from the production build's manifests, gzip -9)");
  results.pages = measurePageWeights(repoRoot, PAGES);
  formatPages(results.pages).forEach((l) => say(l));

  results.memory.serverHwmKb = monitor.serverHwmKb();
  results.memory.serverPeakRssKb = monitor.peakRssKb;
  results.memory.workerPeakRssKb = monitor.peakWorkerRssKb;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
