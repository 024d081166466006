import { describe, expect, it } from "vitest";
import { HubSpotRateLimitError, HubSpotUnavailableError, HubSpotValidationError, parseRetryAfter } from "./errors";
import { isRetryable, retryDelayMs } from "./retry";

const policy = { maxRetries: 4, baseMs: 100, maxMs: 1000 };

describe("retry policy", () => {
  it("backs off exponentially within jitter bounds and caps", () => {
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(3, policy, undefined, () => 1)).toBe(400);
    expect(retryDelayMs(10, policy, undefined, () => 1)).toBe(1000);
  });

  it("honours a server hint over backoff", () => {
    expect(retryDelayMs(1, policy, 2500)).toBe(2500);
    expect(retryDelayMs(1, policy, 0)).toBe(0);
  });

  it("never retries a DAILY 429 but retries a rolling one", () => {
    expect(isRetryable(new HubSpotRateLimitError({ status: 429, message: "x", policyName: "DAILY" }), true)).toBe(false);
    expect(
      isRetryable(new HubSpotRateLimitError({ status: 429, message: "x", policyName: "TEN_SECONDLY_ROLLING" }), false),
    ).toBe(true);
  });

  it("retries an ambiguous failure only for idempotent calls", () => {
    const lost = new HubSpotUnavailableError({ status: 0, message: "socket hang up", isAmbiguous: true });
    expect(isRetryable(lost, true)).toBe(true);
    expect(isRetryable(lost, false)).toBe(false);
    const refused = new HubSpotUnavailableError({ status: 0, message: "ECONNREFUSED", isAmbiguous: false });
    expect(isRetryable(refused, false)).toBe(true);
  });

  it("does not retry validation errors", () => {
    expect(isRetryable(new HubSpotValidationError({ status: 400, message: "bad" }), true)).toBe(false);
  });

  it("parses Retry-After in seconds and as a date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 5_000)).toBe(5000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
