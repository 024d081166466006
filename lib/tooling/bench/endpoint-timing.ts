/**
 * Times GET requests to the app: server time is the `durationMs` of the app's own request log
 * line (matched by X-Request-Id; whole milliseconds), client time the loopback round trip beside it.
 */
import type { AppProcess } from "./app-process";
import type { HttpClient } from "./http-client";
import { watchRequestDurations } from "./server-log";

export interface Sample {
  serverMs?: number;
  clientMs: number;
  /** What the answer held: `results` or the type's list. */
  rows: number;
}

export function endpointTimer(app: AppProcess, client: HttpClient, apiKey: string, prefix: string) {
  const log = watchRequestDurations(app, prefix);
  let seq = 0;
  return {
    /** One GET; refused answers throw. */
    async sample(path: string): Promise<Sample> {
      const requestId = `${prefix}${seq++}`;
      const res = await client.request<Record<string, unknown>>("GET", path, {
        headers: { authorization: `Bearer ${apiKey}`, "x-request-id": requestId },
        timeoutMs: 60_000,
      });
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      await log.settle([requestId]);
      const list = Object.values(res.body).find(Array.isArray) as unknown[] | undefined;
      return { serverMs: log.durations.get(requestId), clientMs: res.ms, rows: list?.length ?? 0 };
    },
    stop: () => log.stop(),
  };
}
