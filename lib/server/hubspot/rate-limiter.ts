import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { sleep } from "@/lib/runtime/sleep";
import type { RequestGate } from "./client";
import { DailyBudget, type DailyBudgetState } from "./daily-budget";

/** HubSpot counts a call when it arrives; leave a little room for the trip. */
const GUARD_MS = 250;
/** Calls that may leave together (a registration's contact, deals and tickets when idle). */
export const BURST = 3;
/**
 * A call that the pace counts but does not hold back: only the window's log bounds it. For the
 * deals and tickets of contacts already sent, so they leave as soon as their contacts are back.
 */
export const AHEAD_OF_PACE = Number.POSITIVE_INFINITY;
/**
 * A call that may go only once the pace has been idle for a spacing: a batch of new contacts that
 * is not full yet. Under load it waits to fill (a full batch goes at the pace's burst), so the
 * budget never saturates with part-filled calls and what follows them never waits.
 */
export const WHEN_IDLE = 0;
/** Where the budget HubSpot last told is kept, so new processes and restarts start from it. */
const BUDGET_SETTING = "hubspot.rate_budget";

export interface RateLimiterOptions {
  db: PrismaClient;
  /** Calls per window assumed until HubSpot's headers tell the portal's own (HUBSPOT_RATE_LIMIT_MAX). */
  max: number;
  intervalMs: number;
  /** Share of the burst budget left to other integrations on the portal (HUBSPOT_RATE_LIMIT_RESERVE). */
  reserveShare?: number;
  /** The daily allowance and its reserve (HUBSPOT_DAILY_RESERVE); none when omitted. */
  daily?: DailyBudget;
}

export interface RateBudgetState {
  /** The portal's burst budget as HubSpot last said it (or as configured until it has). */
  portalMax: number;
  /** What this deployment spends of it per window: `portalMax` less the reserve. */
  max: number;
  intervalMs: number;
  isLearnt: boolean;
  daily: DailyBudgetState | null;
}

interface Waiter {
  priority: number;
  /** Read at each try: the batcher's queue may have filled meanwhile. */
  burst(): number;
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
 * every process waits. The budget is learnt from `X-HubSpot-RateLimit-Max` and
 * `-Interval-Milliseconds` (100, 110, 190, 250 … per portal and app), less a configurable reserve
 * for other integrations; until the first answer the configured size is assumed. Processes that
 * have not learnt it yet use the configured size, so together they never exceed the smaller one.
 *
 * Within a process, callers wait in one queue, highest priority first (then first come), and only
 * its head asks PostgreSQL: a registration's deals and tickets (priority 1) go before the next
 * batch of new contacts (0), so registrations already under way finish first.
 *
 * Each call says how far ahead of the pace it may go (`burst`): BURST by default, AHEAD_OF_PACE for
 * deals and tickets (bounded by the log only, but counted by the pace, so new contacts wait for
 * them), WHEN_IDLE for a part-filled batch of new contacts (docs/sending.md).
 */
export class PostgresRateLimiter implements RequestGate {
  private portalMax: number;
  private max: number;
  private intervalMs: number;
  private windowSecs: number;
  private isLearnt = false;
  private loaded?: Promise<void>;
  private readonly waiters: Waiter[] = [];
  private polling = false;
  /** Ends the poller's nap early: the head of the queue may go sooner than it was told. */
  private wake?: () => void;
  private filling?: Promise<unknown>;

  constructor(private readonly opts: RateLimiterOptions) {
    this.portalMax = opts.max;
    this.max = Math.max(1, Math.floor(opts.max * (1 - (opts.reserveShare ?? 0))));
    this.intervalMs = opts.intervalMs;
    this.windowSecs = (opts.intervalMs + GUARD_MS) / 1000;
  }

  /**
   * Wait until a slot is free, then take it. `burst`: how many calls may leave together, counting
   * this one, ahead of the even pace (BURST, AHEAD_OF_PACE, WHEN_IDLE); a function is read again at
   * each try, and `reconsider()` says it may have grown.
   */
  acquire(signal?: AbortSignal, priority = 0, _path?: string, burst: number | (() => number) = BURST): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    try {
      this.opts.daily?.check();
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { priority, burst: typeof burst === "function" ? burst : () => burst, resolve, reject };
      const at = this.waiters.findIndex((w) => w.priority < priority);
      this.waiters.splice(at < 0 ? this.waiters.length : at, 0, waiter);
      if (this.waiters[0] === waiter) this.wake?.();
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
      await (this.loaded ??= this.loadBudget());
      while (this.waiters.length) {
        let waitMs: number;
        try {
          waitMs = await this.tryTake(this.waiters[0].burst());
        } catch (err) {
          this.waiters.shift()?.reject(err);
          continue;
        }
        if (waitMs <= 0) this.waiters.shift()?.resolve();
        // A little jitter so that processes polling the same slot do not ask in lockstep.
        else await this.nap(waitMs + Math.random() * 5);
      }
    } finally {
      this.polling = false;
    }
  }

  /** A waiting call's `burst` may have grown (its batch filled): ask again now rather than after the nap. */
  reconsider(): void {
    this.wake?.();
  }

