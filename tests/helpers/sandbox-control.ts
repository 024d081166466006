import type { FaultInput } from "@/lib/sandbox/faults";

/** Drives the HubSpot sandbox's control endpoint (`/__sandbox`) over HTTP, as tests do. */
/** A fault as the sandbox takes it (`POST /__sandbox/faults`): the sandbox's own schema. */
export type FaultSpec = FaultInput;

export interface SandboxStats {
  calls: number;
  byRoute: Record<string, number>;
  /** CRM calls per API version their path named (`legacy`, `2026-03`, `2026-09`). */
  byVersion: Record<string, number>;
  status: Record<string, number>;
  tokenRequests: Record<string, number>;
  rateLimited: number;
  /** Calls whose answer the sandbox dropped (faults with `drop` or `afterResponse`). */
  dropped: number;
  /** The most calls of one route the sandbox was answering at once. */
  maxInFlight: Record<string, number>;
}

export interface SandboxObject {
  id: string;
  properties: Record<string, string>;
  associations?: Record<string, { results: { id: string; type?: string }[] }>;
}

export function sandboxControl(baseUrl: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox control ${method} ${path} → ${res.status}: ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };
  return {
    fault: (spec: FaultSpec) => call("POST", "/faults", spec),
    clearFaults: () => call("DELETE", "/faults"),
    stats: () => call("GET", "/stats") as Promise<SandboxStats>,
    resetStats: () => call("POST", "/stats/reset"),
    expireTokens: () => call("POST", "/tokens/expire"),
    revokeTokens: () => call("POST", "/tokens/revoke"),
    configure: (patch: Record<string, unknown>) => call("POST", "/config", patch),
    /** Replaces the portal's write rules and property validations (enforced on 2026-09 paths). */
    rules: (rules: Record<string, unknown>) => call("POST", "/rules", rules),
    objects: async (type: string): Promise<SandboxObject[]> => {
      const body = (await call("GET", `/objects/${type}`)) as { results?: SandboxObject[] } | SandboxObject[];
      return Array.isArray(body) ? body : (body.results ?? []);
    },
  };
}
export type SandboxControl = ReturnType<typeof sandboxControl>;

/** Calls per route since the last reset, for a route name substring such as "deals/batch/create". */
export const callsTo = (stats: SandboxStats, fragment: string) =>
  Object.entries(stats.byRoute)
    .filter(([route]) => route.includes(fragment))
    .reduce((n, [, c]) => n + c, 0);
