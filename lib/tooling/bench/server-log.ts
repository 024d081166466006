/**
 * Server-side timings from the app's own request log: one JSON line per request
 * (`"msg":"request"`, `requestId`, `durationMs` in whole ms), matched by the `X-Request-Id` the
 * bench sent. The app sends no timing header, so this is the only server-side figure.
 */
import { sleep } from "../../runtime/sleep";
import type { AppProcess } from "./app-process";

export interface RequestDurations {
  /** requestId → durationMs, for the ids that start with the prefix. */
  readonly durations: Map<string, number>;
  /** Durations of these ids (those whose line was seen). */
  of(ids: string[]): number[];
  /** Waits (bounded) until the lines of these ids were seen: a line can trail its response a little. */
  settle(ids: string[], maxMs?: number): Promise<void>;
  stop(): void;
}

export function watchRequestDurations(app: AppProcess, prefix: string): RequestDurations {
  const durations = new Map<string, number>();
  const marker = `"requestId":"${prefix}`;
  const stop = app.onLine((line) => {
    if (!line.includes(marker) || !line.includes('"msg":"request"')) return;
    try {
      const entry = JSON.parse(line) as { requestId: string; durationMs: number };
      durations.set(entry.requestId, entry.durationMs);
    } catch {
      /* not JSON */
    }
  });
  const of = (ids: string[]) => ids.filter((id) => durations.has(id)).map((id) => durations.get(id)!);
  return {
    durations,
    of,
    async settle(ids, maxMs = 1_000) {
      for (const deadline = Date.now() + maxMs; Date.now() < deadline && ids.some((id) => !durations.has(id)); ) {
        await sleep(25);
      }
    },
    stop: () => void stop(),
  };
}
