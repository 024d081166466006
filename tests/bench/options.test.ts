import { describe, expect, it } from "vitest";
import { describeLatency, parseLatencySpec } from "@/lib/tooling/bench/latency-spec";
import { inFlightFor, matrixInFlight } from "@/lib/tooling/bench/matrix";
import { parseOptions, physicalLimit } from "@/lib/tooling/bench/options";

describe("npm run bench flags", () => {
  it("lets a matrix cell hold 4 s of its arrivals in flight, so the callers never hold back what the app would take", () => {
    expect(inFlightFor(570, 1000)).toBe(2280);
    expect(inFlightFor(100, 1000)).toBe(1000);
    expect(matrixInFlight(parseOptions(["--matrix"]))).toBe(2280);
    expect(matrixInFlight(parseOptions([]))).toBe(0);
  });

  it("--mirror loads the budget to its physical limit for a minute, so the mirror's share shows", () => {
    expect(parseOptions(["--mirror"])).toMatchObject({ rate: 333, durationS: 60 });
    expect(parseOptions(["--mirror", "--sandbox-max", "190"]).rate).toBe(633);
    expect(parseOptions(["--mirror", "--rate", "250"]).rate).toBe(250);
  });

  it("the default run uses the typical latency profile and no matrix", () => {
    const o = parseOptions([]);
    expect(o.latency).toEqual({ profile: "typical" });
    expect(o.matrix).toBeUndefined();
    expect(describeLatency(o.latency)).toBe("typical (100 ms + 1.5 ms/input, ±20 %, 2 % of calls ×3, max 1500 ms)");
  });

  it("--latency takes a profile, a flat number of ms, or knobs, and names itself when wrong", () => {
    expect(parseLatencySpec("slow")).toEqual({ profile: "slow" });
    expect(parseLatencySpec("150")).toEqual({ baseMs: 150 });
    expect(parseLatencySpec("profile=typical,jitter=0")).toEqual({ profile: "typical", jitter: 0 });
    expect(parseLatencySpec("baseMs=60, perInputMs=1.9")).toEqual({ baseMs: 60, perInputMs: 1.9 });
    expect(() => parseLatencySpec("warp")).toThrow(/--latency expects a profile/);
    expect(() => parseLatencySpec("jitter=3")).toThrow(/--latency: jitter/);
    expect(() => parseLatencySpec("profile=warp")).toThrow(/--latency: profile/);
  });

  it("--matrix: fast, typical, slow × 100, 190 (highest first), 5 s + 20 s cells at 90 % of each limit", () => {
    const o = parseOptions(["--matrix"]);
    expect(o.matrix).toMatchObject({ profiles: ["fast", "typical", "slow"], budgets: [190, 100], loadFraction: 0.9, idleRate: 2, settle: true, restartPerBudget: false });
    expect(o.matrix!.rate).toBeUndefined();
    expect([o.warmupS, o.durationS, o.seedDurationS]).toEqual([5, 20, 20]);
    expect(Math.round(physicalLimit(100, 10_000) * 0.9)).toBe(300);
    expect(Math.round(physicalLimit(190, 10_000) * 0.9)).toBe(570);
    expect(parseOptions(["--matrix", "--with-250", "--budgets", "100"]).matrix!.budgets).toEqual([250, 100]);
    expect(parseOptions(["--matrix", "--smoke"]).matrix).toMatchObject({ rate: 20, settle: false });
    expect(() => parseOptions(["--matrix", "--profiles", "fast,warp"])).toThrow(/--profiles: unknown profile "warp"/);
    expect(() => parseOptions(["--matrix", "--closed"])).toThrow(/--matrix/);
  });
});
