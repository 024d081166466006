import "server-only";
import { HubSpotRateLimitError } from "./errors";

export interface DailyBudgetOptions {
  /** Share of the daily allowance left for other integrations on the portal (0-1). */
  reserveShare: number;
  /** While held back, one call may go out this often to learn whether the day has rolled over. */
  probeIntervalMs: number;
  now?: () => number;
}

export interface DailyBudgetState {
  limit: number | null;
  remaining: number | null;
  /** Calls that may still go out today before the reserve. */
  usable: number | null;
  observedAt: string | null;
  heldBackUntil: string | null;
}

/**
 * The portal's daily allowance, from `X-HubSpot-RateLimit-Daily` / `-Daily-Remaining` (sent for
 * static tokens; OAuth calls get none, and then nothing is held back). Once the calls left reach
 * the reserve, new calls are refused here, before HubSpot would answer a DAILY 429, so
 * registrations are stored and answered 202 instead. HubSpot resets the count at midnight in the
 * portal's time zone, which the API does not tell: while held back, one call per probe interval
 * goes out and its headers say whether the day has rolled over. A DAILY 429 (another app spent the
 * shared allowance) holds back the same way.
 */
export class DailyBudget {
  private limit: number | null = null;
  private remaining: number | null = null;
  private observedAt: number | null = null;
  private heldBackUntil = 0;
  private readonly now: () => number;

  constructor(private readonly opts: DailyBudgetOptions) {
    this.now = opts.now ?? Date.now;
  }

  private floor(): number {
    return this.limit === null ? 0 : Math.ceil(this.limit * this.opts.reserveShare);
  }

  observe(status: number, headers: Headers, policyName?: string): void {
    const limit = Number(headers.get("x-hubspot-ratelimit-daily"));
    const remainingHeader = headers.get("x-hubspot-ratelimit-daily-remaining");
    const remaining = remainingHeader === null ? NaN : Number(remainingHeader);
    if (Number.isFinite(limit) && limit > 0) this.limit = limit;
    if (Number.isFinite(remaining) && remaining >= 0) {
      this.remaining = remaining;
      this.observedAt = this.now();
    }
    const isSpent = status === 429 && policyName === "DAILY";
    if (isSpent) this.remaining = 0;
    if (isSpent || (this.remaining !== null && this.remaining <= this.floor())) {
      this.heldBackUntil = this.now() + this.opts.probeIntervalMs;
    } else {
      this.heldBackUntil = 0;
    }
  }

  /** Throws a DAILY rate-limit error while the allowance down to the reserve is spent. */
  check(): void {
    if (!this.heldBackUntil) return;
    const now = this.now();
    if (now >= this.heldBackUntil) {
      // This call is the probe; the next ones wait for its headers or the next interval.
      this.heldBackUntil = now + this.opts.probeIntervalMs;
      return;
    }
    throw new HubSpotRateLimitError({
      status: 429,
      policyName: "DAILY",
      category: "RATE_LIMITS",
      message: `HubSpot's daily allowance is spent down to the reserve (${this.remaining ?? 0} of ${this.limit ?? "?"} calls left); calls wait for the day to roll over.`,
      retryAfterMs: this.heldBackUntil - now,
    });
  }

  state(): DailyBudgetState {
    return {
      limit: this.limit,
      remaining: this.remaining,
      usable: this.remaining === null ? null : Math.max(0, this.remaining - this.floor()),
      observedAt: this.observedAt === null ? null : new Date(this.observedAt).toISOString(),
      heldBackUntil: this.heldBackUntil ? new Date(this.heldBackUntil).toISOString() : null,
    };
  }
}
