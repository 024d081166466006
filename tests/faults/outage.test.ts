// Fault: HubSpot goes down (every call 503) in the middle of 200 registrations and comes back.
import { describe, expect, it } from "vitest";
import { useFaultTest } from "../helpers/fault-test";
import { histogram, makeRegistrations, mapLimit } from "../helpers/registrations";

const fault = useFaultTest({
  worker: "in-process",
  env: { REGISTER_DEADLINE_MS: "2000", HUBSPOT_MAX_RETRIES: "1", WORKER_CONCURRENCY: "20", HUBSPOT_RATE_LIMIT_MAX: "10000" },
});

describe("fault: HubSpot outage in the middle of 200 registrations", () => {
  it("answers 202 during the outage and ends with every registration in HubSpot exactly once", async () => {
    const { app } = fault;
    const tag = "fout";
    const warm = await fault.begin(tag);

    const submitted = makeRegistrations(tag, 200);
    let outageStartedAt = -1;
    const answers = await mapLimit(submitted, 10, async (body, i) => {
      if (i === 100) {
        outageStartedAt = i;
        await app.control.fault({ outageSeconds: 3, status: 503 });
      }
      const res = await fault.register(body);
      return { ...res, i };
    });
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 202)).toEqual([]);
    expect(outageStartedAt).toBe(100);
    // Before the outage HubSpot answered in time; once it started, registrations were accepted for later.
    expect(answers.slice(0, 90).filter((a) => a.status === 200).length).toBeGreaterThan(0);
    expect(answers.slice(100).filter((a) => a.status === 202).length).toBeGreaterThan(0);

    await fault.waitUntilSynced(submitted.length + 1);
    const stats = await app.control.stats();
    expect(stats.status["503"]).toBeGreaterThan(0);

    await fault.expectEachOnceInHubSpot([warm, ...submitted], "outage-mid-200", {
      answers: histogram(statuses),
      answersAfterOutageStart: histogram(statuses.slice(100)),
      hubspotCalls: stats.calls,
      answered503: stats.status["503"],
    });
  });
});
