/**
 * `npm run bench -- --matrix`: the app under latency profiles × HubSpot budgets, one open-loop
 * cell each, then an idle row and the seed's strategy, for one table (matrix-report.ts).
 *
 * Each cell reconfigures the sandbox (`/__sandbox/config`: rate limit + latency model) and resets
 * it rather than restarting the app: budgets run highest first, and the app, started with
 * HUBSPOT_RATE_LIMIT_MAX = the highest, learns each cell's budget from the sandbox's
 * X-HubSpot-RateLimit-Max header (`--restart-per-budget` starts a fresh app per budget instead).
 * Between cells the bench waits for the app to go quiet (the worker finishing what the drain left)
 * and for the rate window to roll, so each cell starts on an empty window.
 */
import { sleep } from "../../runtime/sleep";
import type { SandboxControl } from "../sandbox/control-client";
import type { LatencyInput, LatencyProfile } from "../sandbox/latency";
import type { AppProcess } from "./app-process";
import type { HttpClient } from "./http-client";
import { runLoadPhase } from "./load-phase";
import type { Monitor } from "./monitor";
import { physicalLimit, type BenchOptions } from "./options";
import type { AppFigures } from "./report";
import { runSeedStrategy, type SeedResult } from "./seed-strategy";

/** The longest answer the slow cells give at 90 % of a budget (p99 ≈ 4 s): the callers' pool must hold offered × that. */
const SLOWEST_ANSWER_S = 4;

/**
 * Callers in flight a cell allows: --concurrency, or more when the offered rate needs it, so that
 * the bench never holds back arrivals the app would take (by Little's law, 570/s with answers of
 * up to 3-4 s needs 2,000-2,300 open requests: with 1,000 the slow 190 cell skipped 2,641).
 */
export const inFlightFor = (offered: number, concurrency: number) => Math.max(concurrency, Math.ceil(offered * SLOWEST_ANSWER_S));

/** The most any cell of the matrix allows in flight (0 without a matrix): what the callers' pool holds. */
export function matrixInFlight(o: BenchOptions): number {
  const m = o.matrix;
  if (!m) return 0;
  const offered = m.rate ?? Math.max(...m.budgets.map((b) => Math.round(physicalLimit(b, o.rateLimitIntervalMs) * m.loadFraction)));
  return inFlightFor(offered, o.concurrency);
}

/** A started app with what the bench needs around it. */
export interface Session {
  app: AppProcess;
  monitor: Monitor;
  appClient: HttpClient;
  sandboxClient: HttpClient;
  control: SandboxControl;
}

export interface MatrixDeps {
  o: BenchOptions;
  runId: string;
  apiKey: string;
  databaseUrl: string;
  sandboxToken: string;
  /** Starts the app with HUBSPOT_RATE_LIMIT_MAX = `appMax` (unless --env sets it). */
  open(appMax: number): Promise<Session>;
  close(session: Session): Promise<void>;
  say(line?: string): void;
  progress(msg: string): void;
}

export interface MatrixCell {
  profile: LatencyProfile;
  budget: number;
  /** Registrations per second the budget allows at 3 calls per 100 registrations. */
  limit: number;
  offered: number;
  figures: AppFigures;
}

export interface MatrixResults {
  cells: MatrixCell[];
  idle?: { profile: LatencyProfile; budget: number; rate: number; figures: AppFigures };
  seed?: { profile: LatencyProfile; budget: number; result: SeedResult };
  intervalMs: number;
}

/** Until no sandbox call for `quietMs` (at most `maxMs`): the worker may still finish registrations. */
async function waitQuiet(control: Session["control"], quietMs: number, maxMs: number): Promise<void> {
  let last = (await control.stats()).calls;
  let since = Date.now();
  for (const deadline = Date.now() + maxMs; Date.now() < deadline; ) {
    await sleep(250);
    const calls = (await control.stats()).calls;
    if (calls !== last) [last, since] = [calls, Date.now()];
    else if (Date.now() - since >= quietMs) return;
  }
}

export async function runMatrix(d: MatrixDeps): Promise<MatrixResults> {
  const m = d.o.matrix!;
  const intervalMs = d.o.rateLimitIntervalMs;
  const results: MatrixResults = { cells: [], intervalMs };
  let session: Session | undefined;
  let prepared = false;

  /** Sandbox at this budget and latency, on an empty window with no objects. */
  const prepare = async (s: Session, budget: number, latency: LatencyInput) => {
    if (prepared && m.settle) {
      d.progress("waiting for the app to go quiet and the rate window to roll…");
      await waitQuiet(s.control, 1_000, 60_000);
      await sleep(intervalMs + 500);
    }
    prepared = true;
    await s.control.configure({ rateLimit: { max: budget, intervalMs }, latency });
    // The app created its custom properties once: keep them.
    await s.control.reset({ keepProperties: true });
  };
  const deps = (s: Session) => ({ app: s.app, client: s.appClient, control: s.control, monitor: s.monitor, databaseUrl: d.databaseUrl, apiKey: d.apiKey, say: d.say });

  try {
    for (const budget of m.budgets) {
      if (!session || m.restartPerBudget) {
        if (session) await d.close(session);
        session = await d.open(m.restartPerBudget ? budget : m.budgets[0]);
        prepared = false;
      }
      for (const profile of m.profiles) {
        await prepare(session, budget, { profile });
        const limit = physicalLimit(budget, intervalMs);
        const offered = m.rate ?? Math.round(limit * m.loadFraction);
        const figures = await runLoadPhase(
          {
            title: `matrix: ${profile} latency, budget ${budget} calls / ${intervalMs / 1000} s: ${offered}/s open loop (${Math.round((offered / limit) * 100)} % of ${Math.round(limit)}/s)`,
            runId: `${d.runId}${profile[0]}${budget}`,
            rate: offered,
            concurrency: inFlightFor(offered, d.o.concurrency),
            warmupS: d.o.warmupS,
            durationS: d.o.durationS,
          },
          deps(session),
        );
        results.cells.push({ profile, budget, limit, offered, figures });
      }
    }

    // The idle row and the seed on the budget the app was given last (the lowest) and the typical profile.
    const budget = m.budgets[m.budgets.length - 1];
    const profile: LatencyProfile = m.profiles.includes("typical") ? "typical" : m.profiles[0];
    await prepare(session!, budget, { profile });
    const idle = await runLoadPhase(
      { title: `matrix: idle, ${m.idleRate}/s (${profile} latency, budget ${budget})`, runId: `${d.runId}idle`, rate: m.idleRate, concurrency: d.o.concurrency, warmupS: Math.min(d.o.warmupS, 5), durationS: m.idleDurationS },
      deps(session!),
    );
    results.idle = { profile, budget, rate: m.idleRate, figures: idle };

    await prepare(session!, budget, { profile });
    d.say(`\n== matrix: seed strategy straight at the sandbox (${profile} latency, budget ${budget}) for ${d.o.seedDurationS} s ==`);
    const seed = await runSeedStrategy({ sandbox: session!.sandboxClient, token: d.sandboxToken, runId: d.runId, durationMs: d.o.seedDurationS * 1000, concurrency: d.o.seedConcurrency });
    results.seed = { profile, budget, result: seed };
    return results;
  } finally {
    if (session) await d.close(session);
  }
}
