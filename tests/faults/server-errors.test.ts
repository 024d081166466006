// Fault: 30 % of HubSpot calls fail with 500/502/503 (plus a few creates whose answer is lost after
// HubSpot applied them). Every registration still ends in HubSpot exactly once, through the request
// path or, past the deadline or after a failed attempt, the in-process background worker.
import { describe, expect, it } from "vitest";
import { useFaultTest } from "../helpers/fault-test";
import { histogram, loadRegistrationRows, makeRegistrations, mapLimit } from "../helpers/registrations";

// No rate limit at the sandbox (the default of a fault test): this test is about 5xx only.
const fault = useFaultTest({
  worker: "in-process",
  env: {
    REGISTER_DEADLINE_MS: "1000",
    HUBSPOT_MAX_RETRIES: "1",
    WORKER_CONCURRENCY: "10",
    // Our own deployment-wide limiter would pace 160+ calls at 100 per 10 s; not what this test is about.
    HUBSPOT_RATE_LIMIT_MAX: "10000",
  },
});

describe("fault: 30 % of HubSpot calls answer 5xx", () => {
  it("ends with every registration in HubSpot exactly once", async () => {
    const { app } = fault;
    const tag = "f5xx";
    const warm = await fault.begin(tag);
    // First, deterministically: the first contact upsert and its one retry both fail, so at least one
    // registration's attempt fails in the request path and goes the 202 way whatever the dice say.
    await app.control.fault({ count: 2, status: 503, match: "/contacts/batch/upsert" });
    for (const status of [500, 502, 503]) await app.control.fault({ rate: 0.1, status, match: "/crm/" });
    // And, on top, a few creates HubSpot applies but whose answer never arrives (the ambiguous case).
    await app.control.fault({ rate: 0.05, afterResponse: true, match: "/batch/create" });

    const submitted = makeRegistrations(tag, 60);
    const answers = await mapLimit(submitted, 8, fault.register);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 202)).toEqual([]);
    // The first batch's contact upsert failed twice (above): its registrations went the 202 way.
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThan(0);
    for (const a of answers.filter((x) => x.status === 202)) {
      expect(a.body).toMatchObject({ success: true, status: "pending", status_url: `/api/registrations/${a.body.registration_id}` });
    }

    await fault.waitUntilSynced(submitted.length + 1);
    const stats = await app.control.stats();
    await app.control.clearFaults();

    const rows = await loadRegistrationRows();
    expect(rows).toHaveLength(submitted.length + 1);
    const all = [warm, ...submitted];
    // A 200 answer carries the ids HubSpot holds.
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    for (const [i, a] of answers.entries()) {
      if (a.status !== 200) continue;
      const row = byEmail.get(submitted[i].contact.email)!;
      expect(a.body).toMatchObject({ contact_id: row.contact_id, deal_ids: row.deal_ids, ticket_ids: row.ticket_ids });
    }
    const failedCalls = (stats.status["500"] ?? 0) + (stats.status["502"] ?? 0) + (stats.status["503"] ?? 0);
    expect(failedCalls).toBeGreaterThan(0);
    await fault.expectEachOnceInHubSpot(all, "5xx-30%", {
      answers: histogram(statuses),
      hubspotCalls: stats.calls,
      injected5xx: failedCalls,
      lostResponses: stats.dropped,
      maxAttempts: Math.max(...rows.map((r) => r.attempts)),
    }, rows);
  });
});
