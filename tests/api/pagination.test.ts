import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";

let app: TestApp;
const TOTAL = 45;

beforeAll(async () => {
  app = await startTestApp();
  const { db } = await import("@/lib/server/db");
  await db.crmObjectRef.createMany({
    data: Array.from({ length: TOTAL }, (_, i) => ({ objectType: i % 3 === 0 ? "deals" : "contacts", hubspotId: `${1000 + i}`, label: `row ${i}` })),
  });
});

describe("GET /api/objects/local (offset)", () => {
  it("first page with totals", async () => {
    const res = await app.json("GET", "/api/objects/local?page=1&limit=20");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 1, limit: 20, total_pages: 3, total_records: TOTAL });
    expect(res.body.results).toHaveLength(20);
    expect(res.body.results[0]).toMatchObject({ hubspot_id: "1000", label: "row 0", object_type: "deals" });
  });

  it("last page is partial", async () => {
    const res = await app.json("GET", "/api/objects/local?page=3&limit=20");
    expect(res.body.results.map((r: any) => r.label)).toEqual(Array.from({ length: 5 }, (_, i) => `row ${40 + i}`));
  });

  it("a page past the end is empty with the totals", async () => {
    const res = await app.json("GET", "/api/objects/local?page=99&limit=20");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ page: 99, total_pages: 3, total_records: TOTAL, results: [] });
  });

  it("defaults to page 1 of 20", async () => {
    const res = await app.json("GET", "/api/objects/local");
    expect(res.body).toMatchObject({ page: 1, limit: 20 });
  });

  it("filters by type", async () => {
    const res = await app.json("GET", "/api/objects/local?type=deals&limit=100");
    expect(res.body.total_records).toBe(15);
    expect(res.body.results.every((r: any) => r.object_type === "deals")).toBe(true);
  });

  it.each([
    ["page=0", "page"],
    ["page=-1", "page"],
    ["page=abc", "page"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=2.5", "limit"],
    ["type=companies", "type"],
    ["sort=id", "sort"],
  ])("rejects %s naming %s", async (qs, field) => {
    const res = await app.json("GET", `/api/objects/local?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
  });
});

describe("GET /api/objects/local-cursor (keyset)", () => {
  it("walks every row once, in order, ending with next_after null", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const res: { body: { results: { label: string }[]; next_after: string | null } } = await app.json(
        "GET",
        `/api/objects/local-cursor?limit=20${after ? `&after=${after}` : ""}`,
      );
      seen.push(...res.body.results.map((r) => r.label));
      after = res.body.next_after;
      if (!after) break;
    }
    expect(seen).toEqual(Array.from({ length: TOTAL }, (_, i) => `row ${i}`));
  });

  it("a full last page has no next cursor when nothing follows", async () => {
    const all = await app.json("GET", "/api/objects/local-cursor?limit=100");
    expect(all.body.results).toHaveLength(TOTAL);
    expect(all.body.next_after).toBeNull();
  });

  it("past the end is empty", async () => {
    const res = await app.json("GET", "/api/objects/local-cursor?after=999999999");
    expect(res.body).toEqual({ results: [], next_after: null });
  });

  it("stays stable while rows are inserted", async () => {
    const first = await app.json("GET", "/api/objects/local-cursor?limit=10");
    const { db } = await import("@/lib/server/db");
    await db.crmObjectRef.create({ data: { objectType: "tickets", hubspotId: "new-1", label: "inserted" } });
    const second = await app.json("GET", `/api/objects/local-cursor?limit=10&after=${first.body.next_after}`);
    expect(second.body.results[0].label).toBe("row 10");
    await db.crmObjectRef.deleteMany({ where: { hubspotId: "new-1" } });
  });

  it.each(["abc", "-1", "1e5", "99999999999999999999"])("rejects the cursor %s", async (after) => {
    const res = await app.json("GET", `/api/objects/local-cursor?after=${after}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe("after");
  });
});

describe("GET /api/crm/objects (HubSpot cursor)", () => {
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      const r = await app.json("POST", "/api/crm/register", { contact: { email: `page${i}@example.com` } });
      expect(r.status).toBe(200);
    }
  });

  it("pages through HubSpot with next_after until null", async () => {
    const emails: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { contacts: { properties: { email: string } }[]; next_after: string | null } } = await app.json(
        "GET",
        `/api/crm/objects?type=contacts&limit=2${after ? `&after=${encodeURIComponent(after)}` : ""}`,
      );
      expect(res.status).toBe(200);
      emails.push(...res.body.contacts.map((c) => c.properties.email));
      after = res.body.next_after;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(emails.sort()).toEqual(Array.from({ length: 5 }, (_, i) => `page${i}@example.com`));
  });

  it("defaults to contacts and names the result key after the type", async () => {
    const res = await app.json("GET", "/api/crm/objects?limit=1");
    expect(Object.keys(res.body).sort()).toEqual(["contacts", "next_after"]);
    const deals = await app.json("GET", "/api/crm/objects?type=deals");
    expect(deals.body).toEqual({ deals: [], next_after: null });
  });

  it.each([
    ["type=companies", "type"],
    ["limit=0", "limit"],
    ["limit=500", "limit"],
    ["after=%3Cscript%3E", "after"],
  ])("rejects %s", async (qs, field) => {
    const res = await app.json("GET", `/api/crm/objects?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe(field);
  });

  it("a cursor HubSpot did not issue is a 400 on after", async () => {
    const res = await app.json("GET", "/api/crm/objects?after=bm90LWEtY3Vyc29y");
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe("after");
  });
});