  private nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /**
   * A slot for a lane (the mirror): counted in the same window as every call, and never more than
   * `share` of the window's budget, so calls of the main lane (registrations) always have the
   * rest. When callers of this process wait for the main window, each lane call lets them ask
   * first once; the lane is not starved (a busy portal is when the mirror has most to catch up).
   */
  async acquireLane(lane: string, share: number, signal?: AbortSignal): Promise<void> {
    this.opts.daily?.check();
    await (this.loaded ??= this.loadBudget());
    let hasYielded = false;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (this.waiters.length > 0 && !hasYielded) {
        hasYielded = true;
        await sleep(20);
        continue;
      }
      const laneMax = Math.max(1, Math.floor(this.max * share));
      const [{ wait_ms }] = await this.opts.db.$queryRaw<{ wait_ms: number }[]>`
        SELECT hubspot_take_lane_slot(${this.max}::int, ${this.windowSecs}::float8, ${this.spacingMs()}::float8, ${BURST}::int,
          ${lane}::text, ${laneMax}::int) AS wait_ms`;
      if (wait_ms <= 0) return;
      // Short naps: a registration arriving meanwhile goes first.
      await sleep(Math.min(wait_ms, 200) + Math.random() * 5);
    }
  }

  /** 0 when a slot was taken, else how long to wait (one round trip: `hubspot_take_slot`). */
  private async tryTake(burst: number): Promise<number> {
    // A burst of a whole window (AHEAD_OF_PACE): only the log can hold the call back.
    const calls = Math.max(0, Math.min(this.max, Math.floor(burst)));
    const [{ wait_ms }] = await this.opts.db.$queryRaw<{ wait_ms: number }[]>`
      SELECT hubspot_take_slot(${this.max}::int, ${this.windowSecs}::float8, ${this.spacingMs()}::float8, ${calls}::int) AS wait_ms`;
    return wait_ms;
  }

  /** Even spacing that fits `max` calls (and the guard) into one window. */
  private spacingMs() {
    return (this.windowSecs * 1000) / this.max;
  }

  /**
   * HubSpot says only `remaining` calls are left in its window: if that is fewer than our log
   * leaves (other apps on the portal spent some), fill the log so every process waits for them.
   * One at a time: near the end of a window every answer says so, and one fill covers them.
   */
  private fillWindow(remaining: number): void {
    if (this.filling) return;
    this.filling = this.opts.db.$queryRaw`SELECT hubspot_fill_window(${this.max}::int, ${this.windowSecs}::float8, ${remaining}::int) AS added`
      .catch(() => undefined)
      .finally(() => (this.filling = undefined));
  }

  observe(status: number, headers: Headers, policyName?: string): void {
    const max = Number(headers.get("x-hubspot-ratelimit-max"));
    const interval = Number(headers.get("x-hubspot-ratelimit-interval-milliseconds"));
    if (Number.isFinite(max) && max > 0) this.setBudget(max, Number.isFinite(interval) && interval > 0 ? interval : this.intervalMs);
    const remaining = Number(headers.get("x-hubspot-ratelimit-remaining") ?? NaN);
    // Checked only when the window is nearly spent: a database round trip per answer is not needed.
    if (Number.isFinite(remaining) && remaining < Math.max(2, this.portalMax / 10)) {
      this.fillWindow(Math.max(0, remaining));
    }
    this.opts.daily?.observe(status, headers, policyName);
  }

  /** The budget another process (or an earlier run) learnt, until this one hears from HubSpot. */
  private async loadBudget(): Promise<void> {
    try {
      const row = await this.opts.db.portalSetting.findUnique({ where: { key: BUDGET_SETTING } });
      const saved = row?.value as { max?: unknown; intervalMs?: unknown } | undefined;
      if (!this.isLearnt && typeof saved?.max === "number" && typeof saved.intervalMs === "number") {
        this.applyBudget(saved.max, saved.intervalMs);
      }
    } catch {
      // Not fatal: the configured budget holds until HubSpot's headers arrive.
    }
  }

  private setBudget(portalMax: number, intervalMs: number) {
    this.isLearnt = true;
    if (portalMax === this.portalMax && intervalMs === this.intervalMs) return;
    this.applyBudget(portalMax, intervalMs);
    const value = { max: portalMax, intervalMs };
    void this.opts.db.portalSetting
      .upsert({ where: { key: BUDGET_SETTING }, create: { key: BUDGET_SETTING, value }, update: { value } })
      .catch(() => undefined);
  }

  private applyBudget(portalMax: number, intervalMs: number) {
    this.portalMax = portalMax;
    this.max = Math.max(1, Math.floor(portalMax * (1 - (this.opts.reserveShare ?? 0))));
    this.intervalMs = intervalMs;
    this.windowSecs = (intervalMs + GUARD_MS) / 1000;
  }

  state(): RateBudgetState {
    return {
      portalMax: this.portalMax,
      max: this.max,
      intervalMs: this.intervalMs,
      isLearnt: this.isLearnt,
      daily: this.opts.daily?.state() ?? null,
    };
  }
}
