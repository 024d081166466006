import { describe, expect, it } from "vitest";
import { sandboxControl, type SandboxRulesInput } from "@/lib/tooling/sandbox/control-client";
import { authorize, call, CLIENT, form, REDIRECT_URI, useSandbox } from "../helpers/sandbox";

const ref = useSandbox();

const createContact = (path: string, email: string) => call(ref.url, "POST", path, { properties: { email }, associations: [] });

describe("sandbox: dated and legacy paths share one store", () => {
  it("a record written on a 2026-09 path is read on legacy and 2026-03 paths", async () => {
    const created = await createContact("/crm/objects/2026-09/contacts", "dated@example.com");
    expect(created.status).toBe(201);
    const id = created.body.id;
    for (const path of [`/crm/v3/objects/contacts/${id}`, `/crm/objects/2026-03/contacts/${id}`, `/crm/objects/2026-09/contacts/${id}`]) {
      const read = await call(ref.url, "GET", `${path}?properties=email`);
      expect(read.status).toBe(200);
      expect(read.body.properties.email).toBe("dated@example.com");
    }
    const stats = await sandboxControl(ref.url).stats();
    expect(stats.byVersion).toEqual({ "2026-09": 2, legacy: 1, "2026-03": 1 });
  });

  it("association ids are strings on dated paths, integers on v4", async () => {
    const contact = (await createContact("/crm/v3/objects/contacts", "a@example.com")).body.id;
    const deal = (await call(ref.url, "POST", "/crm/v3/objects/deals", { properties: { dealname: "D" } })).body.id;
    expect((await call(ref.url, "PUT", `/crm/objects/2026-09/deals/${deal}/associations/default/contacts/${contact}`)).status).toBe(200);
    const dated = await call(ref.url, "GET", `/crm/objects/2026-09/deals/${deal}/associations/contacts`);
    expect(dated.body.results[0].toObjectId).toBe(contact);
    const legacy = await call(ref.url, "GET", `/crm/v4/objects/deals/${deal}/associations/contacts`);
    expect(legacy.body.results[0].toObjectId).toBe(Number(contact));
    const batch = await call(ref.url, "POST", "/crm/associations/2026-03/deals/contacts/batch/read", { inputs: [{ id: deal }] });
    expect(batch.body.results[0].to[0].toObjectId).toBe(contact);
  });

  it("OAuth token, introspection and revoke answer on /oauth/2026-03 and /oauth/2026-09", async () => {
    for (const v of ["2026-03", "2026-09"]) {
      const code = await authorize(ref.url);
      const token = await form(ref.url, `/oauth/${v}/token`, { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, client_id: CLIENT.id, client_secret: CLIENT.secret });
      expect(token.status).toBe(200);
      const info = await form(ref.url, `/oauth/${v}/token/introspect`, { client_id: CLIENT.id, client_secret: CLIENT.secret, token: token.body.access_token });
      expect(info.body).toMatchObject({ active: true, token_use: "access_token" });
      expect(info.body.scopes).toContain("crm.objects.contacts.write");
      expect((await form(ref.url, `/oauth/${v}/token/revoke`, { client_id: CLIENT.id, client_secret: CLIENT.secret, token: token.body.refresh_token })).status).toBe(200);
    }
  });
});

