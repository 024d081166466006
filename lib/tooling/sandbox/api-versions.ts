import { HUBSPOT_API_VERSIONS, type HubSpotApiVersion } from "../../runtime/hubspot-api-version";

export type { HubSpotApiVersion };

const DATED = HUBSPOT_API_VERSIONS.filter((v) => v !== "legacy").join("|");

/**
 * Date-versioned paths and the legacy numbered ones name the same store: each dated path is
 * rewritten to its legacy twin, which the route tables declare, and the version is kept so a
 * handler can answer in that version's shape (e.g. association ids as strings).
 */
const REWRITES: [RegExp, string][] = [
  // Record associations live under the objects API in dated versions, under v4 in legacy.
  [new RegExp(`^/crm/objects/(${DATED})/([^/]+)/([^/]+)/associations(/|$)`), "/crm/v4/objects/$2/$3/associations$4"],
  [new RegExp(`^/crm/objects/(${DATED})/`), "/crm/v3/objects/"],
  [new RegExp(`^/crm/associations/(${DATED})/`), "/crm/v4/associations/"],
  [new RegExp(`^/crm/properties/(${DATED})/`), "/crm/v3/properties/"],
  [new RegExp(`^/crm/pipelines/(${DATED})/`), "/crm/v3/pipelines/"],
  [new RegExp(`^/crm/property-validations/(${DATED})/`), "/crm/v3/property-validations/"],
  [new RegExp(`^/oauth/(${DATED})/token`), "/oauth/v3/token"],
];

export interface ResolvedPath {
  /** The legacy path the routes are declared under. */
  path: string;
  version: HubSpotApiVersion;
}

export function resolveApiPath(path: string): ResolvedPath {
  for (const [pattern, replacement] of REWRITES) {
    const m = pattern.exec(path);
    if (m) return { path: path.replace(pattern, replacement), version: m[1] as HubSpotApiVersion };
  }
  return { path, version: "legacy" };
}

/** Dated versions give association object ids as strings; v4 gave integers. */
export const associationId = (version: HubSpotApiVersion, id: string): string | number =>
  version === "legacy" ? Number(id) : id;
