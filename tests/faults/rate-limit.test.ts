// Fault: a burst of 429s (40 injected) on top of a portal whose rolling window is small (20 calls a
// second, below what our own limiter is configured for; the limiter learns the real size from
// HubSpot's X-HubSpot-RateLimit-Max header and paces the rest).
import { beforeAll, describe, expect, it } from "vitest";
import { FAST_SYNC_ENV, startTestApp, type TestApp, useInProcessWorker } from "../helpers/app";
import {
  countByStatus,
  expectHubSpotHoldsExactly,
  expectRowsMatchHubSpot,
  histogram,
  loadRegistrationRows,
  makeRegistration,
  makeRegistrations,
  mapLimit,
  warmUp,
} from "../helpers/registrations";
import { waitFor } from "../helpers/wait";

let app: TestApp;
const startWorker = useInProcessWorker();

beforeAll(async () => {
  app = await startTestApp({
    sandbox: { rateLimit: { max: 20, intervalMs: 1000 } },
    env: {
      REGISTER_DEADLINE_MS: "1000",
      ...FAST_SYNC_ENV,
      HUBSPOT_MAX_RETRIES: "2",
      WORKER_CONCURRENCY: "10",
      // Configured above the portal's real window: the sandbox's own 429s happen until the limiter learns its size.
      HUBSPOT_RATE_LIMIT_MAX: "1000",
      HUBSPOT_RATE_LIMIT_INTERVAL_MS: "1000",
    },
  });
});

describe("fault: a burst of 429s", () => {
  it("ends with every registration in HubSpot exactly once", async () => {
    const tag = "f429";
    const warm = makeRegistration(`${tag}-warm`, 0);
    await warmUp((b) => app.json("POST", "/api/crm/register", b), warm);
    await startWorker();
    await app.control.resetStats();
    await app.control.fault({ status: 429, count: 40, match: "/crm/" });

    const submitted = makeRegistrations(tag, 60);
    const answers = await mapLimit(submitted, 10, (body) => app.json("POST", "/api/crm/register", body));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 202)).toEqual([]);

    await waitFor(async () => (await countByStatus()).synced === submitted.length + 1, 60_000, 250);
    const stats = await app.control.stats();
    // All 40 injected 429s were served, and nothing else went wrong at HubSpot.
    expect(stats.rateLimited).toBeGreaterThanOrEqual(40);
    expect(Object.keys(stats.status).filter((s) => !["200", "201", "207", "429"].includes(s))).toEqual([]);

    const all = [warm, ...submitted];
    await expectRowsMatchHubSpot(app.control, await loadRegistrationRows(), all);
    await expectHubSpotHoldsExactly(app.control, all, "429-burst", {
      answers: histogram(statuses),
      hubspotCalls: stats.calls,
      answered429: stats.rateLimited,
    });
  });
});