describe("sandbox: 2026-09 write validation", () => {
  const setRules = (rules: SandboxRulesInput) => sandboxControl(ref.url).rules(rules);

  it("a required property refuses 2026-09 writes only, naming it", async () => {
    await setRules({ required: { deals: [{ property: "amount" }] } });
    const body = { properties: { dealname: "No amount" } };
    expect((await call(ref.url, "POST", "/crm/v3/objects/deals", body)).status).toBe(201);
    expect((await call(ref.url, "POST", "/crm/objects/2026-03/deals", body)).status).toBe(201);
    const refused = await call(ref.url, "POST", "/crm/objects/2026-09/deals", body);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      category: "VALIDATION_ERROR",
      errors: [{ code: "MISSING_REQUIRED_PROPERTY", context: { propertyName: ["amount"] } }],
    });
  });

  it("a conditional rule applies to updates too, on the record as it would become", async () => {
    await setRules({ required: { tickets: [{ property: "hs_ticket_priority", when: { property: "hs_pipeline_stage", value: "4" } }] } });
    const t = await call(ref.url, "POST", "/crm/objects/2026-09/tickets", { properties: { subject: "T", hs_pipeline_stage: "1" } });
    expect(t.status).toBe(201);
    const close = await call(ref.url, "PATCH", `/crm/objects/2026-09/tickets/${t.body.id}`, { properties: { hs_pipeline_stage: "4" } });
    expect(close.status).toBe(400);
    expect(close.body.errors[0]).toMatchObject({ code: "MISSING_CONDITIONAL_REQUIRED_PROPERTY", context: { propertyName: ["hs_ticket_priority"] } });
    const batch = await call(ref.url, "POST", "/crm/objects/2026-09/tickets/batch/create", {
      inputs: [{ properties: { subject: "B", hs_pipeline_stage: "4" }, objectWriteTraceId: "x1" }],
    });
    expect(batch.status).toBe(207);
    expect(batch.body.errors[0].context).toMatchObject({ objectWriteTraceId: ["x1"], propertyName: ["hs_ticket_priority"] });
  });

  it("serves the portal's property validation rules", async () => {
    await setRules({ validations: { deals: { dealname: [{ ruleType: "MAX_LENGTH", ruleArguments: ["5"] }] } } });
    const rules = await call(ref.url, "GET", "/crm/property-validations/2026-03/0-3");
    expect(rules.body.results).toEqual([{ propertyName: "dealname", propertyValidationRules: [{ ruleType: "MAX_LENGTH", ruleArguments: ["5"] }] }]);
    expect((await call(ref.url, "POST", "/crm/objects/2026-09/deals", { properties: { dealname: "Too long" } })).status).toBe(400);
  });
});

describe("sandbox: scopes", () => {
  it("answers 403 MISSING_SCOPES naming the scope a token lacks", async () => {
    const code = await authorize(ref.url, { scope: "oauth crm.objects.contacts.read" });
    const token = await form(ref.url, "/oauth/2026-03/token", { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, client_id: CLIENT.id, client_secret: CLIENT.secret });
    const at = token.body.access_token;
    expect((await call(ref.url, "GET", "/crm/objects/2026-09/contacts", undefined, at)).status).toBe(200);
    const write = await call(ref.url, "POST", "/crm/objects/2026-09/contacts", { properties: { email: "s@example.com" } }, at);
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ category: "MISSING_SCOPES", errors: [{ context: { requiredGranularScopes: ["crm.objects.contacts.write"] } }] });
    const assoc = await call(ref.url, "GET", "/crm/objects/2026-09/contacts/1001/associations/deals", undefined, at);
    expect(assoc.body.errors[0].context.requiredGranularScopes).toEqual(["crm.objects.deals.read"]);
  });
});

describe("sandbox: fidelity with HubSpot's documented behaviour", () => {
  it("a requested property without a value is null; deal reads carry hs_lastmodifieddate", async () => {
    const deal = (await call(ref.url, "POST", "/crm/objects/2026-09/deals", { properties: { dealname: "Null amount" } })).body.id;
    const read = await call(ref.url, "GET", `/crm/objects/2026-09/deals/${deal}?properties=dealname,amount`);
    expect(read.body.properties.amount).toBeNull();
    const byDefault = await call(ref.url, "GET", `/crm/objects/2026-09/deals/${deal}`);
    expect(Object.keys(byDefault.body.properties)).toContain("hs_lastmodifieddate");
    expect(Object.keys(byDefault.body.properties)).not.toContain("lastmodifieddate");
  });

  it("search: IN on strings wants lowercase values, unknown properties are a 400, no rate-limit headers", async () => {
    await call(ref.url, "POST", "/crm/objects/2026-09/contacts", { properties: { email: "in@example.com", firstname: "Alice" } });
    const search = (values: string[], propertyName = "firstname") =>
      call(ref.url, "POST", "/crm/objects/2026-09/contacts/search", { filterGroups: [{ filters: [{ propertyName, operator: "IN", values }] }] });
    expect((await search(["Alice"])).body.total).toBe(0);
    const lower = await search(["alice"]);
    expect(lower.body.total).toBe(1);
    expect([...lower.headers.keys()].filter((h) => h.startsWith("x-hubspot-ratelimit"))).toEqual([]);
    const unknown = await search(["x"], "no_such_property");
    expect(unknown.status).toBe(400);
    expect(unknown.body.category).toBe("VALIDATION_ERROR");
  });
});
