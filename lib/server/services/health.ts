import "server-only";
import type { Health } from "@/lib/schemas/health";
import { db } from "../db";
import { env } from "../env";
import { getConnectionStatus } from "../hubspot/connection-store";
import { getRecentAnswers } from "../hubspot/recent-answers";
import { getMissingScopes } from "./connection-summary";

/** An answer older than this says nothing about HubSpot now. */
const RECENT_MS = 5 * 60_000;
const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

type HubSpotHealth = Health["hubspot"];

async function hubspotHealth(): Promise<HubSpotHealth> {
  const now = Date.now();
  const recent = getRecentAnswers();
  const [connection, lastSynced, pending] = await Promise.all([
    env.hubspotMode === "private_app" ? Promise.resolve(null) : getConnectionStatus(),
    db.registration.findFirst({ where: { status: "synced" }, orderBy: { syncedAt: "desc" }, select: { syncedAt: true } }),
    db.registration.count({ where: { status: "pending" } }),
  ]);
  const state = connection?.state ?? "private_app";
  const missingScopes = await getMissingScopes(connection && connection.state !== "not_connected" ? connection.scopes : undefined).catch(() => []);
  const lastOk = Math.max(recent.lastOkAt ?? 0, lastSynced?.syncedAt?.getTime() ?? 0);
  const failing = recent.lastFailureAt !== null && recent.lastFailureAt > lastOk && now - recent.lastFailureAt < RECENT_MS;
  const status: HubSpotHealth["status"] =
    state === "needs_reconnect" ? "needs_reconnect"
    : missingScopes.length ? "missing_scopes"
    : failing ? "unreachable"
    : lastOk && now - lastOk < RECENT_MS ? "ok"
    : state === "not_connected" && env.hubspotMode === "oauth" ? "not_connected"
    : "unknown";
  return {
    status,
    base_url: env.HUBSPOT_API_BASE_URL,
    api_version: env.HUBSPOT_API_VERSION,
    missing_scopes: missingScopes,
    connection: state,
    last_answer_at: iso(recent.lastAt),
    last_answer_status: recent.lastStatus,
    last_synced_at: iso(lastSynced?.syncedAt?.getTime()),
    pending,
  };
}

/** Readiness for staff: the database is queried, HubSpot is judged from recent calls (never probed). */
export async function getHealthDetails(): Promise<Health> {
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    return {
      status: "down",
      mode: env.hubspotMode,
      sandbox: env.hubspotMode === "sandbox",
      database: { status: "unreachable", detail: "database query failed" },
      hubspot: { status: "unknown", base_url: env.HUBSPOT_API_BASE_URL, api_version: env.HUBSPOT_API_VERSION, missing_scopes: [], connection: "not_connected", last_answer_at: null, last_answer_status: null, last_synced_at: null, pending: 0 },
    };
  }
  const hubspot = await hubspotHealth();
  return {
    status: hubspot.status === "ok" || hubspot.status === "unknown" ? "ok" : "degraded",
    mode: env.hubspotMode,
    sandbox: env.hubspotMode === "sandbox",
    database: { status: "ok" },
    hubspot,
  };
}
