/**
 * The one client of the sandbox's control API (`/__sandbox`, control.ts), typed from the sandbox's
 * own schemas: how the tests, the e2e specs and the benchmark inject faults, set latency and rate
 * limits, revoke tokens, read the call counts and look at what HubSpot holds. Plain fetch, for a
 * sandbox on loopback (beyond it the control API asks for a token: control-access.ts).
 */
import type { SandboxConfigPatch, SandboxRulesInput } from "./control";
import type { FaultInput } from "./faults";
import type { SandboxStats } from "./state";

export type { FaultInput, SandboxConfigPatch, SandboxRulesInput, SandboxStats };

/** A record as `GET /__sandbox/objects/{type}` lists it: every property and its associations. */
export interface SandboxObject {
  id: string;
  properties: Record<string, string>;
  associations?: Record<string, { results: { id: string; type?: string }[] }>;
}

export function sandboxControl(baseUrl: string, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`sandbox control ${method} ${path} → ${res.status}: ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return {
    /** Without `count`, `rate` or `outageSeconds` a fault hits the next matching call only (faults.ts). */
    fault: (spec: FaultInput) => call<{ id: string }>("POST", "/faults", spec),
    clearFaults: () => call<void>("DELETE", "/faults"),
    stats: () => call<SandboxStats>("GET", "/stats"),
    resetStats: () => call<void>("POST", "/stats/reset"),
    /** Objects, tokens, rate-limit windows and stats start over; the config stays, and the custom properties with `keepProperties`. */
    reset: (opts: { keepProperties?: boolean } = {}) => call<void>("POST", "/reset", opts.keepProperties ? { keepProperties: true } : undefined),
    expireTokens: () => call<{ expired: number }>("POST", "/tokens/expire"),
    revokeTokens: () => call<{ revoked: number }>("POST", "/tokens/revoke"),
    configure: (patch: SandboxConfigPatch) => call<unknown>("POST", "/config", patch),
    /** Replaces the portal's write rules and property validations (enforced on 2026-09 paths). */
    rules: (rules: SandboxRulesInput) => call<unknown>("POST", "/rules", rules),
    objects: async (type: string): Promise<SandboxObject[]> => (await call<{ results: SandboxObject[] }>("GET", `/objects/${type}`)).results,
  };
}
export type SandboxControl = ReturnType<typeof sandboxControl>;

/** Calls since the last reset to the routes whose name contains `fragment`, e.g. "deals/batch/create". */
export const callsTo = (stats: SandboxStats, fragment: string) =>
  Object.entries(stats.byRoute)
    .filter(([route]) => route.includes(fragment))
    .reduce((n, [, c]) => n + c, 0);
