import "server-only";
import { db } from "../db";
import { env } from "../env";
import { getHubSpot } from "../hubspot";
import { listPipelines } from "../hubspot/crm";
import { HubSpotReconnectRequiredError } from "../hubspot/errors";

/** An active HubSpot probe spends rate budget: at most one per minute per process. */
const PROBE_TTL_MS = 60_000;
let lastProbe: { at: number; value: Promise<HubSpotHealth> } | undefined;

type HubSpotHealth = { status: "ok" | "unreachable" | "needs_reconnect"; detail?: string };

async function probeHubSpot(): Promise<HubSpotHealth> {
  try {
    await listPipelines(getHubSpot(), "deals");
    return { status: "ok" };
  } catch (e) {
    if (e instanceof HubSpotReconnectRequiredError) return { status: "needs_reconnect", detail: e.message };
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

/**
 * A probe waits its turn for HubSpot's rate budget like any call, which under overload is seconds:
 * while one runs, health answers with the last finished probe's result at once, and waits at most
 * PROBE_WAIT_MS when there is none yet.
 */
const PROBE_WAIT_MS = 500;
let lastKnown: HubSpotHealth | undefined;

async function hubspotHealth(): Promise<HubSpotHealth> {
  if (!lastProbe || Date.now() - lastProbe.at > PROBE_TTL_MS) {
    lastProbe = { at: Date.now(), value: probeHubSpot().then((r) => (lastKnown = r)) };
  }
  // A finished probe is used as is; one still running is not waited for.
  if (lastKnown) return Promise.race([lastProbe.value, lastKnown]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<undefined>((r) => {
    timer = setTimeout(() => r(undefined), PROBE_WAIT_MS);
  });
  const fresh = await Promise.race([lastProbe.value, waited]).finally(() => clearTimeout(timer));
  return fresh ?? { status: "unreachable", detail: "HubSpot has not answered the probe yet (its rate budget may be spent)" };
}

export async function getHealth() {
  const [database, hubspot] = await Promise.all([probeDatabase(), hubspotHealth()]);
  return {
    status: database.status === "ok" ? (hubspot.status === "ok" ? "ok" : "degraded") : "down",
    mode: env.hubspotMode,
    sandbox: env.hubspotMode === "sandbox",
    database,
    hubspot: { ...hubspot, base_url: env.HUBSPOT_API_BASE_URL },
  } as const;
}
