import { describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { BodyAdmission, bodyWeight, UNSIZED_BODY_BYTES } from "./body-admission";

describe("BodyAdmission", () => {
  it("admits bodies up to the bound, then in arrival order as room is made", async () => {
    const gate = new BodyAdmission(100);
    const order: string[] = [];
    const a = await gate.admit(60);
    const b = await gate.admit(40);
    const c = gate.admit(50).then((r) => (order.push("c"), r));
    const d = gate.admit(10).then((r) => (order.push("d"), r));
    await sleep(5);
    // d would fit by size but c came first: no overtaking, so a large body is never starved.
    expect(order).toEqual([]);
    expect(gate.stats()).toMatchObject({ usedBytes: 100, waiting: 2 });
    a();
    a(); // idempotent
    await Promise.all([c, d]);
    expect(order).toEqual(["c", "d"]);
    expect(gate.stats()).toMatchObject({ usedBytes: 100, waiting: 0, peakBytes: 100, waited: 2 });
    b();
    (await c)();
    (await d)();
    expect(gate.stats().usedBytes).toBe(0);
  });

  it("always lets one body in, however large, and never holds a request without one", async () => {
    const gate = new BodyAdmission(10);
    const big = await gate.admit(1000);
    const waitingBody = gate.admit(1);
    const noBody = await gate.admit(0);
    noBody();
    expect(gate.stats()).toMatchObject({ usedBytes: 1000, waiting: 1 });
    big();
    (await waitingBody)();
    expect(gate.stats().usedBytes).toBe(0);
  });

  it("weighs a body by its Content-Length, an unsized one at the cap, none for reads", () => {
    expect(bodyWeight("GET", { "content-length": "500" })).toBe(0);
    expect(bodyWeight("POST", { "content-length": "500" })).toBe(500);
    expect(bodyWeight("POST", { "transfer-encoding": "chunked" })).toBe(UNSIZED_BODY_BYTES);
    expect(bodyWeight("POST", {})).toBe(0);
    expect(bodyWeight("POST", { "content-length": String(50 * UNSIZED_BODY_BYTES) })).toBe(UNSIZED_BODY_BYTES);
  });
});
