import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { RequestGate } from "./client";
import type { PostgresRateLimiter } from "./rate-limiter";

/** Search counts its calls over one second; a little guard for the trip. */
const SEARCH_WINDOW_SECS = 1.1;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface MirrorGateOptions {
  db: PrismaClient;
  limiter: PostgresRateLimiter;
  /** Share of the window's budget the mirror may take (MIRROR_BUDGET_SHARE). */
  share: number;
  /** Search calls per second, for the whole deployment (MIRROR_SEARCH_PER_SECOND). */
  searchPerSecond: number;
}

/**
 * The mirror's calls: CRM search takes a slot of its own per-second limit (HubSpot counts search
 * apart from the 10-second budget), every other call a slot of the `mirror` lane of the shared
 * window, which never holds more than its share and yields to registrations.
 */
export class MirrorGate implements RequestGate {
  constructor(private readonly opts: MirrorGateOptions) {}

  async acquire(signal?: AbortSignal, _priority?: number, path?: string): Promise<void> {
    if (path && /\/search\/?$/.test(path)) return this.takeSearchSlot(signal);
    return this.opts.limiter.acquireLane("mirror", this.opts.share, signal);
  }

  private async takeSearchSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const [{ wait_ms }] = await this.opts.db.$queryRaw<{ wait_ms: number }[]>`
        SELECT hubspot_take_search_slot(${this.opts.searchPerSecond}::int, ${SEARCH_WINDOW_SECS}::float8) AS wait_ms`;
      if (wait_ms <= 0) return;
      await sleep(wait_ms + Math.random() * 5);
    }
  }

  observe(status: number, headers: Headers, policyName?: string): void {
    this.opts.limiter.observe(status, headers, policyName);
  }
}
