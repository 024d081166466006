import { describe, expect, it } from "vitest";
import { approximateJsonSize, InflightBound } from "./sync-inflight";

describe("InflightBound", () => {
  it("admits up to the count, then none until a slot is released", async () => {
    const bound = new InflightBound({ maxAttempts: 2, maxBytes: 1_000 });
    const a = bound.reserve(10)!;
    let finish!: () => void;
    const b = bound.reserve(10)!;
    const tracked = b.track(new Promise<void>((r) => (finish = r)));
    expect(bound.reserve(10)).toBeNull();
    a.release();
    a.release(); // idempotent
    expect(bound.attempts).toBe(1);
    const c = bound.reserve(10)!;
    finish();
    await tracked;
    c.release();
    expect({ attempts: bound.attempts, bytes: bound.bytes, peakAttempts: bound.peakAttempts, deferred: bound.deferred }).toEqual({
      attempts: 0,
      bytes: 0,
      peakAttempts: 2,
      deferred: 1,
    });
  });

  it("admits up to the bytes, and one attempt larger than the bound when nothing else is held", () => {
    const bound = new InflightBound({ maxAttempts: 100, maxBytes: 100 });
    const big = bound.reserve(500)!;
    expect(big).not.toBeNull();
    expect(bound.reserve(1)).toBeNull();
    big.release();
    const x = bound.reserve(60)!;
    expect(bound.reserve(41)).toBeNull();
    expect(bound.reserve(40)).not.toBeNull();
    x.release();
    expect(bound.bytes).toBe(40);
  });

  it("a released slot is given back even when the attempt fails", async () => {
    const bound = new InflightBound({ maxAttempts: 1, maxBytes: 100 });
    await expect(bound.reserve(5)!.track(Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(bound.attempts).toBe(0);
  });
});

describe("approximateJsonSize", () => {
  it("is close to the JSON length", () => {
    const value = { contact: { email: "a@example.com", firstname: "x".repeat(5000) }, deals: [{ dealname: "d", amount: 12 }], tickets: [] };
    const exact = JSON.stringify(value).length;
    expect(Math.abs(approximateJsonSize(value) - exact) / exact).toBeLessThan(0.05);
  });
});
