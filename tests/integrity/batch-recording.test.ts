// One bad row fails alone: a registration whose HubSpot answer lacks an id is refused with the
// reason, and the neighbours sharing its statement are recorded.
import { beforeAll, describe, expect, it } from "vitest";
import { callsTo } from "@/lib/tooling/sandbox/control-client";
import { seedRegistration, startTestApp, type TestApp } from "../helpers/app";
import { expectHubSpotHoldsExactly, expectRowsMatchHubSpot, histogram, loadRegistrationRows, makeRegistration, makeRegistrations, warmUp } from "../helpers/registrations";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { HUBSPOT_MAX_RETRIES: "1", REGISTER_DEADLINE_MS: "5000" } });
});

describe("recording a batch of synced registrations", () => {
  it("a 2xx batch answer without the objects it wrote: each is read back by its sync key, and every registration of the call is recorded", async () => {
    const warm = makeRegistration("omit-warm", 0);
    await warmUp((b) => app.json("POST", "/api/crm/register", b), warm);
    await app.control.resetStats();
    await app.control.fault({ omitResults: true, count: 1, match: "/deals/batch/create" });
    const submitted = makeRegistrations("omit", 6);
    const answers = await Promise.all(submitted.map((b) => app.json("POST", "/api/crm/register", b)));
    expect(histogram(answers.map((a) => a.status))).toEqual({ 200: submitted.length });
    const stats = await app.control.stats();
    expect(callsTo(stats, "deals/batch/read")).toBeGreaterThan(0);
    const rows = await loadRegistrationRows();
    expect(histogram(rows.map((r) => `${r.status}/${r.attempts}`))).toEqual({ "synced/1": submitted.length + 1 });
    await expectRowsMatchHubSpot(app.control, rows, [warm, ...submitted]);
    await expectHubSpotHoldsExactly(app.control, [warm, ...submitted], "2xx-without-results");
  });

  it("a row with a missing HubSpot id fails alone with a clear reason; its neighbours are synced", async () => {
    const { db } = await import("@/lib/server/db");
    const { claimRegistration, insertRegistration, markSynced } = await import("@/lib/server/services/registrations/store");
    const leases = [];
    for (const email of ["n1@example.com", "bad@example.com", "n2@example.com"]) {
      const row = (await insertRegistration({ payload: seedRegistration(email), requestHash: email, email, lockedUntil: new Date(0) }))!;
      leases.push((await claimRegistration(row.id))!);
    }
    const ref = (slot: string, id: string | null) => ({ slot, objectType: "deals", hubspotId: id as string, label: slot });
    // Submitted in one tick: one statement for the three.
    const results = await Promise.allSettled(
      leases.map((l, i) =>
        markSynced({ id: l.id, token: l.token, contactId: `c${i}`, dealIds: [i === 1 ? (null as unknown as string) : `d${i}`], ticketIds: [], refs: [ref("deal:0", i === 1 ? null : `d${i}`)] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/no id/);
    const rows = await db.registration.findMany({ where: { id: { in: leases.map((l) => l.id) } }, orderBy: { email: "asc" } });
    expect(rows.map((r) => [r.email, r.status])).toEqual([
      ["bad@example.com", "pending"],
      ["n1@example.com", "synced"],
      ["n2@example.com", "synced"],
    ]);
    const refs = await db.crmObjectRef.findMany({ where: { registrationId: { in: leases.map((l) => l.id) } } });
    expect(refs.map((r) => r.hubspotId).sort()).toEqual(["d0", "d2"]);
  });
});
