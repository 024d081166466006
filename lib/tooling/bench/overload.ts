/**
 * `npm run bench:overload`: registrations arriving far faster than HubSpot's budget lets out, as
 * the app runs under `npm start` (the bench's own launcher, database and sandbox). Prints the
 * server's and the worker's RSS and the latency of GET /api/health every few seconds, during the
 * load and after it, then a summary. Not a test: it asserts nothing.
 *
 * Defaults: 150 registrations/s for 60 s, each with one 50 KB ticket, against a budget of 5
 * HubSpot calls per 10 s, then 30 s of watching. Options: --rate N, --duration S, --ticket-kb N,
 * --budget CALLS/MS, --after S, --max-in-flight N (arrivals past N unanswered requests are skipped
 * and counted, as `npm run bench` does; default 1000), --env KEY=VALUE (app environment, repeatable; e.g.
 * `--env SYNC_INFLIGHT_MAX_ATTEMPTS=100000 --env SYNC_INFLIGHT_MAX_BYTES=2147483647` lifts the
 * in-memory bound for comparison).
 */
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { dataRoot } from "../../runtime/paths";
import { sleep } from "../../runtime/sleep";
import { sandboxControl } from "../sandbox/control-client";
import { startApp, type AppProcess } from "./app-process";
import { withPgClient } from "../../runtime/database-admin";
import { createBenchDatabase, type BenchDatabase } from "./database";
import { httpClient } from "./http-client";
import { Monitor } from "./monitor";
import { memoryOf } from "./proc";

const say = (line = "") => process.stdout.write(`${line}\n`);

function parseArgs(argv: string[]) {
  const o = { rate: 150, durationS: 60, ticketKb: 50, budgetMax: 5, budgetMs: 10_000, afterS: 30, maxInFlight: 1000, env: {} as Record<string, string> };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1] ?? ""];
    if (flag === "--") continue;
    i++;
    if (flag === "--rate") o.rate = Number(value);
    else if (flag === "--duration") o.durationS = Number(value);
    else if (flag === "--ticket-kb") o.ticketKb = Number(value);
    else if (flag === "--after") o.afterS = Number(value);
    else if (flag === "--max-in-flight") o.maxInFlight = Number(value);
    else if (flag === "--budget") [o.budgetMax, o.budgetMs] = value.split("/").map(Number);
    else if (flag === "--env") o.env[value.slice(0, value.indexOf("="))] = value.slice(value.indexOf("=") + 1);
    else throw new Error(`unknown option ${flag}`);
  }
  return o;
}

