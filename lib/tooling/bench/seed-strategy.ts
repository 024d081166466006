/**
 * The seed's way of registering, driven straight at the sandbox for comparison: create the
 * contact, then each deal and each ticket, then one association call per object (1 + 2N + 2M
 * calls), each call retried on 429/5xx with Tenacity's `wait_exponential(multiplier=1, min=1,
 * max=10)` and `stop_after_attempt(5)`, as the seed's README describes.
 */
import { setMaxListeners } from "node:events";
import type { HttpClient } from "./http-client";

export interface SeedOptions {
  sandbox: HttpClient;
  token: string;
  runId: string;
  durationMs: number;
  /** Registrations in progress at once (the seed's request threads). */
  concurrency: number;
}

export interface SeedResult {
  durationMs: number;
  registrations: number;
  /** Registrations given up (a call still failing after 5 attempts). */
  failed: number;
  /** Calls the seed made, 429s it received. */
  calls: number;
  rateLimited: number;
  latencies: number[];
}

const MAX_ATTEMPTS = 5;

class GaveUp extends Error {}

function abortableSleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export async function runSeedStrategy(o: SeedOptions): Promise<SeedResult> {
  const r: SeedResult = { durationMs: o.durationMs, registrations: 0, failed: 0, calls: 0, rateLimited: 0, latencies: [] };
  const stop = new AbortController();
  // Every request and backoff of every client listens for the end.
  setMaxListeners(4 * o.concurrency + 10, stop.signal);
  const timer = setTimeout(() => stop.abort(new Error("time is up")), o.durationMs);
  const headers = { authorization: `Bearer ${o.token}` };

  const call = async (method: string, path: string, body?: unknown): Promise<{ id?: string }> => {
    for (let attempt = 1; ; attempt++) {
      r.calls++;
      let status = 0;
      let data: { id?: string } = {};
      try {
        const res = await o.sandbox.request<{ id?: string }>(method, path, { headers, body, signal: stop.signal, timeoutMs: 30_000 });
        status = res.status;
        data = res.body;
      } catch (e) {
        if (stop.signal.aborted) throw e;
      }
      if (status === 429) r.rateLimited++;
      if (status >= 200 && status < 300) return data;
      const retryable = status === 0 || status === 429 || status >= 500;
      if (!retryable || attempt >= MAX_ATTEMPTS) throw new GaveUp(`${method} ${path} → ${status}`);
      await abortableSleep(Math.min(10, Math.max(1, 2 ** (attempt - 1))) * 1000, stop.signal);
    }
  };

  const register = async (n: number) => {
    const contact = await call("POST", "/crm/v3/objects/contacts", {
      properties: { email: `seed-${o.runId}-${n}@example.com`, firstname: "Seed", lastname: `User ${n}` },
    });
    const deal = await call("POST", "/crm/v3/objects/deals", {
      properties: { dealname: `Seed deal ${n}`, amount: "1000", pipeline: "default", dealstage: "appointmentscheduled" },
    });
    const ticket = await call("POST", "/crm/v3/objects/tickets", {
      properties: { subject: `Seed ticket ${n}`, content: "Created by npm run bench", hs_pipeline: "0", hs_pipeline_stage: "1" },
    });
    // v4 default associations: deal→contact (type 3), ticket→contact (type 16), one call each.
    await call("PUT", `/crm/v4/objects/deals/${deal.id}/associations/default/contacts/${contact.id}`);
    await call("PUT", `/crm/v4/objects/tickets/${ticket.id}/associations/default/contacts/${contact.id}`);
  };

  let seq = 0;
  const client = async () => {
    while (!stop.signal.aborted) {
      const t0 = performance.now();
      try {
        await register(seq++);
        if (!stop.signal.aborted) {
          r.registrations++;
          r.latencies.push(performance.now() - t0);
        }
      } catch (e) {
        if (e instanceof GaveUp) r.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, client));
  clearTimeout(timer);
  return r;
}
