import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { staffApi } from "../helpers/mirror";

/**
 * GET /api/crm/objects on the mirror (source=mirror, q, sort): the live answer's shape, keyset
 * pages in every sort of the shown columns, prefix search, and 400s naming the parameter. The
 * live mode keeps its contract.
 */
let app: TestApp;
const NAMES = [
  ["ada@lovelace.example", "Ada", "Lovelace"],
  ["grace@navy.example", "Grace", "Hopper"],
  ["alan@turing.example", "Alan", "Turing"],
  ["adele@goldberg.example", "Adele", "Goldberg"],
  ["barbara@liskov.example", "Barbara", "Liskov"],
  ["edsger@dijkstra.example", "Edsger", null],
  ["karen@jones.example", "Karen", "Spärck Jones"],
];

beforeAll(async () => {
  app = await startTestApp({ env: { MIRROR_BUDGET_SHARE: "0.5" } });
  const staff = staffApi(app.sandbox.url);
  for (const [email, firstname, lastname] of NAMES) {
    await staff("POST", "/objects/contacts", { properties: { email, firstname, ...(lastname ? { lastname } : {}) } });
  }
  for (const [name, amount] of [["Big deal", "5000"], ["Small deal", "12.5"], ["No amount", null], ["Medium deal", "700"]] as const) {
    await staff("POST", "/objects/deals", { properties: { dealname: name, dealstage: "appointmentscheduled", ...(amount ? { amount } : {}) } });
  }
  const gone = await staff("POST", "/objects/contacts", { properties: { email: "gone@example.com", firstname: "Ada" } });
  const { getMirrorHubSpot } = await import("@/lib/server/hubspot");
  const { catchUp } = await import("@/lib/server/mirror/catch-up");
  await catchUp(getMirrorHubSpot(), 0);
  await staff("DELETE", `/objects/contacts/${gone.id}`);
  const { markGone } = await import("@/lib/server/mirror/store");
  await markGone("contacts", [{ id: gone.id, at: new Date() }]);
});

const get = (query: string) => app.json("GET", `/api/crm/objects?${query}`);

/** Every page of a query, following next_after. */
async function allPages(query: string, type = "contacts") {
  const rows: { id: string; properties: Record<string, string> }[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const res = await get(`${query}&limit=2${after ? `&after=${after}` : ""}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    rows.push(...res.body[type]);
    after = res.body.next_after;
    if (!after) return rows;
  }
  throw new Error("too many pages");
}

describe("GET /api/crm/objects from the mirror", () => {
  it("answers in the live shape, says it is the mirror and when it last synced, and leaves deleted records out", async () => {
    const res = await get("source=mirror&limit=100");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: "mirror", next_after: null, last_synced_at: expect.any(String) });
    expect(res.body.contacts).toHaveLength(NAMES.length);
    expect(res.body.contacts[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      properties: { email: "ada@lovelace.example", firstname: "Ada", lastname: "Lovelace" },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      archived: false,
    });
  });

  it("pages by keyset in each sort of the shown columns, both directions, the same rows as one sorted list", async () => {
    const emails = NAMES.map(([e]) => e as string).sort();
    expect((await allPages("sort=email")).map((r) => r.properties.email)).toEqual(emails);
    expect((await allPages("sort=-email")).map((r) => r.properties.email)).toEqual([...emails].reverse());
    const byName = (await allPages("sort=name")).map((r) => r.properties.firstname);
    expect(byName.slice(0, 3)).toEqual(["Ada", "Adele", "Alan"]);
    const ids = (await allPages("source=mirror")).map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect((await allPages("sort=-created")).map((r) => Number(r.id))).toEqual([...ids].reverse());
    // Numbers sort as numbers; a deal without an amount comes first.
    const deals = (await allPages("type=deals&sort=amount", "deals")).map((r) => r.properties.dealname);
    expect(deals).toEqual(["No amount", "Small deal", "Medium deal", "Big deal"]);
  });

  it("searches words as prefixes over names and emails (all words must match)", async () => {
    const emailsOf = async (q: string) => (await get(`q=${encodeURIComponent(q)}&limit=100`)).body.contacts.map((c: { properties: { email: string } }) => c.properties.email).sort();
    expect(await emailsOf("ad")).toEqual(["ada@lovelace.example", "adele@goldberg.example"]);
    expect(await emailsOf("lovel")).toEqual(["ada@lovelace.example"]);
    expect(await emailsOf("navy")).toEqual(["grace@navy.example"]);
    expect(await emailsOf("ada lovelace")).toEqual(["ada@lovelace.example"]);
    expect(await emailsOf("ada hopper")).toEqual([]);
    expect(await emailsOf("spärck")).toEqual(["karen@jones.example"]);
    expect(await emailsOf("alan@turing")).toEqual(["alan@turing.example"]);
    // A search paged by keyset in a sort: the same rows as one sorted list.
    expect((await allPages("q=example&sort=-email")).map((r) => r.properties.email)).toEqual(NAMES.map(([e]) => e as string).sort().reverse());
    const deals = (await get("type=deals&q=deal&sort=-amount")).body.deals.map((d: { properties: { dealname: string } }) => d.properties.dealname);
    expect(deals).toEqual(["Big deal", "Medium deal", "Small deal"]);
  });

  it("refuses bad mirror parameters with a 400 naming each", async () => {
    const refusal = async (query: string) => {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      return res.body.error.details as { field: string; message: string }[];
    };
    expect(await refusal("sort=colour")).toEqual([{ field: "sort", message: 'must be one of id, email, name, phone, created (prefixed with "-" for descending)' }]);
    expect((await refusal("type=deals&sort=email"))[0].field).toBe("sort");
    expect(await refusal("q=%40%40%40")).toEqual([{ field: "q", message: "must contain a letter or a digit" }]);
    expect(await refusal("source=live&q=ada")).toEqual([{ field: "q", message: "searches the mirror: use source=mirror" }]);
    expect((await refusal("source=elsewhere"))[0].field).toBe("source");
    expect(await refusal("source=mirror&after=bm90LWEtY3Vyc29y")).toEqual([{ field: "after", message: "is not a valid cursor" }]);
    const page = await get("sort=email&limit=2");
    expect(await refusal(`sort=name&after=${page.body.next_after}`)).toEqual([{ field: "after", message: "belongs to another sort order" }]);
  });

  it("keeps the live contract without mirror parameters: HubSpot's objects and cursor, no mirror fields", async () => {
    const res = await get("limit=2");
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["contacts", "next_after"]);
    expect(res.body.contacts).toHaveLength(2);
    const next = await get(`limit=100&after=${encodeURIComponent(res.body.next_after)}`);
    expect(next.body.contacts.map((c: { id: string }) => c.id)).not.toContain(res.body.contacts[0].id);
  });
});
