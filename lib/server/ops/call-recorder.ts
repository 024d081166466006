import "server-only";
import { sqlPool } from "../db";
import { logger } from "../logger";
import { durationBucket, minuteBucket, pathLabel, statusClass, tenSecondBucket } from "./labels";
import { UPSERT_CALLS_SQL, UPSERT_DAILY_SQL, UPSERT_HTTP_SQL } from "./rollup-sql";

/**
 * What this process saw of HubSpot calls and API requests, counted in memory and added to the
 * PostgreSQL rollups every few seconds in one statement per table: a call costs a map update, not
 * a query, and every process (web replicas, the worker) adds to the same deployment-wide totals.
 */

const FLUSH_MS = 5_000;

/** One HubSpot answer (or its absence) as the client logs it. */
export interface HubSpotCall {
  method: string;
  path: string;
  attempt: number;
  /** 0 when no answer came (timeout, connection refused). */
  status: number;
  headers?: Headers;
}

type CallRow = { bucket: string; operation: string; status_class: string; calls: number; retries: number };
type HttpRow = { minute: string; route: string; method: string; status_class: string; le_ms: number; count: number; duration_ms_sum: number };
type Daily = { daily_limit: number; remaining: number; observed_at: string };

let calls = new Map<string, CallRow>();
let requests = new Map<string, HttpRow>();
let daily: Daily | undefined;
let timer: NodeJS.Timeout | undefined;

function schedule() {
  timer ??= setInterval(() => void flushOpsCounters().catch((err) => logger.warn({ err }, "could not record operations counters")), FLUSH_MS).unref();
}

const headerInt = (h: Headers | undefined, name: string) => {
  const v = Number(h?.get(name) ?? NaN);
  return Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined;
};

/** Count a HubSpot call: its 10-second bucket, operation, status class, and whether it was a retry. */
export function recordHubSpotCall(call: HubSpotCall): void {
  const bucket = tenSecondBucket(Date.now()).toISOString();
  const operation = `${call.method} ${pathLabel(call.path)}`;
  const cls = statusClass(call.status);
  const key = `${bucket} ${operation} ${cls}`;
  const row = calls.get(key) ?? { bucket, operation, status_class: cls, calls: 0, retries: 0 };
  row.calls += 1;
  if (call.attempt > 1) row.retries += 1;
  calls.set(key, row);
  const limit = headerInt(call.headers, "x-hubspot-ratelimit-daily");
  const remaining = headerInt(call.headers, "x-hubspot-ratelimit-daily-remaining");
  if (limit && remaining !== undefined) daily = { daily_limit: limit, remaining, observed_at: new Date().toISOString() };
  schedule();
}

/** Count an API request's duration in its route's histogram for this minute. */
export function recordHttpRequest(req: { path: string; method: string; status: number; durationMs: number }): void {
  const minute = minuteBucket(Date.now()).toISOString();
  const route = pathLabel(req.path);
  const cls = statusClass(req.status);
  const le = durationBucket(req.durationMs);
  const key = `${minute} ${route} ${req.method} ${cls} ${le}`;
  const row = requests.get(key) ?? { minute, route, method: req.method, status_class: cls, le_ms: le, count: 0, duration_ms_sum: 0 };
  row.count += 1;
  row.duration_ms_sum += req.durationMs;
  requests.set(key, row);
  schedule();
}

/** Add what was counted since the last flush to PostgreSQL; on failure the counts are kept for the next one. */
export async function flushOpsCounters(): Promise<void> {
  const [c, r, d] = [calls, requests, daily];
  calls = new Map();
  requests = new Map();
  daily = undefined;
  try {
    if (c.size) await sqlPool().query(UPSERT_CALLS_SQL, [JSON.stringify([...c.values()])]);
    if (r.size) await sqlPool().query(UPSERT_HTTP_SQL, [JSON.stringify([...r.values()])]);
    if (d) await sqlPool().query(UPSERT_DAILY_SQL, [d.daily_limit, d.remaining, d.observed_at]);
  } catch (err) {
    for (const [k, v] of c) merge(calls, k, v, (a, b) => ({ ...a, calls: a.calls + b.calls, retries: a.retries + b.retries }));
    for (const [k, v] of r) merge(requests, k, v, (a, b) => ({ ...a, count: a.count + b.count, duration_ms_sum: a.duration_ms_sum + b.duration_ms_sum }));
    daily ??= d;
    throw err;
  }
}

function merge<T>(into: Map<string, T>, key: string, value: T, add: (a: T, b: T) => T) {
  const existing = into.get(key);
  into.set(key, existing ? add(existing, value) : value);
}
