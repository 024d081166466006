import "server-only";

/**
 * Wait before the next attempt after `failedAttempts` failures: WEBHOOK_RETRY_BASE_MS doubled per
 * failure, at most WEBHOOK_RETRY_MAX_MS, with ±25 % jitter so a receiver that was down is not hit
 * by every delivery at the same moment when it returns.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(failedAttempts, 1) - 1, 40));
  return Math.min(maxMs, Math.round(exponential * (0.75 + random() * 0.5)));
}
