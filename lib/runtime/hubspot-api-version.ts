/**
 * The HubSpot API versions the app can be pinned to (HUBSPOT_API_VERSION). Shared by the env
 * schema, the HubSpot client's path map and the sandbox, which serves all of them.
 */
export const HUBSPOT_API_VERSIONS = ["2026-09", "2026-03", "legacy"] as const;
export type HubSpotApiVersion = (typeof HUBSPOT_API_VERSIONS)[number];
export const DEFAULT_HUBSPOT_API_VERSION: HubSpotApiVersion = "2026-09";
