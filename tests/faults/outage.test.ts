// Fault: HubSpot goes down (every call 503) in the middle of 200 registrations and comes back.
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
    sandbox: { rateLimit: { max: 0, intervalMs: 10_000 } },
    env: {
      REGISTER_DEADLINE_MS: "2000",
      ...FAST_SYNC_ENV,
      HUBSPOT_MAX_RETRIES: "1",
      WORKER_CONCURRENCY: "20",
      HUBSPOT_RATE_LIMIT_MAX: "10000",
    },
  });
});

describe("fault: HubSpot outage in the middle of 200 registrations", () => {
  it("answers 202 during the outage and ends with every registration in HubSpot exactly once", async () => {
    const tag = "fout";
    const warm = makeRegistration(`${tag}-warm`, 0);
    await warmUp((b) => app.json("POST", "/api/crm/register", b), warm);
    await startWorker();
    await app.control.resetStats();

    const submitted = makeRegistrations(tag, 200);
    let outageStartedAt = -1;
    const answers = await mapLimit(submitted, 10, async (body, i) => {
      if (i === 100) {
        outageStartedAt = i;
        await app.control.fault({ outageSeconds: 3, status: 503 });
      }
      const res = await app.json("POST", "/api/crm/register", body);
      return { ...res, i };
    });
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 202)).toEqual([]);
    expect(outageStartedAt).toBe(100);
    // Before the outage HubSpot answered in time; once it started, registrations were accepted for later.
    expect(answers.slice(0, 90).filter((a) => a.status === 200).length).toBeGreaterThan(0);
    expect(answers.slice(100).filter((a) => a.status === 202).length).toBeGreaterThan(0);

    await waitFor(async () => (await countByStatus()).synced === submitted.length + 1, 60_000, 250);
    const stats = await app.control.stats();
    expect(stats.status["503"]).toBeGreaterThan(0);

    const all = [warm, ...submitted];
    await expectRowsMatchHubSpot(app.control, await loadRegistrationRows(), all);
    await expectHubSpotHoldsExactly(app.control, all, "outage-mid-200", {
      answers: histogram(statuses),
      answersAfterOutageStart: histogram(statuses.slice(100)),
      hubspotCalls: stats.calls,
      answered503: stats.status["503"],
    });
  });
});
