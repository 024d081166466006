import { describe, expect, it } from "vitest";
import { call, useSandbox } from "../helpers/sandbox";

const ctx = useSandbox();
const post = (path: string, body: unknown) => call(ctx.url, "POST", path, body);
const get = (path: string) => call(ctx.url, "GET", path);

async function createContact(email: string, extra: Record<string, string> = {}) {
  const res = await post("/crm/v3/objects/contacts", { properties: { email, ...extra }, associations: [] });
  expect(res.status).toBe(201);
  return res.body;
}

describe("sandbox CRM objects", () => {
  it("creates a contact with string properties and system fields", async () => {
    const contact = await createContact("Ada@Example.com", { firstname: "Ada" });
    expect(contact).toMatchObject({ id: "1001", archived: false, properties: { email: "ada@example.com", firstname: "Ada", hs_object_id: "1001" } });
    expect(Date.parse(contact.createdAt)).not.toBeNaN();
    expect(contact.properties.createdate).toBe(contact.createdAt);
    expect(Object.values(contact.properties).every((v) => typeof v === "string")).toBe(true);
  });

  it("answers 409 with the existing id for a duplicate email, case-insensitively", async () => {
    const first = await createContact("dup@example.com");
    const res = await post("/crm/v3/objects/contacts", { properties: { email: "DUP@example.com" } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: "error", category: "CONFLICT", message: `Contact already exists. Existing ID: ${first.id}` });
    expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rejects unknown properties with HubSpot's PROPERTY_DOESNT_EXIST message", async () => {
    const res = await post("/crm/v3/objects/contacts", { properties: { email: "x@example.com", description: "nope" } });
    expect(res.status).toBe(400);
    expect(res.body.category).toBe("VALIDATION_ERROR");
    expect(res.body.message).toBe(
      'Property values were not valid: [{"isValid":false,"message":"Property \\"description\\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"description"}]',
    );
  });

  it("rejects invalid options: deal stage, ticket priority and category, ticket pipeline", async () => {
    const deal = await post("/crm/v3/objects/deals", { properties: { dealname: "D", dealstage: "registered" } });
    expect(deal.status).toBe(400);
    expect(deal.body.message).toContain("registered is not a valid pipeline stage ID. Valid options are: pipelineId=default : [appointmentscheduled, qualifiedtobuy");
    expect(deal.body.message).toContain('"error":"INVALID_OPTION","name":"dealstage"');
    const cases = [
      { hs_ticket_priority: "CRITICAL" },
      { hs_ticket_category: "PRODUCT_ISSUE;billing" },
      { hs_pipeline: "support" },
      { hs_pipeline_stage: "9" },
    ];
    for (const props of cases) {
      const res = await post("/crm/v3/objects/tickets", { properties: { subject: "S", hs_pipeline_stage: "1", ...props } });
      expect(res.status, JSON.stringify(props)).toBe(400);
      expect(res.body.message).toContain('"error":"INVALID_OPTION"');
    }
  });

  it("requires dealname and ticket subject/stage, and defaults the pipelines", async () => {
    expect((await post("/crm/v3/objects/deals", { properties: { amount: "10" } })).status).toBe(400);
    expect((await post("/crm/v3/objects/tickets", { properties: { subject: "S" } })).status).toBe(400);
    const deal = await post("/crm/v3/objects/deals", { properties: { dealname: "D", amount: 1500, closedate: 0 } });
    expect(deal.body.properties).toMatchObject({ pipeline: "default", amount: "1500", closedate: "1970-01-01T00:00:00.000Z" });
    const ticket = await post("/crm/v3/objects/tickets", {
      properties: { subject: "S", content: "body", hs_pipeline_stage: "1", hs_ticket_category: "PRODUCT_ISSUE;BILLING_ISSUE" },
    });
    expect(ticket.status).toBe(201);
    expect(ticket.body.properties.hs_pipeline).toBe("0");
  });

  it("reads by id and by idProperty=email, patches, deletes", async () => {
    const c = await createContact("read@example.com", { firstname: "R", phone: "123" });
    const byId = await get(`/crm/v3/objects/contacts/${c.id}`);
    // Default properties without a value come back as null, as HubSpot does.
    expect(Object.keys(byId.body.properties).sort()).toEqual(["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"]);
    expect(byId.body.properties.lastname).toBeNull();
    const byEmail = await get(`/crm/v3/objects/contacts/READ@example.com?idProperty=email&properties=phone`);
    expect(byEmail.body.id).toBe(c.id);
    expect(byEmail.body.properties.phone).toBe("123");
    const patched = await call(ctx.url, "PATCH", "/crm/v3/objects/contacts/read@example.com?idProperty=email", { properties: { lastname: "L" } });
    expect(patched.status).toBe(200);
    expect(patched.body.properties.lastname).toBe("L");
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(c.updatedAt));
    expect((await call(ctx.url, "DELETE", `/crm/v3/objects/contacts/${c.id}`)).status).toBe(204);
    const gone = await get(`/crm/v3/objects/contacts/${c.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.category).toBe("OBJECT_NOT_FOUND");
    expect((await get(`/crm/v3/objects/contacts/${c.id}?archived=true`)).body.archived).toBe(true);
  });

  it("keeps unique lookups in step with email changes and deletes", async () => {
    const c = await createContact("old@example.com");
    const readByEmail = (email: string) => get(`/crm/v3/objects/contacts/${email}?idProperty=email`);
    expect((await readByEmail("OLD@example.com")).body.id).toBe(c.id);
    const moved = await call(ctx.url, "PATCH", `/crm/v3/objects/contacts/${c.id}`, { properties: { email: "New@example.com" } });
    expect(moved.status).toBe(200);
    expect((await readByEmail("old@example.com")).status).toBe(404);
    expect((await readByEmail("new@example.com")).body.id).toBe(c.id);
    // The old address is free again; the new one is taken.
    expect((await createContact("old@example.com")).id).not.toBe(c.id);
    expect((await post("/crm/v3/objects/contacts", { properties: { email: "new@example.com" } })).status).toBe(409);
    expect((await call(ctx.url, "DELETE", `/crm/v3/objects/contacts/${c.id}`)).status).toBe(204);
    expect((await readByEmail("new@example.com")).status).toBe(404);
    expect((await createContact("new@example.com")).id).not.toBe(c.id);
  });

  it("pages a list to the last page, which has no paging", async () => {
    for (let i = 0; i < 7; i++) await createContact(`p${i}@example.com`);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const res = await get(`/crm/v3/objects/contacts?limit=3${after ? `&after=${after}` : ""}`);
      seen.push(...res.body.results.map((r: { id: string }) => r.id));
      after = res.body.paging?.next.after;
      if (after) expect(res.body.paging.next.link).toContain(`after=${after}`);
      pages++;
    } while (after);
    expect(pages).toBe(3);
    const forged = await get(`/crm/v3/objects/contacts?after=${Buffer.from("not-a-cursor").toString("base64url")}`);
    expect(forged.status).toBe(400);
    expect(forged.body.category).toBe("VALIDATION_ERROR");
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it("stores inline associations both ways, visible via v4 and v3 reads", async () => {
    const c = await createContact("assoc@example.com");
    const deal = await post("/crm/v3/objects/deals", {
      properties: { dealname: "D", dealstage: "appointmentscheduled" },
      associations: [{ to: { id: c.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 3 }] }],
    });
    expect(deal.status).toBe(201);
    const ticket = await post("/crm/v3/objects/tickets", {
      properties: { subject: "T", hs_pipeline_stage: "1" },
      associations: [
        { to: { id: c.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 16 }] },
        { to: { id: deal.body.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 28 }] },
      ],
    });
    expect(ticket.status).toBe(201);
    const fromContact = await get(`/crm/v4/objects/contacts/${c.id}/associations/deals`);
    expect(fromContact.body.results).toEqual([
      { toObjectId: Number(deal.body.id), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 4, label: null }] },
    ]);
    const ticketsOfContact = await get(`/crm/v4/objects/contacts/${c.id}/associations/tickets`);
    expect(ticketsOfContact.body.results[0].associationTypes[0].typeId).toBe(15);
    const dealTickets = await get(`/crm/v4/objects/deals/${deal.body.id}/associations/tickets`);
    expect(dealTickets.body.results[0].associationTypes[0].typeId).toBe(27);
    const v3 = await get(`/crm/v3/objects/deals/${deal.body.id}?associations=contacts,tickets`);
    expect(v3.body.associations.contacts.results).toEqual([{ id: c.id, type: "deal_to_contact" }]);

    const missing = await post("/crm/v3/objects/deals", {
      properties: { dealname: "X" },
      associations: [{ to: { id: "999999" }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 3 }] }],
    });
    expect(missing.status).toBe(400);
    const wrongType = await post("/crm/v3/objects/deals", {
      properties: { dealname: "X" },
      associations: [{ to: { id: c.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 16 }] }],
    });
    expect(wrongType.status).toBe(400);
  });

  it("v4 association endpoints create, read, label-list and delete", async () => {
    const c = await createContact("v4@example.com");
    const d = (await post("/crm/v3/objects/deals", { properties: { dealname: "D" } })).body;
    const put = await call(ctx.url, "PUT", `/crm/v4/objects/deals/${d.id}/associations/default/contacts/${c.id}`);
    expect(put.status).toBe(200);
    expect(put.body.results[0]).toEqual({ from: { id: d.id }, to: { id: c.id }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 3 } });
    const labels = await get("/crm/v4/associations/contacts/tickets/labels");
    expect(labels.body.results).toEqual([{ category: "HUBSPOT_DEFINED", typeId: 15, label: null }]);
    const t = (await post("/crm/v3/objects/tickets", { properties: { subject: "T", hs_pipeline_stage: "2" } })).body;
    const labelled = await call(ctx.url, "PUT", `/crm/v4/objects/tickets/${t.id}/associations/contacts/${c.id}`, [
      { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 16 },
    ]);
    expect(labelled.status).toBe(201);
    expect(labelled.body).toMatchObject({ fromObjectTypeId: "0-5", toObjectTypeId: "0-1", labels: [] });
    const read = await post("/crm/v4/associations/contacts/deals/batch/read", { inputs: [{ id: c.id }, { id: "424242" }] });
    expect(read.status).toBe(207);
    expect(read.body.results).toEqual([
      { from: { id: c.id }, to: [{ toObjectId: Number(d.id), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 4, label: null }] }] },
    ]);
    expect((await call(ctx.url, "DELETE", `/crm/v4/objects/contacts/${c.id}/associations/deals/${d.id}`)).status).toBe(204);
    expect((await get(`/crm/v4/objects/deals/${d.id}/associations/contacts`)).body.results).toEqual([]);
    const batch = await post("/crm/v4/associations/deals/contacts/batch/associate/default", { inputs: [{ from: { id: d.id }, to: { id: c.id } }] });
    expect(batch.status).toBe(200);
    expect((await post("/crm/v4/associations/deals/contacts/batch/archive", { inputs: [{ from: { id: d.id }, to: [{ id: c.id }] }] })).status).toBe(204);
    const created = await post("/crm/v4/associations/deals/contacts/batch/create", {
      inputs: [{ from: { id: d.id }, to: { id: c.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 3 }] }],
    });
    expect(created.status).toBe(201);
    const dump = await call(ctx.url, "GET", "/__sandbox/objects/contacts", undefined, null);
    expect(dump.body.results[0].associations).toEqual({
      deals: { results: [{ id: d.id, type: "contact_to_deal" }] },
      tickets: { results: [{ id: t.id, type: "contact_to_ticket" }] },
    });
  });

  it("properties API lists, reads with options and creates unique properties", async () => {
    const list = await get("/crm/v3/properties/tickets");
    expect(list.body.results.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["subject", "content", "hs_ticket_priority"]));
    const priority = await get("/crm/v3/properties/tickets/hs_ticket_priority");
    expect(priority.body.options.map((o: { value: string }) => o.value)).toEqual(["LOW", "MEDIUM", "HIGH", "URGENT"]);
    expect((await get("/crm/v3/properties/tickets/nope")).status).toBe(404);
    const def = { name: "external_id", label: "External ID", type: "string", fieldType: "text", groupName: "dealinformation", hasUniqueValue: true };
    const created = await post("/crm/v3/properties/deals", def);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "external_id", hasUniqueValue: true });
    const again = await post("/crm/v3/properties/deals", def);
    expect(again.status).toBe(409);
    expect(again.body.category).toBe("CONFLICT");
    const first = await post("/crm/v3/objects/deals", { properties: { dealname: "A", external_id: "ext-1" } });
    const dup = await post("/crm/v3/objects/deals", { properties: { dealname: "B", external_id: "ext-1" } });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain("external_id");
    expect(dup.body.message).toContain(`Existing ID: ${first.body.id}`);
    expect((await get("/crm/v3/objects/deals/ext-1?idProperty=external_id")).body.id).toBe(first.body.id);
  });

  it("serves the default pipelines", async () => {
    const deals = await get("/crm/v3/pipelines/deals");
    const pipeline = deals.body.results[0];
    expect(pipeline).toMatchObject({ id: "default", label: "Sales Pipeline" });
    expect(pipeline.stages.map((s: { id: string; metadata: { probability: string } }) => [s.id, s.metadata.probability])).toEqual([
      ["appointmentscheduled", "0.2"], ["qualifiedtobuy", "0.4"], ["presentationscheduled", "0.6"],
      ["decisionmakerboughtin", "0.8"], ["contractsent", "0.9"], ["closedwon", "1.0"], ["closedlost", "0.0"],
    ]);
    const tickets = await get("/crm/v3/pipelines/tickets/0");
    expect(tickets.body.label).toBe("Support Pipeline");
    expect(tickets.body.stages.map((s: { label: string }) => s.label)).toEqual(["New", "Waiting on contact", "Waiting on us", "Closed"]);
    expect((await get("/crm/v3/pipelines/tickets/support")).status).toBe(404);
  });
});
