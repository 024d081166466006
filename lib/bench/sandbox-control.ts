/** The HubSpot sandbox's control API (`/__sandbox`), as the benchmark needs it. */
import type { LatencyInput } from "../sandbox/latency";
import type { HttpClient } from "./http-client";

export interface SandboxStats {
  calls: number;
  byRoute: Record<string, number>;
  status: Record<string, number>;
  rateLimited: number;
  /** The most calls being answered at once, by route. */
  maxInFlight?: Record<string, number>;
}

export function sandboxControl(client: HttpClient) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await client.request<T>(method, `/__sandbox${path}`, { body, timeoutMs: 10_000 });
    if (res.status >= 300) throw new Error(`sandbox control ${method} ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return {
    stats: () => call<SandboxStats>("GET", "/stats"),
    resetStats: () => call<void>("POST", "/stats/reset"),
    /** Objects, tokens, rate-limit windows and stats start over; the config stays, and the custom properties with `keepProperties`. */
    reset: (opts: { keepProperties?: boolean } = {}) => call<void>("POST", "/reset", opts.keepProperties ? { keepProperties: true } : undefined),
    configure: (patch: {
      rateLimit?: { max: number; intervalMs: number };
      latency?: LatencyInput;
      latencyMs?: number;
      /** The sandbox's webhooks to the app; `targetUrl: null` stops them. */
      webhooks?: { targetUrl: string | null };
    }) =>
      call<unknown>("POST", "/config", patch),
  };
}

/** Calls whose route contains `fragment`, e.g. "contacts/batch/upsert". */
export const callsTo = (stats: SandboxStats, fragment: string) =>
  Object.entries(stats.byRoute)
    .filter(([route]) => route.includes(fragment))
    .reduce((n, [, c]) => n + c, 0);
