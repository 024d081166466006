// One bad row fails alone: a registration whose HubSpot answer lacks an id is refused with the
// reason, and the neighbours sharing its statement are recorded.
import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp } from "../helpers/app";

beforeAll(async () => {
  await startTestApp({ env: { HUBSPOT_MAX_RETRIES: "1" } });
});

describe("recording a batch of synced registrations", () => {
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
    expect((await db.crmObjectRef.findMany({ where: { objectType: "deals" } })).map((r) => r.hubspotId).sort()).toEqual(["d0", "d2"]);
  });
});