const mb = (kb?: number) => (kb === undefined ? "?" : `${Math.round(kb / 1024)} MB`);
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const apiKey = `bench-${crypto.randomBytes(16).toString("hex")}`;
  const runId = crypto.randomBytes(3).toString("hex");
  const ticket = "x".repeat(o.ticketKb * 1024 - 200);
  say(
    `bench:overload: ${o.rate}/s for ${o.durationS} s (at most ${o.maxInFlight} in flight), one ${o.ticketKb} KB ticket each, ` +
      `budget ${o.budgetMax} calls / ${o.budgetMs / 1000} s, then ${o.afterS} s of watching`,
  );
  if (Object.keys(o.env).length) say(`app env: ${JSON.stringify(o.env)}`);

  let db: BenchDatabase | undefined;
  let app: AppProcess | undefined;
  try {
    db = await createBenchDatabase();
    app = await startApp({
      databaseUrl: db.url,
      apiKey,
      logDir: path.join(dataRoot, "bench"),
      env: { LOG_LEVEL: "warn", HUBSPOT_RATE_LIMIT_MAX: String(o.budgetMax), HUBSPOT_RATE_LIMIT_INTERVAL_MS: String(o.budgetMs), ...o.env },
      progress: (m) => say(`  … ${m}`),
    });
    // HubSpot's own budget is the small one (the app learns it from the headers, as in production).
    await sandboxControl(app.sandboxUrl).configure({ rateLimit: { max: o.budgetMax, intervalMs: o.budgetMs } });
    say(`app ${app.baseUrl} (server pid ${app.serverPid}, worker pid ${app.workerPid ?? "?"}); log ${path.relative(process.cwd(), app.logFile)}`);
    const monitor = new Monitor({ server: app.serverPid, worker: app.workerPid, launcher: app.launcherPid }, new URL(db.url).pathname.slice(1));
    let cpuFrom = monitor.snapshot();
    const client = httpClient(app.baseUrl, 4000);
    const healthClient = httpClient(app.baseUrl, 2);
    const statuses: Record<string, number> = {};
    const latencies: number[] = [];
    let sent = 0;
    let inFlight = 0;
    let skipped = 0;
    const started = Date.now();
    const loadEnds = started + o.durationS * 1000;
    const send = (n: number) => {
      sent++;
      inFlight++;
      const body = {
        contact: { email: `overload-${runId}-${n}@example.com`, firstname: "Over", lastname: `Load ${n}` },
        tickets: [{ subject: `Overload ${n}`, description: ticket, hs_ticket_priority: "HIGH" }],
      };
      client
        .request("POST", "/api/crm/register", { body, headers: { authorization: `Bearer ${apiKey}` }, timeoutMs: 120_000 })
        .then((r) => {
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          latencies.push(r.ms);
        })
        .catch((e: NodeJS.ErrnoException) => (statuses[e.code ?? "error"] = (statuses[e.code ?? "error"] ?? 0) + 1))
        .finally(() => inFlight--);
    };
    // Open loop: arrivals on schedule, whatever the answers do.
    const loader = setInterval(() => {
      const due = Math.min(o.rate * o.durationS, Math.floor(((Math.min(Date.now(), loadEnds) - started) / 1000) * o.rate));
      while (sent + skipped < due) {
        if (inFlight >= o.maxInFlight) skipped++;
        else send(sent + skipped);
      }
      if (Date.now() >= loadEnds) clearInterval(loader);
    }, 20);

    const health: number[] = [];
    const rss: number[] = [];
    const end = loadEnds + o.afterS * 1000;
    say("\n   t   sent  answered (by status)            in flight  server RSS  worker RSS  /api/health  CPU % of a core: server, worker, PostgreSQL, machine");
    let healthMs = NaN;
    while (Date.now() < end) {
      const t0 = performance.now();
      healthMs = await healthClient
        .request("GET", "/api/health", { timeoutMs: 60_000 })
        .then((r) => (r.status === 200 ? r.ms : NaN))
        .catch(() => NaN);
      health.push(healthMs);
      const server = memoryOf(app.serverPid);
      const worker = app.workerPid ? memoryOf(app.workerPid) : undefined;
      if (server) rss.push(server.rssKb);
      const cpuTo = monitor.snapshot();
      const cpu = Monitor.compare(cpuFrom, cpuTo, os.availableParallelism());
      cpuFrom = cpuTo;
      const share = (part: string) => Math.round(cpu.parts.find((p) => p.part.startsWith(part))?.percent ?? NaN);
      const cpuLine = `${share("Next.js")} ${share("sync worker")} ${share("PostgreSQL")} ${Math.round(cpu.machinePercent)}`;
      const t = Math.round((Date.now() - started) / 1000);
      const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
      say(
        `${String(t).padStart(4)}  ${String(sent).padStart(5)}  ${String(answered).padStart(5)} ${JSON.stringify(statuses).padEnd(26)} ${String(inFlight).padStart(6)}  ${mb(server?.rssKb).padStart(10)}  ${mb(worker?.rssKb).padStart(10)}  ${(Number.isNaN(healthMs) ? "failed" : `${Math.round(healthMs)} ms`).padStart(11)}  ${cpuLine}`,
      );
      await sleep(Math.max(0, 5000 - (performance.now() - t0)));
    }
    const pending = await withPgClient(db.url, (c) => c.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM registration GROUP BY status"));
    const ok = health.filter((h) => !Number.isNaN(h));
    say("\nsummary");
    say(`  sent ${sent}, skipped ${skipped} (arrivals while ${o.maxInFlight} were in flight)`);
    say(`  answers: ${JSON.stringify(statuses)}; p50 ${Math.round(pct(latencies, 50))} ms, p95 ${Math.round(pct(latencies, 95))} ms, max ${Math.round(Math.max(...latencies))} ms`);
    monitor.stop();
    say(`  server RSS: peak ${mb(Math.max(monitor.peakRssKb, ...rss))}, high-water ${mb(memoryOf(app.serverPid)?.hwmKb)}, at the end ${mb(rss.at(-1))}`);
    say(`  /api/health: ${ok.length}/${health.length} answered 200; max ${Math.round(Math.max(...ok))} ms, p50 ${Math.round(pct(ok, 50))} ms`);
    say(`  registrations in PostgreSQL: ${pending.rows.map((r) => `${r.status} ${r.n}`).join(", ")}`);
    client.close();
    healthClient.close();
  } finally {
    await app?.stop().catch(() => undefined);
    await db?.drop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
