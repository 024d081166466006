import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff";

describe("retryDelayMs", () => {
  const middle = () => 0.5;

  it("doubles from the base per failed attempt and stops at the cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 10_000, 3_600_000, middle))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
    expect(retryDelayMs(12, 10_000, 3_600_000, middle)).toBe(3_600_000);
    expect(retryDelayMs(500, 10_000, 3_600_000, middle)).toBe(3_600_000);
  });

  it("jitters by a quarter either way, never past the cap", () => {
    expect(retryDelayMs(1, 10_000, 3_600_000, () => 0)).toBe(7_500);
    expect(retryDelayMs(1, 10_000, 3_600_000, () => 0.999999)).toBe(12_500);
    expect(retryDelayMs(20, 10_000, 3_600_000, () => 0.999999)).toBe(3_600_000);
  });

  it("treats a first failure (or nonsense) as the base", () => {
    expect(retryDelayMs(0, 100, 1_000, middle)).toBe(100);
  });
});
