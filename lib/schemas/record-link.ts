/**
 * How the dashboard links to a HubSpot record: HubSpot's own pages for a live portal, this app's
 * record view in sandbox mode. The server decides (lib/server/services/record-links.ts), the
 * browser builds the URLs (lib/client/record-links.ts).
 */
export type RecordLinkTarget = { kind: "hubspot"; portalId: string; appUrl: string } | { kind: "local" };
