// HubSpot takes the contact and the deal, then refuses the ticket: the registration records what
// HubSpot holds (partial), and a corrected resubmission reuses the deal instead of making a second.
import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, type TestApp } from "../helpers/app";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { REGISTER_DEADLINE_MS: "3000", HUBSPOT_MAX_RETRIES: "1" } });
  expect((await app.json("POST", "/api/crm/register", seedRegistration("warm@example.com"))).status).toBe(200);
});

const body = (ticketSubject: string) => ({
  contact: { email: "partial@example.com", firstname: "Pat" },
  deals: [{ dealname: "Partial deal", amount: 500 }],
  tickets: [{ subject: ticketSubject, category: "billing" }],
});

describe("a registration HubSpot refuses in part", () => {
  it("is partial with every object HubSpot created recorded, and a corrected resubmission creates no second copy", async () => {
    const rule = "Property values were not valid: a portal rule refused the ticket";
    await app.control.fault({ refuseInputs: rule, match: "/tickets/batch/create", count: 1 });
    const refused = await app.json("POST", "/api/crm/register", body("Refused ticket"));
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ field: "tickets[0]", message: `HubSpot refused it: ${rule}` }]);

    const deals = (await app.control.objects("deals")).filter((d) => d.properties.dealname === "Partial deal");
    expect(deals).toHaveLength(1);
    const contact = (await app.control.objects("contacts")).find((c) => c.properties.email === "partial@example.com")!;

    const { db } = await import("@/lib/server/db");
    const row = await db.registration.findFirstOrThrow({ where: { email: "partial@example.com" } });
    const status = await app.json("GET", `/api/registrations/${row.id}`);
    expect(status.body).toMatchObject({
      status: "partial",
      contact_id: contact.id,
      deal_ids: [deals[0].id],
      ticket_ids: [],
      last_error: `tickets[0]: HubSpot refused it: ${rule}`,
    });
    // Every object HubSpot holds for it has a local record.
    const refs = await db.crmObjectRef.findMany({ where: { registrationId: row.id } });
    expect(refs.map((r) => [r.objectType, r.hubspotId]).sort()).toEqual([["contacts", contact.id], ["deals", deals[0].id]].sort());
    const listed = await app.json("GET", "/api/registrations?status=partial");
    expect(listed.body.results.map((r: { registration_id: string }) => r.registration_id)).toEqual([row.id]);

    // The caller fixes the ticket and sends it again: the deal HubSpot already holds is reused.
    const fixed = await app.json("POST", "/api/crm/register", body("Corrected ticket"));
    expect(fixed.status).toBe(200);
    expect(fixed.body.deal_ids).toEqual([deals[0].id]);
    expect((await app.control.objects("deals")).filter((d) => d.properties.dealname === "Partial deal")).toHaveLength(1);
    const tickets = (await app.control.objects("tickets")).filter((t) => t.properties.subject?.endsWith("ticket") && t.properties.subject !== "New Ticket");
    expect(tickets.map((t) => t.properties.subject)).toEqual(["Corrected ticket"]);
  });

  it("a staff retry of a partial registration creates only what is missing", async () => {
    const rule = "Property values were not valid: refused once";
    await app.control.fault({ refuseInputs: rule, match: "/tickets/batch/create", count: 1 });
    const refused = await app.json("POST", "/api/crm/register", {
      contact: { email: "partial-retry@example.com" },
      deals: [{ dealname: "Retry deal" }],
      tickets: [{ subject: "Retry ticket" }],
    });
    expect(refused.status).toBe(400);
    const { db } = await import("@/lib/server/db");
    const row = await db.registration.findFirstOrThrow({ where: { email: "partial-retry@example.com" } });
    expect(row.status).toBe("partial");
    await app.control.resetStats();
    const { processRegistration } = await import("@/lib/server/services/registrations/worker");
    expect((await app.json("POST", `/api/registrations/${row.id}/retry`)).status).toBe(202);
    await processRegistration(row.id);
    const synced = (await app.json("GET", `/api/registrations/${row.id}`)).body;
    expect(synced).toMatchObject({ status: "synced", contact_id: row.contactId, deal_ids: [expect.any(String)] });
    const stats = await app.control.stats();
    // The contact and the deal were recorded: only the ticket is sent.
    expect(Object.keys(stats.byRoute).filter((r) => /batch\/(create|upsert)/.test(r))).toEqual([expect.stringContaining("tickets/batch/create")]);
    expect((await app.control.objects("deals")).filter((d) => d.properties.dealname === "Retry deal")).toHaveLength(1);
  });
});
