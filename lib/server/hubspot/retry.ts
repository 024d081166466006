import "server-only";
import { HubSpotError, HubSpotRateLimitError, HubSpotUnavailableError } from "./errors";

/** Retry policy as plain data. Defaults come from HUBSPOT_MAX_RETRIES / HUBSPOT_RETRY_BASE_MS. */
export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  maxMs: number;
}

/** HubSpot's statuses that say "try again later" (5xx that HubSpot documents as transient). */
const RETRYABLE_STATUSES = new Set([423, 429, 477, 500, 502, 503, 504, 521, 523, 524]);

/**
 * Whether a failed attempt may be sent again. `isIdempotent` is false for creates: those are
 * only retried when HubSpot certainly did not apply them (429, 503, refused connection); an
 * ambiguous failure goes back to the caller, who looks up before writing again.
 */
export function isRetryable(error: HubSpotError, isIdempotent: boolean): boolean {
  if (error instanceof HubSpotRateLimitError) return !error.isDaily;
  if (error.status !== 0 && !RETRYABLE_STATUSES.has(error.status)) return false;
  if (!(error instanceof HubSpotUnavailableError) && error.status !== 0) return false;
  return isIdempotent || !error.isAmbiguous;
}

/**
 * Delay before retry number `retry` (1-based): what HubSpot asked for if it said, otherwise
 * capped exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS).
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, hintMs?: number, random = Math.random): number {
  if (hintMs !== undefined) return hintMs;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A wait longer than this is not worth holding a request for: the caller is told instead. */
export const MAX_HONOURED_WAIT_MS = 60_000;

/** Wait hint from HubSpot's rate-limit headers when the window is spent and no Retry-After came. */
export function rateLimitHintMs(headers: Headers): number | undefined {
  const remaining = headers.get("x-hubspot-ratelimit-remaining");
  const interval = Number(headers.get("x-hubspot-ratelimit-interval-milliseconds"));
  if (remaining === null || !Number.isFinite(interval) || interval <= 0) return undefined;
  // A rolling window frees its oldest slot within one interval; waiting a tenth of it and
  // jittering lets the first freed slots be used without a thundering herd.
  return Number(remaining) <= 0 ? Math.round(interval / 10 + Math.random() * (interval / 10)) : undefined;
}
