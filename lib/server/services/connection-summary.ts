import "server-only";
import { env } from "../env";
import { getConnectionStatus } from "../hubspot/connection-store";

/** What the header says about the HubSpot connection; never a token. */
export interface ConnectionSummary {
  mode: "sandbox" | "private_app" | "oauth";
  /** e.g. "Sandbox portal 12345678", "Live portal 4455667". */
  target: string;
  /** e.g. "connected", "needs reconnect". */
  state: string;
  tone: "ok" | "warn" | "bad";
  portalId: string | null;
  /** A sign-in would (re)connect the portal. */
  canReconnect: boolean;
}

export async function getConnectionSummary(sessionPortalId?: string): Promise<ConnectionSummary> {
  const mode = env.hubspotMode;
  if (mode === "private_app") {
    const portalId = env.HUBSPOT_PORTAL_ID ?? sessionPortalId ?? null;
    return { mode, target: portalId ? `Live portal ${portalId}` : "Live portal", state: "private-app token", tone: "ok", portalId, canReconnect: false };
  }
  const status = await getConnectionStatus();
  const label = mode === "sandbox" ? "Sandbox" : "Live";
  if (status.state === "not_connected") {
    return mode === "sandbox"
      ? { mode, target: "Sandbox", state: "sandbox token (not connected by OAuth)", tone: "ok", portalId: null, canReconnect: true }
      : { mode, target: "Live HubSpot", state: "not connected", tone: "bad", portalId: null, canReconnect: true };
  }
  const target = status.portalId ? `${label} portal ${status.portalId}` : `${label} portal`;
  return status.state === "needs_reconnect"
    ? { mode, target, state: "needs reconnect", tone: "warn", portalId: status.portalId, canReconnect: true }
    : { mode, target, state: "connected", tone: "ok", portalId: status.portalId, canReconnect: false };
}
