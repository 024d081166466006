import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { RequestGate } from "./client";

/** Advisory-lock key that serialises slot taking across processes. */
const LOCK_KEY = 4_817_221;
/** HubSpot counts a call when it arrives; leave a little room for the trip. */
const GUARD_MS = 250;
/** Calls that may leave together (a registration's contact, deals and tickets when idle). */
const BURST = 3;

export interface RateLimiterOptions {
  db: PrismaClient;
  /** Calls allowed per window (HUBSPOT_RATE_LIMIT_MAX, default 100). */
  max: number;
  intervalMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Waiter {
  priority: number;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * HubSpot's rolling window (`max` calls per `intervalMs`), kept for the whole deployment in
 * PostgreSQL as a sliding log: a call goes out only when fewer than `max` calls were sent in the
 * last window by any process, and calls are paced evenly (a burst of 3, then one every
 * interval/max) so that waiting callers keep filling the next batch instead of the budget going
 * out in half-empty batches at the start of each window. HubSpot's own headers correct it: when
 * HubSpot says the window is nearly spent (other apps on the same portal), the log is filled so
 * every process waits.
 *
 * Within a process, callers wait in one queue, highest priority first (then first come), and only
 * its head asks PostgreSQL: a registration's deals and tickets (priority 1) go before the next
 * batch of new contacts (0), so registrations already under way finish first.
 */
export class PostgresRateLimiter implements RequestGate {
  private max: number;
  private readonly windowSecs: number;
  private readonly waiters: Waiter[] = [];
  private polling = false;

  constructor(private readonly opts: RateLimiterOptions) {
    this.max = opts.max;
    this.windowSecs = (opts.intervalMs + GUARD_MS) / 1000;
  }

  /** Wait until a slot is free, then take it. */
  acquire(signal?: AbortSignal, priority = 0): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { priority, resolve, reject };
      const at = this.waiters.findIndex((w) => w.priority < priority);
      this.waiters.splice(at < 0 ? this.waiters.length : at, 0, waiter);
      signal?.addEventListener("abort", () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal.reason);
      });
      void this.serve();
    });
  }

  /** The queue's one poller: hands each slot taken to the head of the queue. */
  private async serve(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.waiters.length) {
        let waitMs: number;
        try {
          waitMs = await this.tryTake();
        } catch (err) {
          this.waiters.shift()?.reject(err);
          continue;
        }
        if (waitMs <= 0) this.waiters.shift()?.resolve();
        // A little jitter so that processes polling the same slot do not ask in lockstep.
        else await sleep(waitMs + Math.random() * 5);
      }
    } finally {
      this.polling = false;
    }
  }

  /** 0 when a slot was taken, else how long to wait (one round trip: `hubspot_take_slot`). */
  private async tryTake(): Promise<number> {
    const [{ wait_ms }] = await this.opts.db.$queryRaw<{ wait_ms: number }[]>`
      SELECT hubspot_take_slot(${this.max}::int, ${this.windowSecs}::float8, ${this.spacingMs()}::float8, ${BURST}::int) AS wait_ms`;
    return wait_ms;
  }

  /** Even spacing that fits `max` calls (and the guard) into one window. */
  private spacingMs() {
    return (this.windowSecs * 1000) / this.max;
  }

  /** Fill the window up to `max` so every process waits for it to roll. */
  private async fillWindow(): Promise<void> {
    await this.opts.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
      await tx.$executeRaw`
        INSERT INTO hubspot_call_slot (at)
        SELECT now() FROM generate_series(1, ${this.max}::int - (SELECT count(*)::int FROM hubspot_call_slot
          WHERE at > now() - make_interval(secs => ${this.windowSecs})))`;
    });
  }

  observe(_status: number, headers: Headers): void {
    const max = Number(headers.get("x-hubspot-ratelimit-max"));
    if (Number.isFinite(max) && max > 0 && max < this.max) this.max = max;
    const remaining = headers.get("x-hubspot-ratelimit-remaining");
    if (remaining !== null && Number(remaining) <= 1) void this.fillWindow().catch(() => undefined);
  }
}
