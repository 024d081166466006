// Sending bound by the rate budget, not by HubSpot's latency: with HubSpot answering in 400 ms and
// a budget of 40 calls per 2 s (a slot every ~56 ms, so each kind gets one every ~170 ms), several
// contact upserts and deal creates are on the wire at once, a batch's deals overlap the next
// batch's contact upsert, no call is refused with a 429, and every registration lands exactly once.
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { expectHubSpotHoldsExactly, makeRegistrations, mapLimit, warmUp } from "../helpers/registrations";

let app: TestApp;

beforeAll(async () => {
  // The app is told nothing about the budget: it learns it from HubSpot's headers.
  app = await startTestApp({ sandbox: { rateLimit: { max: 40, intervalMs: 2000 }, latencyMs: 400 } });
});

describe("pipelined sending", () => {
  it("keeps several calls of one kind in flight and stays inside the budget", async () => {
    const tag = "pipe";
    const [warm, ...submitted] = makeRegistrations(tag, 241);
    await warmUp((b) => app.json("POST", "/api/crm/register", b), warm);
    await app.control.resetStats();

    const answers = await mapLimit(submitted, 120, (body) => app.json("POST", "/api/crm/register", body));
    expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual([]);

    const stats = await app.control.stats();
    const upserts = Object.entries(stats.maxInFlight).find(([route]) => route.endsWith("/contacts/batch/upsert"))?.[1];
    const dealCreates = Object.entries(stats.maxInFlight).find(([route]) => route.endsWith("/deals/batch/create"))?.[1];
    expect(upserts).toBeGreaterThanOrEqual(2);
    expect(dealCreates).toBeGreaterThanOrEqual(2);
    expect(stats.rateLimited).toBe(0);
    await expectHubSpotHoldsExactly(app.control, [warm, ...submitted], "pipelined", { calls: stats.calls, maxInFlight: stats.maxInFlight });
  });
});
