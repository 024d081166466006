/**
 * `npm run bench -- --mirror`: what the mirror costs and gives. The same registration load twice
 * on the bench's budget, first with the mirror off, then on (the sandbox's webhooks of every object
 * the registrations create go to the app, the catch-up runs every 10 s): the mirror's calls by
 * operation in the sandbox's stats, its share of the calls, and how much registrations'
 * throughput dropped. Then search over a mirror of --mirror-rows contacts (mirror-search.ts).
 */
import { withPgClient as withClient } from "../../runtime/database-admin";
import type { BenchOptions } from "./options";
import { runLoadPhase } from "./load-phase";
import type { Session } from "./matrix";
import { runMirrorSearch, type MirrorSearchResult } from "./mirror-search";
import { regsPerSecond, type AppFigures } from "./report";
import { callsTo } from "../sandbox/control-client";

export interface MirrorShare {
  off: AppFigures;
  on: AppFigures;
  /** Calls of the mirror in the measured window with the mirror on, by operation. */
  mirrorCalls: { objectReads: number; associationReads: number; searches: number };
  /** The mirror's batch reads ÷ the budget over the window (what the lane's cap bounds; search is outside it). */
  budgetShare: number;
  /** The mirror's batch reads ÷ every budgeted call made in the window (larger when registrations leave budget unused). */
  callShare: number;
  /** 1 − (registrations/s with the mirror) ÷ (registrations/s without). */
  throughputDrop: number;
  configuredShare: number;
}

export interface MirrorResults {
  share?: MirrorShare;
  search?: MirrorSearchResult;
}

export async function runMirrorPhases(d: {
  o: BenchOptions;
  open(appMax: number, env: Record<string, string>): Promise<Session>;
  close(s: Session): Promise<void>;
  runId: string;
  apiKey: string;
  databaseUrl: string;
  say(line?: string): void;
  progress(msg: string): void;
}): Promise<MirrorResults> {
  const { o } = d;
  const results: MirrorResults = {};
  const load = async (s: Session, title: string, tag: string) => {
    await s.control.configure({ rateLimit: { max: o.rateLimitMax, intervalMs: o.rateLimitIntervalMs }, latency: o.latency });
    await s.control.reset({ keepProperties: true });
    return runLoadPhase(
      { title, runId: tag, rate: o.rate, concurrency: o.concurrency, warmupS: o.warmupS, durationS: o.durationS },
      { app: s.app, client: s.appClient, control: s.control, monitor: s.monitor, databaseUrl: d.databaseUrl, apiKey: d.apiKey, say: d.say },
    );
  };
  const share = Number(o.appEnv.MIRROR_BUDGET_SHARE ?? 0.1);
  if (!o.localOnly) {
    const offSession = await d.open(o.rateLimitMax, { MIRROR_ENABLED: "0" });
    const off = await load(offSession, `mirror off: registrations arriving at ${o.rate ?? "closed loop"}/s`, `${d.runId}m0`);
    await d.close(offSession);
    // The next app runs a new sandbox, without the sync-key properties the app remembers creating.
    await withClient(d.databaseUrl, (c) => c.query("DELETE FROM portal_setting WHERE key LIKE 'sync_key_property:%'"));
    const onSession = await d.open(o.rateLimitMax, { MIRROR_ENABLED: "1", MIRROR_CATCHUP_INTERVAL_SECONDS: "10", MIRROR_SEARCH_LAG_MS: "2000" });
    try {
      const on = await load(onSession, `mirror on (webhooks of every created object, catch-up every 10 s): the same load`, `${d.runId}m1`);
      const w = on.window;
      // Registrations make no reads here (they create with inline associations): every batch read is the mirror's.
      const associationReads = Object.entries(w.byRoute)
        .filter(([route]) => route.includes("/associations/") && route.endsWith("/batch/read"))
        .reduce((n, [, c]) => n + c, 0);
      const mirrorCalls = { objectReads: callsTo(w, "/batch/read") - associationReads, associationReads, searches: callsTo(w, "/search") };
      const reads = mirrorCalls.objectReads + mirrorCalls.associationReads;
      const budget = (o.rateLimitMax * on.load.measuredMs) / o.rateLimitIntervalMs;
      results.share = {
        off,
        on,
        mirrorCalls,
        budgetShare: reads / budget,
        callShare: reads / Math.max(1, w.calls - mirrorCalls.searches),
        throughputDrop: 1 - regsPerSecond(on.load) / Math.max(1e-9, regsPerSecond(off.load)),
        configuredShare: share,
      };
      if (o.mirrorRows > 0) results.search = await runSearch(onSession);
    } finally {
      await d.close(onSession);
    }
  } else if (o.mirrorRows > 0) {
    const s = await d.open(o.rateLimitMax, { MIRROR_ENABLED: "0" });
    try {
      results.search = await runSearch(s);
    } finally {
      await d.close(s);
    }
  }
  return results;

  function runSearch(s: Session) {
    d.say(`\n== mirror search: ${o.mirrorRows.toLocaleString("en")} mirrored contacts, ${o.mirrorQueries} queries ==`);
    return runMirrorSearch({ databaseUrl: d.databaseUrl, client: s.appClient, app: s.app, apiKey: d.apiKey, rows: o.mirrorRows, queries: o.mirrorQueries, progress: d.progress });
  }
}
