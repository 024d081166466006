import { afterEach, describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { LATENCY_PROFILES, nominalMs, workLatencyMs } from "@/lib/tooling/sandbox/latency";
import { call, control, useSandbox } from "../helpers/sandbox";

const ctx = useSandbox();
const configure = (patch: unknown) => control(ctx.url, "POST", "/config", patch);
const deals = (n: number, tag: string) => ({
  inputs: Array.from({ length: n }, (_, i) => ({ properties: { dealname: `${tag} ${i}` } })),
});
const createDeals = (n: number, tag = "Deal") => call(ctx.url, "POST", "/crm/v3/objects/deals/batch/create", deals(n, tag));
const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};

afterEach(async () => {
  await configure({ rateLimit: { max: 100, intervalMs: 10_000 }, latency: { profile: "none" } });
});

describe("sandbox latency model", () => {
  it("the in-process sandbox has no latency unless asked", async () => {
    expect((await control(ctx.url, "GET", "/config")).body.latency).toMatchObject({ profile: "none", baseMs: 0, perInputMs: 0 });
  });

  it("a 100-input batch under `typical` without jitter or tail takes at least base + 100 × per input", async () => {
    const set = await configure({ latency: { profile: "typical", jitter: 0, tailProbability: 0 } });
    expect(set.status).toBe(200);
    expect(set.body.latency).toMatchObject({ profile: "custom", baseMs: LATENCY_PROFILES.typical.baseMs, jitter: 0 });
    const batch = await timed(() => createDeals(100));
    expect(batch.result.status).toBe(201);
    expect(batch.result.body.results).toHaveLength(100);
    expect(batch.ms).toBeGreaterThanOrEqual(nominalMs(LATENCY_PROFILES.typical, 100) - 5);
    // A single-object call costs the base only.
    const single = await timed(() => call(ctx.url, "GET", "/crm/v3/objects/deals?limit=1"));
    expect(single.ms).toBeGreaterThanOrEqual(nominalMs(LATENCY_PROFILES.typical, 1) - 5);
  });

  it("counts a call when it arrives: a short call sent while a long one still works gets the 429", async () => {
    // The batch works 20 + 100 × 5 = 520 ms; the single call would be done in 25 ms. Were calls
    // counted after their latency, the short one would take the only slot and the batch the 429.
    await configure({ rateLimit: { max: 1, intervalMs: 10_000 }, latency: { baseMs: 20, perInputMs: 5 } });
    const long = createDeals(100, "Long");
    await sleep(50);
    const short = await call(ctx.url, "GET", "/crm/v3/objects/contacts");
    expect(short.status).toBe(429);
    expect(short.body.policyName).toBe("TEN_SECONDLY_ROLLING");
    const done = await long;
    expect(done.status).toBe(201);
    expect(done.headers.get("x-hubspot-ratelimit-remaining")).toBe("0");
  });

  it("a 429 answers after the base latency only, without the work's", async () => {
    // An admitted 100-input batch would take 20 + 100 × 30 = 3,020 ms.
    await configure({ rateLimit: { max: 1, intervalMs: 10_000 }, latency: { baseMs: 20, perInputMs: 30 } });
    expect((await call(ctx.url, "GET", "/crm/v3/objects/contacts")).status).toBe(200);
    const refused = await timed(() => createDeals(100));
    expect(refused.result.status).toBe(429);
    expect(refused.ms).toBeGreaterThanOrEqual(15);
    expect(refused.ms).toBeLessThan(2_000);
    expect((await control(ctx.url, "GET", "/objects/deals")).body.results).toEqual([]);
  });

  it("a stats reset while calls are being answered keeps counting them in flight", async () => {
    await configure({ latency: { baseMs: 300 } });
    const pending = [createDeals(1, "A"), createDeals(1, "B")];
    await sleep(100);
    await control(ctx.url, "POST", "/stats/reset");
    const during = (await control(ctx.url, "GET", "/stats")).body;
    expect(during.inFlight["POST /crm/v3/objects/deals/batch/create"]).toBe(2);
    expect(during.maxInFlight["POST /crm/v3/objects/deals/batch/create"]).toBe(2);
    await Promise.all(pending);
    await createDeals(1, "C");
    const after = (await control(ctx.url, "GET", "/stats")).body;
    expect(after.inFlight["POST /crm/v3/objects/deals/batch/create"]).toBe(0);
    expect(after.maxInFlight["POST /crm/v3/objects/deals/batch/create"]).toBe(2);
  });

  it("keeps the flat latencyMs and names the field at fault in a bad config", async () => {
    expect((await configure({ latencyMs: 30 })).body.latency).toMatchObject({ profile: "custom", baseMs: 30, perInputMs: 0, jitter: 0 });
    expect((await configure({ latency: { profile: "slow" } })).body.latency).toEqual({ profile: "slow", ...LATENCY_PROFILES.slow });
    const badJitter = await configure({ latency: { jitter: 2 } });
    expect(badJitter.status).toBe(400);
    expect(badJitter.body.message).toContain("jitter");
    const badProfile = await configure({ latency: { profile: "warp" } });
    expect(badProfile.status).toBe(400);
    expect(badProfile.body.message).toContain("profile");
    const unknownKnob = await configure({ latency: { baseMS: 5 } });
    expect(unknownKnob.status).toBe(400);
    expect(unknownKnob.body.message).toContain("baseMS");
    const both = await configure({ latency: { profile: "fast" }, latencyMs: 5 });
    expect(both.status).toBe(400);
    expect(both.body.message).toContain("latencyMs");
    // Nothing of a refused patch was applied.
    expect((await control(ctx.url, "GET", "/config")).body.latency.profile).toBe("slow");
  });
});

describe("workLatencyMs", () => {
  const sequence = (...values: number[]) => () => values.shift() ?? 0.5;

  it("spreads by ±jitter, multiplies the tail and caps at maxMs", () => {
    const typical = LATENCY_PROFILES.typical;
    expect(nominalMs(typical, 100)).toBe(250);
    // random 0.5: no jitter; 0.5 ≥ tail probability: no tail.
    expect(workLatencyMs(typical, 100, sequence(0.5, 0.5))).toBeCloseTo(250);
    expect(workLatencyMs(typical, 100, sequence(1, 0.5))).toBeCloseTo(300);
    expect(workLatencyMs(typical, 100, sequence(0, 0.5))).toBeCloseTo(200);
    expect(workLatencyMs(typical, 100, sequence(0.5, 0))).toBeCloseTo(750);
    const slow = LATENCY_PROFILES.slow;
    expect(nominalMs(slow, 100)).toBe(600);
    expect(workLatencyMs(slow, 100, sequence(1, 0))).toBe(slow.maxMs);
    expect(workLatencyMs(LATENCY_PROFILES.fast, 100, sequence(0, 0))).toBe(100);
    expect(workLatencyMs(LATENCY_PROFILES.none, 100, sequence(0, 0))).toBe(0);
  });
});
