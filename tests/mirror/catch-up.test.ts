import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { staffApi, type Sql } from "../helpers/mirror";
import { callsTo } from "@/lib/tooling/sandbox/control-client";

/**
 * The catch-up by last-modified time against the sandbox's search (its 10,000-result paging cap,
 * 200 per page): past the cap, through a page-filling run of records modified in one instant
 * (gone through by id), with each page's associations read in batches, and resumed from the
 * watermark it keeps in PostgreSQL.
 */
let app: TestApp;
let sql: Sql;

beforeAll(async () => {
  app = await startTestApp({
    sandbox: { rateLimit: { max: 0, intervalMs: 10_000 }, searchPerSecond: 50 },
    env: { HUBSPOT_RATE_LIMIT_MAX: "1000", MIRROR_BUDGET_SHARE: "0.5", MIRROR_SEARCH_PER_SECOND: "40" },
  });
  const { sqlPool } = await import("@/lib/server/db");
  sql = async (text, values) => (await sqlPool().query(text, values)).rows;
});

describe("catch-up", () => {
  it("reads more than 10,000 changed contacts, 450 of them modified in the same instant", async () => {
    const staff = staffApi(app.sandbox.url);
    const instant = new Date(Date.now() - 3_600_000).toISOString();
    await staff("POST", "/objects/contacts", { properties: { email: "tie{i}@example.com", firstname: "Tie" }, count: 450, at: instant });
    // The bulk 20 to a millisecond (a bulk import gives runs of one instant; how many a tight loop
    // gives depends on the machine, so the test sets them).
    const bulkStart = Date.parse(instant) + 60_000;
    for (let chunk = 0; chunk < 490; chunk += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          staff("POST", "/objects/contacts", {
            properties: { email: `bulk${chunk + k}-{i}@example.com`, firstname: "Bulk {i}" },
            count: 20,
            at: new Date(bulkStart + chunk + k).toISOString(),
          }),
        ),
      );
    }
    const first = await staff("POST", "/objects/contacts", { properties: { email: "owner@example.com" } });
    await staff("POST", "/objects/deals", {
      properties: { dealname: "Owned", dealstage: "appointmentscheduled" },
      associations: [{ to: { id: first.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 3 }] }],
    });
    await app.control.resetStats();

    const { getMirrorHubSpot } = await import("@/lib/server/hubspot");
    const { catchUpType, readWatermark } = await import("@/lib/server/mirror/catch-up");
    const horizon = Date.now() + 1_000;
    const result = await catchUpType(getMirrorHubSpot(), "contacts", horizon);

    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM mirror_contact WHERE deleted_at IS NULL`);
    expect(n).toBe(10_251);
    expect(result.objects).toBeGreaterThanOrEqual(10_251);
    const stats = await app.control.stats();
    // No page asked past HubSpot's cap (it answers 400 there), and about one search per 200 records:
    // a page ending inside an instant starts the next one with that instant again, so a page moves
    // on by at least 200 less the 20 records of one millisecond, and the 450 ties take their own
    // pages by id.
    expect(stats.status["400"] ?? 0).toBe(0);
    expect(callsTo(stats, "contacts/search")).toBe(result.pages);
    expect(result.pages).toBeLessThanOrEqual(Math.ceil(10_251 / (200 - 20)) + Math.ceil(450 / 200) + 2);
    // Associations: one batch read per page and associated type, not one call per contact.
    expect(callsTo(stats, "associations/contacts/deals/batch/read")).toBe(result.pages);
    expect(callsTo(stats, "associations/contacts/tickets/batch/read")).toBe(result.pages);
    expect(await sql(`SELECT object_id::text FROM mirror_association WHERE contact_id = $1`, [first.id])).toHaveLength(1);
    expect(await readWatermark("contacts")).toBe(horizon);

    // Resumed from the watermark: only what changed since is read.
    await staff("PATCH", `/objects/contacts/${first.id}`, { properties: { firstname: "Changed" } });
    await app.control.resetStats();
    const again = await catchUpType(getMirrorHubSpot(), "contacts", Date.now() + 1_000);
    expect(again).toEqual({ objects: 1, pages: 1 });
    expect((await sql(`SELECT properties->>'firstname' AS f FROM mirror_contact WHERE id = $1`, [first.id]))[0].f).toBe("Changed");
  }, 120_000);
});
