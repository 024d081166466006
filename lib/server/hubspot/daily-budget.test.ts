// The daily allowance: calls are held back once HubSpot's Daily-Remaining reaches the reserve,
// one probe per interval checks for the new day, and a DAILY 429 holds back the same way.
import { describe, expect, it } from "vitest";
import { DailyBudget } from "./daily-budget";
import { HubSpotRateLimitError } from "./errors";

const headers = (limit: number, remaining: number) =>
  new Headers({ "x-hubspot-ratelimit-daily": String(limit), "x-hubspot-ratelimit-daily-remaining": String(remaining) });

function budget(reserveShare = 0.1) {
  let now = 1_000_000;
  const b = new DailyBudget({ reserveShare, probeIntervalMs: 60_000, now: () => now });
  return { b, advance: (ms: number) => (now += ms) };
}

describe("DailyBudget", () => {
  it("lets calls go while more than the reserve is left", () => {
    const { b } = budget();
    b.observe(200, headers(1000, 101));
    expect(() => b.check()).not.toThrow();
    expect(b.state()).toMatchObject({ limit: 1000, remaining: 101, usable: 1, heldBackUntil: null });
  });

  it("holds calls back at the reserve, with a DAILY rate-limit error", () => {
    const { b } = budget();
    b.observe(200, headers(1000, 100));
    let error: unknown;
    try {
      b.check();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HubSpotRateLimitError);
    expect((error as HubSpotRateLimitError).isDaily).toBe(true);
    expect(b.state().usable).toBe(0);
  });

  it("lets one probe out per interval, and opens again when the day has rolled over", () => {
    const { b, advance } = budget();
    b.observe(200, headers(1000, 50));
    expect(() => b.check()).toThrow();
    advance(60_000);
    expect(() => b.check()).not.toThrow(); // the probe
    expect(() => b.check()).toThrow(); // the others wait for its answer
    b.observe(200, headers(1000, 999));
    expect(() => b.check()).not.toThrow();
  });

  it("holds back after a DAILY 429 even without headers (OAuth calls get none)", () => {
    const { b } = budget();
    b.observe(429, new Headers(), "DAILY");
    expect(() => b.check()).toThrow(/daily allowance/);
  });

  it("never holds back when HubSpot sends no daily headers", () => {
    const { b } = budget(0.5);
    b.observe(200, new Headers());
    b.observe(429, new Headers(), "TEN_SECONDLY_ROLLING");
    expect(() => b.check()).not.toThrow();
  });
});
