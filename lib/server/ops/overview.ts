import "server-only";
import type { OperationsOverview } from "@/lib/schemas/operations";
import { db } from "../db";
import { env } from "../env";
import { listActiveAlerts } from "./alert-episodes";
import { COUNT_CAP, getBudgetState, getConnectionState, getDailyState, getQueueState } from "./deployment-state";
import { quantileFromBuckets } from "./percentiles";

/** The operations page's data: the last hour from the rollups (a few hundred rows), never the registrations. */

const HOUR_MS = 3_600_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Every bucket start of the last hour, so quiet periods chart as zero instead of gaps. */
function buckets(now: number, stepMs: number): string[] {
  const end = Math.floor(now / stepMs) * stepMs;
  return Array.from({ length: HOUR_MS / stepMs }, (_, i) => new Date(end - (HOUR_MS / stepMs - 1 - i) * stepMs).toISOString());
}

type RegRow = { minute: Date; outcome: string; latency_le_ms: number; count: number };
type CallRow = { bucket: Date; status_class: string; calls: number; retries: number };

async function readRollups(since: Date) {
  const [regs, calls] = await Promise.all([
    db.$queryRaw<RegRow[]>`SELECT minute, outcome, latency_le_ms, count::int AS count FROM registration_rollup WHERE minute >= ${since}`,
    db.$queryRaw<CallRow[]>`
      SELECT bucket, status_class, sum(calls)::int AS calls, sum(retries)::int AS retries FROM hubspot_call_rollup
       WHERE bucket >= ${since} GROUP BY bucket, status_class`,
  ]);
  return { regs, calls };
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

export async function getOperationsOverview(now = Date.now()): Promise<OperationsOverview> {
  const since = new Date(now - HOUR_MS);
  const [rollups, budget, queue, daily, connection, alerts] = await Promise.all([
    readRollups(since),
    getBudgetState(),
    getQueueState(),
    getDailyState(),
    getConnectionState(),
    listActiveAlerts(),
  ]);
  const minutes = buckets(now, 60_000);
  const regsByMinute = groupBy(rollups.regs, (r) => r.minute.toISOString());
  const regAt = (m: string, outcome: string) => (regsByMinute.get(m) ?? []).filter((r) => r.outcome === outcome);
  const sum = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
  const callsByBucket = groupBy(rollups.calls, (c) => c.bucket.toISOString());
  const callsByMinute = groupBy(rollups.calls, (c) => new Date(Math.floor(c.bucket.getTime() / 60_000) * 60_000).toISOString());
  const lastHourCalls = rollups.calls.reduce((n, c) => n + c.calls, 0);
  const endOfDay = new Date(now);
  endOfDay.setUTCHours(24, 0, 0, 0);
  return {
    generatedAt: new Date(now).toISOString(),
    budget: {
      portalMax: budget.portalMax,
      max: budget.max,
      intervalMs: budget.intervalMs,
      isLearnt: budget.isLearnt,
      usedNow: budget.used,
      windows: buckets(now, 10_000).map((b) => ({ at: b, calls: (callsByBucket.get(b) ?? []).reduce((n, c) => n + c.calls, 0) })),
    },
    registrations: minutes.map((m) => ({
      at: m,
      received: sum(regAt(m, "received")),
      syncedAtOnce: sum(regAt(m, "synced_at_once")),
      syncedLater: sum(regAt(m, "synced_later")),
      acceptedForLater: sum(regAt(m, "accepted_for_later")),
      needsAttention: sum([...regAt(m, "needs_attention"), ...regAt(m, "partial")]),
    })),
    queue: {
      pending: queue.pending,
      oldestPendingAgeSeconds: queue.oldestPendingAt ? Math.max(0, Math.round((now - queue.oldestPendingAt.getTime()) / 1000)) : null,
      needsAttention: queue.needsAttention,
      countCap: COUNT_CAP,
    },
    latency: minutes.map((m) => {
      const rows = [...regAt(m, "synced_at_once"), ...regAt(m, "synced_later")].map((r) => ({ le: r.latency_le_ms, count: r.count }));
      return { at: m, p50Ms: quantileFromBuckets(rows, 0.5), p95Ms: quantileFromBuckets(rows, 0.95), count: sum(rows) };
    }),
    answers: minutes.map((m) => {
      const rows = callsByMinute.get(m) ?? [];
      const of = (cls: string) => rows.filter((r) => r.status_class === cls).reduce((n, r) => n + r.calls, 0);
      return { at: m, ok: of("2xx"), rateLimited: of("429"), serverError: of("5xx"), clientError: of("4xx"), network: of("network"), retries: rows.reduce((n, r) => n + r.retries, 0) };
    }),
    daily: daily && {
      limit: daily.limit,
      remaining: daily.remaining,
      used: daily.limit - daily.remaining,
      observedAt: daily.observedAt.toISOString(),
      projectedUsed: Math.round(daily.limit - daily.remaining + (lastHourCalls * Math.max(0, endOfDay.getTime() - now)) / HOUR_MS),
    },
    connection: { ...connection, tokenExpiresAt: iso(connection.tokenExpiresAt), lastRefreshAt: iso(connection.lastRefreshAt), apiVersion: env.HUBSPOT_API_VERSION },
    alerts,
  };
}
