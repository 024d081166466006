/*
 * Drives the sandbox with HubSpot's official Node SDK (`@hubspot/api-client`, legacy v3/v4 and
 * OAuth v1 paths): if the sandbox drifts from HubSpot's wire format, the SDK's own
 * (de)serialisers and error handling notice here.
 */
import { Client } from "@hubspot/api-client";
import { describe, expect, it } from "vitest";
import { authorize, CLIENT, PAT, REDIRECT_URI, useSandbox } from "../helpers/sandbox";

const ref = useSandbox();
const sdk = () => new Client({ accessToken: PAT, basePath: ref.url, numberOfApiCallRetries: 0 });

/** The SDK throws `ApiException` with `code` (HTTP status) and `body` (the parsed error). */
async function failure(p: Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: number; body: unknown };
    return { code: err.code, body: typeof err.body === "string" ? JSON.parse(err.body) : err.body };
  }
  throw new Error("expected the SDK call to fail");
}

describe("HubSpot Node SDK against the sandbox", () => {
  it("CRUD: create, read (null for a requested property without a value), update, archive", async () => {
    const hs = sdk();
    const created = await hs.crm.contacts.basicApi.create({ properties: { email: "sdk@example.com", firstname: "Sdk" }, associations: [] });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.createdAt).toBeInstanceOf(Date);
    const read = await hs.crm.contacts.basicApi.getById(created.id, ["email", "phone"]);
    expect(read.properties).toMatchObject({ email: "sdk@example.com", phone: null });
    const byEmail = await hs.crm.contacts.basicApi.getById("sdk@example.com", ["firstname"], undefined, undefined, false, "email");
    expect(byEmail.id).toBe(created.id);
    await hs.crm.contacts.basicApi.update(created.id, { properties: { lastname: "Kit" } });
    expect((await hs.crm.contacts.basicApi.getById(created.id, ["lastname"])).properties.lastname).toBe("Kit");
    await hs.crm.contacts.basicApi.archive(created.id);
    expect((await failure(hs.crm.contacts.basicApi.getById(created.id))).code).toBe(404);
  });

  it("deal and ticket reads by default carry hs_lastmodifieddate", async () => {
    const hs = sdk();
    const deal = await hs.crm.deals.basicApi.create({ properties: { dealname: "SDK deal" }, associations: [] });
    const read = await hs.crm.deals.basicApi.getById(deal.id);
    expect(Object.keys(read.properties)).toContain("hs_lastmodifieddate");
    expect(Object.keys(read.properties)).not.toContain("lastmodifieddate");
    const ticket = await hs.crm.tickets.basicApi.create({ properties: { subject: "SDK ticket", hs_pipeline_stage: "1" }, associations: [] });
    expect(Object.keys((await hs.crm.tickets.basicApi.getById(ticket.id)).properties)).toContain("hs_lastmodifieddate");
  });

  it("batch: upsert by email (new flags), read, and 207 errors for missing ids", async () => {
    const hs = sdk();
    const up = await hs.crm.contacts.batchApi.upsert({ inputs: [{ id: "batch@example.com", idProperty: "email", properties: { firstname: "B" } }] });
    expect(up.results[0]._new).toBe(true);
    const again = await hs.crm.contacts.batchApi.upsert({ inputs: [{ id: "batch@example.com", idProperty: "email", properties: { firstname: "C" } }] });
    expect(again.results[0]._new).toBe(false);
    const read = await hs.crm.contacts.batchApi.read({ inputs: [{ id: up.results[0].id }, { id: "999999" }], properties: ["firstname"], propertiesWithHistory: [] });
    expect(read.results.map((r) => r.properties.firstname)).toEqual(["C"]);
    expect("numErrors" in read && read.numErrors).toBe(1);
  });

  it("search: lowercase IN values match, mixed case does not, an unknown property is a 400", async () => {
    const hs = sdk();
    await hs.crm.contacts.basicApi.create({ properties: { email: "find@example.com", firstname: "Grace" }, associations: [] });
    const find = (values: string[], propertyName = "firstname") =>
      hs.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName, operator: "IN" as never, values }] }], properties: ["email"], limit: 10, after: "0", sorts: [] });
    expect((await find(["grace"])).total).toBe(1);
    expect((await find(["Grace"])).total).toBe(0);
    const bad = await failure(find(["x"], "not_a_property"));
    expect(bad.code).toBe(400);
    expect(bad.body.category).toBe("VALIDATION_ERROR");
  });

  it("associations v4: default association, listed with string ids", async () => {
    const hs = sdk();
    const contact = await hs.crm.contacts.basicApi.create({ properties: { email: "assoc@example.com" }, associations: [] });
    const deal = await hs.crm.deals.basicApi.create({ properties: { dealname: "Assoc deal" }, associations: [] });
    await hs.crm.associations.v4.basicApi.createDefault("deals", deal.id, "contacts", contact.id);
    const page = await hs.crm.associations.v4.basicApi.getPage("deals", deal.id, "contacts");
    expect(String(page.results[0].toObjectId)).toBe(contact.id);
    expect(page.results[0].associationTypes.map((t) => t.typeId)).toContain(3);
  });

  it("properties and pipelines", async () => {
    const hs = sdk();
    const created = await hs.crm.properties.coreApi.create("deals", {
      name: "sdk_key", label: "SDK key", groupName: "dealinformation", type: "string" as never, fieldType: "text" as never, hasUniqueValue: true,
    });
    expect(created.name).toBe("sdk_key");
    expect((await hs.crm.properties.coreApi.getByName("deals", "sdk_key")).hasUniqueValue).toBe(true);
    expect((await failure(hs.crm.properties.coreApi.getByName("deals", "nope"))).code).toBe(404);
    const pipelines = await hs.crm.pipelines.pipelinesApi.getAll("deals");
    expect(pipelines.results[0].id).toBe("default");
    expect(pipelines.results[0].stages.map((s) => s.id)).toContain("closedwon");
  });

  it("OAuth: code exchange, access-token info, refresh", async () => {
    const hs = new Client({ basePath: ref.url });
    const code = await authorize(ref.url);
    const tokens = await hs.oauth.tokensApi.create("authorization_code", code, REDIRECT_URI, CLIENT.id, CLIENT.secret);
    expect(tokens.expiresIn).toBe(1800);
    const info = await hs.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info.hubId).toBe(12345678);
    expect(info.scopes).toContain("crm.objects.contacts.write");
    const refreshed = await hs.oauth.tokensApi.create("refresh_token", undefined, undefined, CLIENT.id, CLIENT.secret, tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    const withToken = new Client({ accessToken: refreshed.accessToken, basePath: ref.url });
    expect((await withToken.crm.contacts.basicApi.getPage(10)).results).toEqual([]);
  });
});
