import "server-only";
import { db } from "../db";
import { env } from "../env";

/**
 * The deployment's state as PostgreSQL holds it, shared by the operations page, /api/metrics and
 * the alerts. Every query is cheap at millions of registrations: pending and needs-attention rows
 * through the (status, created_at) index (counts capped), budget and daily from one row each.
 */

/** Counts above this are shown as "at least"; counting further would read every such row. */
export const COUNT_CAP = 100_000;

export interface QueueState {
  pending: number;
  oldestPendingAt: Date | null;
  /** Needs attention or partial: waiting for staff. */
  needsAttention: number;
}

export async function getQueueState(): Promise<QueueState> {
  const [row] = await db.$queryRaw<{ pending: number; oldest: Date | null; attention: number }[]>`
    SELECT (SELECT count(*)::int FROM (SELECT 1 FROM registration WHERE status = 'pending' LIMIT ${COUNT_CAP}) p) AS pending,
           (SELECT created_at FROM registration WHERE status = 'pending' ORDER BY created_at LIMIT 1) AS oldest,
           (SELECT count(*)::int FROM (SELECT 1 FROM registration WHERE status IN ('needs_attention', 'partial') LIMIT ${COUNT_CAP}) a) AS attention`;
  return { pending: row.pending, oldestPendingAt: row.oldest, needsAttention: row.attention };
}

export interface BudgetState {
  /** The portal's burst budget per window, as HubSpot last told it (or as configured). */
  portalMax: number;
  /** What this deployment spends of it: less the reserve for other integrations. */
  max: number;
  intervalMs: number;
  isLearnt: boolean;
  /** Calls sent in the current window by every process (the rate limiter's slot log). */
  used: number;
}

export async function getBudgetState(): Promise<BudgetState> {
  const setting = await db.portalSetting.findUnique({ where: { key: "hubspot.rate_budget" } });
  const saved = setting?.value as { max?: unknown; intervalMs?: unknown } | undefined;
  const isLearnt = typeof saved?.max === "number" && typeof saved.intervalMs === "number";
  const portalMax = isLearnt ? (saved!.max as number) : env.HUBSPOT_RATE_LIMIT_MAX;
  const intervalMs = isLearnt ? (saved!.intervalMs as number) : env.HUBSPOT_RATE_LIMIT_INTERVAL_MS;
  const [{ used }] = await db.$queryRaw<{ used: number }[]>`
    SELECT count(*)::int AS used FROM hubspot_call_slot WHERE at > now() - make_interval(secs => ${intervalMs / 1000})`;
  return { portalMax, max: Math.max(1, Math.floor(portalMax * (1 - env.HUBSPOT_RATE_LIMIT_RESERVE))), intervalMs, isLearnt, used };
}

export interface DailyState {
  limit: number;
  remaining: number;
  observedAt: Date;
}

/** The daily allowance HubSpot last reported (private-app calls only carry it); null when never. */
export async function getDailyState(): Promise<DailyState | null> {
  const row = await db.hubSpotDailyObservation.findUnique({ where: { id: "default" } });
  return row && { limit: row.dailyLimit, remaining: row.remaining, observedAt: row.observedAt };
}

export interface ConnectionState {
  mode: string;
  portalId: string | null;
  status: "connected" | "needs_reconnect" | "not_connected" | "static_token";
  scopes: string[];
  tokenExpiresAt: Date | null;
  lastRefreshAt: Date | null;
  refreshCount: number;
}

export async function getConnectionState(): Promise<ConnectionState> {
  const row = await db.hubSpotConnection.findUnique({ where: { id: "default" } });
  if (env.hubspotMode === "private_app") {
    return { mode: "private_app", portalId: env.HUBSPOT_PORTAL_ID ?? row?.portalId ?? null, status: "static_token", scopes: row?.scopes ?? [], tokenExpiresAt: null, lastRefreshAt: null, refreshCount: 0 };
  }
  if (!row?.refreshToken) {
    return { mode: env.hubspotMode, portalId: null, status: env.hubspotMode === "sandbox" ? "static_token" : "not_connected", scopes: [], tokenExpiresAt: null, lastRefreshAt: null, refreshCount: row?.refreshCount ?? 0 };
  }
  return {
    mode: env.hubspotMode,
    portalId: row.portalId,
    status: row.status === "needs_reconnect" ? "needs_reconnect" : "connected",
    scopes: row.scopes,
    tokenExpiresAt: row.expiresAt,
    lastRefreshAt: row.refreshCount > 0 ? row.updatedAt : null,
    refreshCount: row.refreshCount,
  };
}
