import { HttpError } from "./http";
import type { RateLimitPolicy, SandboxState } from "./state";
import type { Caller } from "./tokens";

/** Shown in `X-HubSpot-RateLimit-Daily` when no daily limit is enforced (Free/Starter allowance). */
const NOMINAL_DAILY = 250_000;
const SEARCH_WINDOW_MS = 1_000;

/** The 429 body HubSpot sends for each policy; never a Retry-After. */
export function rateLimitError(
  state: SandboxState,
  policy: RateLimitPolicy,
  headers: Record<string, string> = {},
): HttpError {
  const { portalId } = state.config;
  const details = {
    TEN_SECONDLY_ROLLING: ["ten_secondly_rolling", `publicapi:oauth-api-calls-ten-secondly:${portalId}`],
    SECONDLY: ["secondly", `publicapi:crm-search-secondly:${portalId}`],
    DAILY: ["daily", `publicapi:api-calls-daily:${portalId}`],
  } as const;
  const [name, groupName] = details[policy];
  return new HttpError(
    429,
    { status: "error", message: `You have reached your ${name} limit.`, errorType: "RATE_LIMIT", policyName: policy, groupName },
    headers,
  );
}

function prune(timestamps: number[], olderThan: number): void {
  while (timestamps.length > 0 && timestamps[0] <= olderThan) timestamps.shift();
}

function dailyHeaders(state: SandboxState, caller: Caller): Record<string, string> {
  if (!caller.isPrivateApp) return {};
  const limit = state.config.dailyLimit > 0 ? state.config.dailyLimit : NOMINAL_DAILY;
  return {
    "X-HubSpot-RateLimit-Daily": String(limit),
    "X-HubSpot-RateLimit-Daily-Remaining": String(Math.max(0, limit - state.windows.daily.count)),
  };
}

/**
 * Admits one authenticated `/crm` call or throws its 429. Search has its own per-second bucket and
 * carries no rate-limit headers; everything else shares the portal's rolling window. A rejected
 * call is not counted anywhere. Returns the headers for the response.
 */
export function admitCall(state: SandboxState, caller: Caller, isSearch: boolean): Record<string, string> {
  const now = Date.now();
  const { windows, config } = state;
  const today = new Date(now).toISOString().slice(0, 10);
  if (windows.daily.day !== today) windows.daily = { day: today, count: 0 };
  const { max, intervalMs } = config.rateLimit;
  prune(windows.burst, now - intervalMs);
  prune(windows.search, now - SEARCH_WINDOW_MS);

  const burstHeaders = (remaining: number): Record<string, string> =>
    isSearch || max <= 0
      ? {}
      : {
          "X-HubSpot-RateLimit-Max": String(max),
          "X-HubSpot-RateLimit-Remaining": String(Math.max(0, remaining)),
          "X-HubSpot-RateLimit-Interval-Milliseconds": String(intervalMs),
        };

  if (config.dailyLimit > 0 && windows.daily.count >= config.dailyLimit) {
    throw rateLimitError(state, "DAILY", { ...burstHeaders(max - windows.burst.length), ...dailyHeaders(state, caller) });
  }
  if (isSearch && config.searchPerSecond > 0 && windows.search.length >= config.searchPerSecond) {
    throw rateLimitError(state, "SECONDLY");
  }
  if (!isSearch && max > 0 && windows.burst.length >= max) {
    throw rateLimitError(state, "TEN_SECONDLY_ROLLING", { ...burstHeaders(0), ...dailyHeaders(state, caller) });
  }
  (isSearch ? windows.search : windows.burst).push(now);
  windows.daily.count++;
  return isSearch ? {} : { ...burstHeaders(max - windows.burst.length), ...dailyHeaders(state, caller) };
}
