import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callsTo } from "@/lib/tooling/sandbox/control-client";
import { seedRegistration, startTestApp, type TestApp } from "../helpers/app";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  // Read (and cached) with the pipelines at the first registration.
  await app.control.rules({ validations: { deals: { dealname: [{ ruleType: "MAX_LENGTH", ruleArguments: ["20"] }] } } });
  // Pipelines, options, rules and the sync-key properties read once, so each test sees only its writes.
  expect((await app.json("POST", "/api/crm/register", seedRegistration("warm@example.com"))).status).toBe(200);
});

beforeEach(async () => {
  await app.control.rules({});
  await app.control.clearFaults();
  await app.control.resetStats();
});

const deal = (extra: Record<string, unknown> = {}) => ({ dealname: "Rules deal", dealstage: "appointmentscheduled", ...extra });

describe("HubSpot API version 2026-09 on the register path", () => {
  it("a registration's HubSpot calls name only 2026-09 paths", async () => {
    expect((await app.json("POST", "/api/crm/register", seedRegistration("dated@example.com"))).status).toBe(200);
    const stats = await app.control.stats();
    expect(stats.calls).toBeGreaterThan(0);
    expect(stats.byVersion).toEqual({ "2026-09": stats.calls });
  });
});

describe("2026-09 write validation (the portal's admin rules)", () => {
  it("a required field of the Create Record form: 400 naming the property, sent once, nothing created", async () => {
    await app.control.rules({ required: { deals: [{ property: "amount" }] } });
    const res = await app.json("POST", "/api/crm/register", { contact: { email: "required@example.com" }, deals: [deal()] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: "deals[0].amount" })]);
    expect(callsTo(await app.control.stats(), "deals/batch/create")).toBe(1);
    expect((await app.control.objects("deals")).filter((d) => d.properties.dealname === "Rules deal")).toHaveLength(0);

    const ok = await app.json("POST", "/api/crm/register", { contact: { email: "required@example.com" }, deals: [deal({ amount: 10 })] });
    expect(ok.status).toBe(200);
  });

  it("a conditional required property: only when its condition holds", async () => {
    await app.control.rules({ required: { tickets: [{ property: "hs_ticket_priority", when: { property: "hs_pipeline_stage", value: "4" } }] } });
    const contact = { email: "conditional@example.com" };
    const open = await app.json("POST", "/api/crm/register", { contact, tickets: [{ subject: "Open", hs_pipeline_stage: "1" }] });
    expect(open.status).toBe(200);
    const closed = await app.json("POST", "/api/crm/register", { contact, tickets: [{ subject: "Closed", hs_pipeline_stage: "4" }] });
    expect(closed.status).toBe(400);
    expect(closed.body.error.details[0].field).toBe("tickets[0].hs_ticket_priority");
  });

  it("a rule on contacts: the contact's property is the field at fault", async () => {
    await app.control.rules({ required: { contacts: [{ property: "phone" }] } });
    const res = await app.json("POST", "/api/crm/register", { contact: { email: "needs-phone@example.com" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe("contact.phone");
    expect(callsTo(await app.control.stats(), "contacts/batch/upsert")).toBe(1);
  });

  it("published property validation rules are checked before anything is written", async () => {
    const res = await app.json("POST", "/api/crm/register", { contact: { email: "long@example.com" }, deals: [deal({ dealname: "A deal name far too long" })] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ field: "deals[0].dealname" })]);
    const stats = await app.control.stats();
    expect(callsTo(stats, "batch/upsert") + callsTo(stats, "batch/create")).toBe(0);
  });
});
