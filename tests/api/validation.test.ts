import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, type TestApp } from "../helpers/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});

type Body = ReturnType<typeof seedRegistration> & Record<string, any>;
const withChange = (change: (b: Body) => void) => {
  const body = structuredClone(seedRegistration("valid@example.com")) as Body;
  change(body);
  return body;
};

async function expectFieldError(body: unknown, field: string, message?: RegExp) {
  const res = await app.json("POST", "/api/crm/register", body);
  expect(res.status).toBe(400);
  expect(res.body.success).toBe(false);
  expect(res.body.error.code).toBe("VALIDATION_ERROR");
  const fields = res.body.error.details.map((d: { field: string }) => d.field);
  expect(fields).toContain(field);
  if (message) expect(res.body.error.details.find((d: { field: string }) => d.field === field).message).toMatch(message);
  return res;
}

describe("register validation: 400 naming each field at fault", () => {
  it.each([
    ["contact", (b: Body) => delete (b as any).contact],
    ["contact.email", (b: Body) => delete (b.contact as any).email],
    ["deals[0].dealname", (b: Body) => delete (b.deals[0] as any).dealname],
    ["tickets[0].subject", (b: Body) => delete (b.tickets[0] as any).subject],
  ])("missing %s", async (field, change) => {
    await expectFieldError(withChange(change), field, /required/);
  });

  it.each([
    ["contact.email", (b: Body) => ((b.contact as any).email = 42)],
    ["contact.firstname", (b: Body) => ((b.contact as any).firstname = ["x"])],
    ["deals[0].amount", (b: Body) => ((b.deals[0] as any).amount = "lots")],
    ["deals", (b: Body) => ((b as any).deals = "not a list")],
    ["tickets[0].subject", (b: Body) => ((b.tickets[0] as any).subject = { a: 1 })],
  ])("wrong type for %s", async (field, change) => {
    await expectFieldError(withChange(change), field);
  });

  it.each([
    ["contact.firstname", (b: Body) => ((b.contact as any).firstname = "Jo\u0000hn")],
    ["deals[0].dealname", (b: Body) => (b.deals[0].dealname = "Deal\u0000")],
    ["tickets[0].description", (b: Body) => (b.tickets[0].description = "\u0000")],
  ])("a NUL character in %s (PostgreSQL cannot store it) is a 400, and nothing is stored", async (field, change) => {
    const { db } = await import("@/lib/server/db");
    const before = await db.registration.count();
    await expectFieldError(withChange(change), field, /NUL/);
    expect(await db.registration.count()).toBe(before);
  });

  it("bad email", async () => {
    await expectFieldError(withChange((b) => (b.contact.email = "not-an-email")), "contact.email", /valid email/);
  });

  it("bad enum: ticket priority", async () => {
    await expectFieldError(withChange((b) => (b.tickets[0].hs_ticket_priority = "SOMETIME")), "tickets[0].hs_ticket_priority", /LOW, MEDIUM, HIGH/);
  });

  it("unknown deal stage and ticket pipeline are named with the valid options", async () => {
    await expectFieldError(withChange((b) => (b.deals[0].dealstage = "registered")), "deals[0].dealstage", /appointmentscheduled/);
    await expectFieldError(withChange((b) => (b.tickets[0].hs_pipeline = "nowhere")), "tickets[0].hs_pipeline", /Support Pipeline/);
  });

  it("an unknown field is named", async () => {
    await expectFieldError(withChange((b) => ((b.contact as any).favourite_colour = "blue")), "contact.favourite_colour", /unknown/);
  });

  it("more than 100 deals is refused", async () => {
    await expectFieldError(withChange((b) => (b.deals = Array.from({ length: 101 }, () => ({ dealname: "x" })) as any)), "deals");
  });

  it("reports several problems at once", async () => {
    const res = await app.json("POST", "/api/crm/register", { contact: { email: "x" }, deals: [{}] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => d.field).sort()).toEqual(["contact.email", "deals[0].dealname"]);
  });

  it("makes no HubSpot call and keeps no record for an invalid body", async () => {
    await app.control.resetStats();
    await app.json("POST", "/api/crm/register", { contact: { email: "nope" } });
    expect((await app.control.stats()).calls).toBe(0);
    const { db } = await import("@/lib/server/db");
    expect(await db.registration.count({ where: { payload: { path: ["contact", "email"], equals: "nope" } } })).toBe(0);
  });
});

describe("malformed requests get their own clear 4xx", () => {
  it("malformed JSON", async () => {
    const res = await app.request("POST", "/api/crm/register", { rawBody: '{"contact": {' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("INVALID_JSON");
  });

  it("empty body", async () => {
    const res = await app.request("POST", "/api/crm/register", { rawBody: "" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("INVALID_JSON");
  });

  it("a JSON array instead of an object", async () => {
    const res = await app.request("POST", "/api/crm/register", { rawBody: "[1,2]" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("VALIDATION_ERROR");
  });

  it("wrong content type", async () => {
    const res = await app.request("POST", "/api/crm/register", { rawBody: "contact=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("oversized body", async () => {
    const big = JSON.stringify({ contact: { email: "a@b.co", firstname: "x".repeat(2_000_000) } });
    const res = await app.request("POST", "/api/crm/register", { rawBody: big });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("deeply nested JSON", async () => {
    const res = await app.request("POST", "/api/crm/register", { rawBody: "[".repeat(5000) + "]".repeat(5000) });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/nested/);
  });

  it("no error answer carries a stack trace", async () => {
    const res = await app.request("POST", "/api/crm/register", { rawBody: "{bad" });
    expect(await res.text()).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});
