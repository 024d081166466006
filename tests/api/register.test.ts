import { beforeAll, describe, expect, it } from "vitest";
import { callsTo } from "@/lib/tooling/sandbox/control-client";
import { seedRegistration, startTestApp, type TestApp } from "../helpers/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});

describe("POST /api/crm/register", () => {
  it("answers the seed's response and writes what HubSpot really takes", async () => {
    const res = await app.json("POST", "/api/crm/register", seedRegistration("seed@example.com"));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      message: "Contact, Deal(s), and Ticket(s) processed successfully.",
      contact_id: expect.any(String),
      deal_ids: [expect.any(String)],
      ticket_ids: [expect.any(String)],
    });
    expect(Object.keys(res.body).sort()).toEqual(["contact_id", "deal_ids", "message", "success", "ticket_ids"]);
    expect(res.headers.get("x-request-id")).toBeTruthy();

    const [ticket] = (await app.control.objects("tickets")).filter((t) => t.id === res.body.ticket_ids[0]);
    expect(ticket.properties).toMatchObject({
      subject: "Billing Issue",
      content: "Customer cannot pay",
      hs_ticket_category: "BILLING_ISSUE",
      hs_pipeline: "0",
      hs_pipeline_stage: "1",
      hs_ticket_priority: "HIGH",
    });
    expect(ticket.properties).not.toHaveProperty("description");
    expect(ticket.associations?.contacts?.results.map((r) => r.id)).toContain(res.body.contact_id);

    const [deal] = (await app.control.objects("deals")).filter((d) => d.id === res.body.deal_ids[0]);
    expect(deal.properties).toMatchObject({ dealname: "New Deal", amount: "1200", dealstage: "appointmentscheduled", pipeline: "default" });
    expect(deal.associations?.contacts?.results.map((r) => r.id)).toContain(res.body.contact_id);
  });

  it("updates an existing contact by email instead of failing with 409", async () => {
    const first = await app.json("POST", "/api/crm/register", { contact: { email: "again@example.com", firstname: "A" } });
    const second = await app.json("POST", "/api/crm/register", { contact: { email: "Again@Example.com", firstname: "B" } });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.contact_id).toBe(first.body.contact_id);
    const contacts = (await app.control.objects("contacts")).filter((c) => c.properties.email === "again@example.com");
    expect(contacts).toHaveLength(1);
    expect(contacts[0].properties.firstname).toBe("B");
  });

  it("costs three HubSpot calls for a contact with many deals and tickets", async () => {
    await app.json("POST", "/api/crm/register", seedRegistration("warm@example.com")); // pipelines and sync-key property cached
    await app.control.resetStats();
    const deals = Array.from({ length: 25 }, (_, i) => ({ dealname: `Deal ${i}`, amount: i * 10 }));
    const tickets = Array.from({ length: 30 }, (_, i) => ({ subject: `Ticket ${i}`, hs_ticket_priority: "low" }));
    const res = await app.json("POST", "/api/crm/register", { contact: { email: "many@example.com" }, deals, tickets });
    expect(res.status).toBe(200);
    expect(res.body.deal_ids).toHaveLength(25);
    expect(res.body.ticket_ids).toHaveLength(30);
    expect(new Set(res.body.deal_ids).size).toBe(25);
    const stats = await app.control.stats();
    expect(stats.calls).toBe(3);
    expect(callsTo(stats, "contacts/batch/upsert")).toBe(1);
    expect(callsTo(stats, "deals/batch/create")).toBe(1);
    expect(callsTo(stats, "tickets/batch/create")).toBe(1);
  });

  it("accepts HubSpot's own ticket property names and pipeline labels", async () => {
    const res = await app.json("POST", "/api/crm/register", {
      contact: { email: "names@example.com" },
      tickets: [{ subject: "S", content: "body", hs_ticket_category: "PRODUCT_ISSUE", hs_pipeline: "Support Pipeline", hs_pipeline_stage: "Waiting on us" }],
      deals: [{ dealname: "D", dealstage: "Closed Won", pipeline: "Sales Pipeline" }],
    });
    expect(res.status).toBe(200);
    const [ticket] = (await app.control.objects("tickets")).filter((t) => t.id === res.body.ticket_ids[0]);
    expect(ticket.properties).toMatchObject({ content: "body", hs_ticket_category: "PRODUCT_ISSUE", hs_pipeline: "0", hs_pipeline_stage: "3" });
    const [deal] = (await app.control.objects("deals")).filter((d) => d.id === res.body.deal_ids[0]);
    expect(deal.properties.dealstage).toBe("closedwon");
  });

  it("stores a local reference row for every object created", async () => {
    const res = await app.json("POST", "/api/crm/register", {
      contact: { email: "refs@example.com" },
      deals: [{ dealname: "D1" }, { dealname: "D2" }],
      tickets: [{ subject: "T1" }],
    });
    const { db } = await import("@/lib/server/db");
    const refs = await db.crmObjectRef.findMany({ where: { hubspotId: { in: [res.body.contact_id, ...res.body.deal_ids, ...res.body.ticket_ids] } } });
    expect(refs.map((r) => `${r.objectType}:${r.hubspotId}`).sort()).toEqual(
      [`contacts:${res.body.contact_id}`, ...res.body.deal_ids.map((id: string) => `deals:${id}`), `tickets:${res.body.ticket_ids[0]}`].sort(),
    );
    const registration = await db.registration.findUniqueOrThrow({ where: { id: refs[0].registrationId! } });
    expect(registration.status).toBe("synced");
  });
});
