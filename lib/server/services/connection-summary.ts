import "server-only";
import type { ConnectionSummary } from "@/lib/schemas/connection-summary";
import { env } from "../env";
import { getConnectionStatus } from "../hubspot/connection-store";
import { findMissingScopes, getObservedMissingScopes } from "../hubspot/scopes";

/** Needed scopes the granted list lacks, plus any HubSpot named when it refused a call. */
export async function getMissingScopes(granted: string[] | undefined): Promise<string[]> {
  const fromGrant = granted && granted.length > 0 ? findMissingScopes(granted) : [];
  return [...new Set([...fromGrant, ...(await getObservedMissingScopes())])].sort();
}

function withMissing(summary: Omit<ConnectionSummary, "missingScopes">, missingScopes: string[]): ConnectionSummary {
  if (missingScopes.length === 0 || summary.tone === "bad") return { ...summary, missingScopes };
  const canReconnect = summary.canReconnect || summary.mode !== "private_app";
  return { ...summary, state: `${summary.state}, missing scopes`, tone: "warn", canReconnect, missingScopes };
}

export async function getConnectionSummary(sessionPortalId?: string): Promise<ConnectionSummary> {
  const mode = env.hubspotMode;
  if (mode === "private_app") {
    const portalId = env.HUBSPOT_PORTAL_ID ?? sessionPortalId ?? null;
    const summary = { mode, target: portalId ? `Live portal ${portalId}` : "Live portal", state: "private-app token", tone: "ok", portalId, canReconnect: false } as const;
    return withMissing(summary, await getMissingScopes(undefined));
  }
  const status = await getConnectionStatus();
  const label = mode === "sandbox" ? "Sandbox" : "Live";
  if (status.state === "not_connected") {
    const summary = mode === "sandbox"
      ? ({ mode, target: "Sandbox", state: "sandbox token (not connected by OAuth)", tone: "ok", portalId: null, canReconnect: true } as const)
      : ({ mode, target: "Live HubSpot", state: "not connected", tone: "bad", portalId: null, canReconnect: true } as const);
    return withMissing(summary, await getMissingScopes(undefined));
  }
  const target = status.portalId ? `${label} portal ${status.portalId}` : `${label} portal`;
  const summary = status.state === "needs_reconnect"
    ? ({ mode, target, state: "needs reconnect", tone: "warn", portalId: status.portalId, canReconnect: true } as const)
    : ({ mode, target, state: "connected", tone: "ok", portalId: status.portalId, canReconnect: false } as const);
  return withMissing(summary, await getMissingScopes(status.scopes));
}
