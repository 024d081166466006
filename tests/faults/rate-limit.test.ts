// Fault: a burst of 429s (40 injected) on top of a portal whose rolling window is small (20 calls a
// second, below what our own limiter is configured for; the limiter learns the real size from
// HubSpot's X-HubSpot-RateLimit-Max header and paces the rest).
import { describe, expect, it } from "vitest";
import { useFaultTest } from "../helpers/fault-test";
import { histogram, makeRegistrations, mapLimit } from "../helpers/registrations";

const fault = useFaultTest({
  worker: "in-process",
  sandbox: { rateLimit: { max: 20, intervalMs: 1000 } },
  env: {
    REGISTER_DEADLINE_MS: "1000",
    HUBSPOT_MAX_RETRIES: "2",
    WORKER_CONCURRENCY: "10",
    // Configured above the portal's real window: the sandbox's own 429s happen until the limiter learns its size.
    HUBSPOT_RATE_LIMIT_MAX: "1000",
    HUBSPOT_RATE_LIMIT_INTERVAL_MS: "1000",
  },
});

describe("fault: a burst of 429s", () => {
  it("ends with every registration in HubSpot exactly once", async () => {
    const { app } = fault;
    const tag = "f429";
    const warm = await fault.begin(tag);
    await app.control.fault({ status: 429, count: 40, match: "/crm/" });

    const submitted = makeRegistrations(tag, 60);
    const answers = await mapLimit(submitted, 10, fault.register);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 202)).toEqual([]);

    await fault.waitUntilSynced(submitted.length + 1);
    const stats = await app.control.stats();
    // All 40 injected 429s were served, and nothing else went wrong at HubSpot.
    expect(stats.rateLimited).toBeGreaterThanOrEqual(40);
    expect(Object.keys(stats.status).filter((s) => !["200", "201", "207", "429"].includes(s))).toEqual([]);

    await fault.expectEachOnceInHubSpot([warm, ...submitted], "429-burst", {
      answers: histogram(statuses),
      hubspotCalls: stats.calls,
      answered429: stats.rateLimited,
    });
  });
});
