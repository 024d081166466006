import "server-only";
import type { RecordLinkTarget } from "@/lib/schemas/record-link";
import { env } from "../env";
import { getConnectionSummary } from "./connection-summary";

/** HubSpot's app, where a live portal's records open. */
const HUBSPOT_APP_URL = "https://app.hubspot.com";

/** Live portal: HubSpot's record pages. Sandbox (no HubSpot UI): this app's record view. */
export async function getRecordLinkTarget(sessionPortalId?: string): Promise<RecordLinkTarget> {
  if (env.hubspotMode === "sandbox") return { kind: "local" };
  const { portalId } = await getConnectionSummary(sessionPortalId);
  const portal = portalId ?? sessionPortalId;
  return portal ? { kind: "hubspot", portalId: portal, appUrl: HUBSPOT_APP_URL } : { kind: "local" };
}
