/**
 * Drives POST /api/crm/register like many clients would: closed loop (`concurrency` clients, each
 * sending its next registration when the previous one is answered) or open loop (`rate` arrivals
 * per second, at most `concurrency` in flight). A warm-up comes first; only answers that arrive in
 * the measured window count. Every loop stops at a fixed time; answers still due are awaited for
 * at most `drainMs`.
 */
import { sleep } from "../../runtime/sleep";
import type { HttpClient } from "./http-client";

export interface LoadOptions {
  client: HttpClient;
  apiKey: string;
  runId: string;
  warmupMs: number;
  durationMs: number;
  concurrency: number;
  /** Open loop at this many registrations per second; closed loop when undefined. */
  rate?: number;
  drainMs: number;
  /** When set, each request carries `X-Request-Id: <prefix><n>` (to find its line in the app's log). */
  requestIdPrefix?: string;
  /** Called when the measured window opens and closes (sandbox stats, CPU snapshots). */
  onWindow?(edge: "start" | "end"): void | Promise<void>;
}

export interface LoadResult {
  measuredMs: number;
  /** 200 answers (synced to HubSpot) in the window. */
  synced: number;
  /** 202 answers (stored, synced later by the worker) in the window. */
  accepted: number;
  /** Other answers and transport errors in the window, by status or error code. */
  errors: Record<string, number>;
  /** Latency of every answer in the window (200, 202 and errors), ms. */
  latencies: number[];
  syncedLatencies: number[];
  /** 200 answers per second of the whole run (warm-up included), for the shape of the flow. */
  timeline: number[];
  sent: number;
  /** Open loop: arrivals dropped because `concurrency` were already in flight. */
  skipped: number;
  peakInFlight: number;
  /** Answers still missing when the drain timed out. */
  unfinished: number;
  /** With `requestIdPrefix`: the request ids of the answers in the window. */
  windowRequestIds: string[];
}

export function registrationBody(runId: string, n: number) {
  return {
    contact: { email: `bench-${runId}-${n}@example.com`, firstname: "Bench", lastname: `User ${n}` },
    deals: [{ dealname: `Bench deal ${n}`, amount: 1000 + (n % 500) }],
    tickets: [{ subject: `Bench ticket ${n}`, description: "Created by npm run bench" }],
  };
}

export async function runRegistrationLoad(o: LoadOptions): Promise<LoadResult> {
  const r: LoadResult = {
    measuredMs: o.durationMs,
    synced: 0,
    accepted: 0,
    errors: {},
    latencies: [],
    syncedLatencies: [],
    timeline: [],
    sent: 0,
    skipped: 0,
    peakInFlight: 0,
    unfinished: 0,
    windowRequestIds: [],
  };
  const startedAt = Date.now();
  const windowStart = startedAt + o.warmupMs;
  const windowEnd = windowStart + o.durationMs;
  let inFlight = 0;
  let seq = 0;
  const headers = { authorization: `Bearer ${o.apiKey}` };
  const outstanding = new Set<Promise<void>>();

  const one = async () => {
    const n = seq++;
    const requestId = o.requestIdPrefix === undefined ? undefined : `${o.requestIdPrefix}${n}`;
    r.sent++;
    inFlight++;
    r.peakInFlight = Math.max(r.peakInFlight, inFlight);
    const t0 = performance.now();
    let outcome: string;
    try {
      const res = await o.client.request("POST", "/api/crm/register", {
        headers: requestId ? { ...headers, "x-request-id": requestId } : headers,
        body: registrationBody(o.runId, n),
        timeoutMs: 60_000,
      });
      outcome = String(res.status);
    } catch (e) {
      outcome = `error ${(e as { code?: string }).code ?? (e as Error).message}`;
    }
    const ms = performance.now() - t0;
    inFlight--;
    const now = Date.now();
    const second = Math.floor((now - startedAt) / 1000);
    if (outcome === "200") r.timeline[second] = (r.timeline[second] ?? 0) + 1;
    if (now < windowStart || now >= windowEnd) return;
    r.latencies.push(ms);
    if (requestId) r.windowRequestIds.push(requestId);
    if (outcome === "200") {
      r.synced++;
      r.syncedLatencies.push(ms);
    } else if (outcome === "202") r.accepted++;
    else r.errors[outcome] = (r.errors[outcome] ?? 0) + 1;
  };
  const track = (p: Promise<void>) => {
    outstanding.add(p);
    void p.finally(() => outstanding.delete(p));
  };

  const edges = (async () => {
    await sleep(windowStart - Date.now());
    await o.onWindow?.("start");
    await sleep(windowEnd - Date.now());
    await o.onWindow?.("end");
  })();

  if (o.rate) {
    // Open loop: arrivals on a fixed schedule, whatever the answers do.
    const gapMs = 1000 / o.rate;
    for (let next = Date.now(); Date.now() < windowEnd; next += gapMs) {
      const wait = next - Date.now();
      if (wait > 1) await sleep(wait);
      if (inFlight >= o.concurrency) r.skipped++;
      else track(one());
    }
  } else {
    const client = async () => {
      while (Date.now() < windowEnd) await one();
    };
    for (let i = 0; i < o.concurrency; i++) track(client());
  }
  await edges;
  const drained = Promise.all([...outstanding]).then(() => true);
  if (!(await Promise.race([drained, sleep(o.drainMs).then(() => false)]))) r.unfinished = inFlight;
  for (let i = 0; i < r.timeline.length; i++) r.timeline[i] ??= 0;
  return r;
}
