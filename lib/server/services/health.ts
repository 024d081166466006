import "server-only";
import { db } from "../db";
import { env } from "../env";
import { getHubSpot } from "../hubspot";
import { listPipelines } from "../hubspot/crm";
import { getConnectionStatus } from "../hubspot/connection-store";
import { HubSpotMissingScopesError, HubSpotReconnectRequiredError } from "../hubspot/errors";
import { getMissingScopes } from "./connection-summary";

/** An active HubSpot probe spends rate budget: at most one per minute per process. */
const PROBE_TTL_MS = 60_000;
let lastProbe: { at: number; value: Promise<HubSpotHealth> } | undefined;

type HubSpotHealth = { status: "ok" | "unreachable" | "needs_reconnect" | "missing_scopes"; detail?: string };

async function probeHubSpot(): Promise<HubSpotHealth> {
  try {
    await listPipelines(getHubSpot(), "deals");
    return { status: "ok" };
  } catch (e) {
    if (e instanceof HubSpotReconnectRequiredError) return { status: "needs_reconnect", detail: e.message };
    if (e instanceof HubSpotMissingScopesError) return { status: "missing_scopes", detail: e.message };
    return { status: "unreachable", detail: (e as Error).message };
  }
}

async function probeDatabase(): Promise<{ status: "ok" | "unreachable"; detail?: string }> {
  try {
    await db.$queryRaw`SELECT 1`;
    return { status: "ok" };
  } catch {
    return { status: "unreachable", detail: "database query failed" };
  }
}

/** Scopes the app needs and was not granted; empty when the database cannot say. */
async function readMissingScopes(): Promise<string[]> {
  try {
    const status = await getConnectionStatus();
    return await getMissingScopes(status.state === "not_connected" ? undefined : status.scopes);
  } catch {
    return [];
  }
}

export async function getHealth() {
  if (!lastProbe || Date.now() - lastProbe.at > PROBE_TTL_MS) lastProbe = { at: Date.now(), value: probeHubSpot() };
  const [database, hubspot, missingScopes] = await Promise.all([probeDatabase(), lastProbe.value, readMissingScopes()]);
  return {
    status: database.status === "ok" ? (hubspot.status === "ok" ? "ok" : "degraded") : "down",
    mode: env.hubspotMode,
    sandbox: env.hubspotMode === "sandbox",
    database,
    hubspot: { ...hubspot, base_url: env.HUBSPOT_API_BASE_URL, api_version: env.HUBSPOT_API_VERSION, missing_scopes: missingScopes },
  } as const;
}
