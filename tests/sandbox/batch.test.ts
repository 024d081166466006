import { describe, expect, it } from "vitest";
import { call, control, useSandbox } from "../helpers/sandbox";

const ctx = useSandbox();
const post = (path: string, body: unknown) => call(ctx.url, "POST", path, body);

async function createUniqueDealProperty() {
  const res = await post("/crm/v3/properties/deals", {
    name: "external_id", label: "External ID", type: "string", fieldType: "text", groupName: "dealinformation", hasUniqueValue: true,
  });
  expect(res.status).toBe(201);
}

describe("sandbox batch endpoints", () => {
  it("upserts contacts by email: new true, then new false", async () => {
    const first = await post("/crm/v3/objects/contacts/batch/upsert", {
      inputs: [{ id: "luke@lukesdiner.com", idProperty: "email", properties: { phone: "5555555555" } }],
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "COMPLETE" });
    expect(first.body.results[0]).toMatchObject({ new: true, properties: { email: "luke@lukesdiner.com", phone: "5555555555" } });
    expect(Date.parse(first.body.startedAt)).not.toBeNaN();
    expect(Date.parse(first.body.completedAt)).not.toBeNaN();
    const second = await post("/crm/v3/objects/contacts/batch/upsert", {
      inputs: [{ id: "Luke@LukesDiner.com", idProperty: "email", properties: { firstname: "Luke" } }],
    });
    expect(second.body.results[0]).toMatchObject({ id: first.body.results[0].id, new: false, properties: { firstname: "Luke", phone: "5555555555" } });
    const dump = await control(ctx.url, "GET", "/objects/contacts");
    expect(dump.body.results).toHaveLength(1);
  });

  it("upserts deals by a custom unique property and refuses non-unique idProperty", async () => {
    await createUniqueDealProperty();
    const inputs = [
      { id: "ext-1", idProperty: "external_id", properties: { dealname: "One", dealstage: "qualifiedtobuy" } },
      { id: "ext-2", idProperty: "external_id", properties: { dealname: "Two" } },
    ];
    const first = await post("/crm/v3/objects/deals/batch/upsert", { inputs });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { new: boolean }) => r.new)).toEqual([true, true]);
    expect(first.body.results[0].properties.external_id).toBe("ext-1");
    const second = await post("/crm/v3/objects/deals/batch/upsert", {
      inputs: [{ ...inputs[0], properties: { amount: "99" } }, { id: "ext-3", idProperty: "external_id", properties: { dealname: "Three" } }],
    });
    expect(second.body.results.map((r: { new: boolean }) => r.new)).toEqual([false, true]);
    expect(second.body.results[0].properties).toMatchObject({ dealname: "One", amount: "99" });
    expect((await control(ctx.url, "GET", "/objects/deals")).body.results).toHaveLength(3);

    const bad = await post("/crm/v3/objects/deals/batch/upsert", { inputs: [{ id: "x", idProperty: "dealname", properties: {} }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("non-unique 0-3 property");
    const byEmailUpdate = await post("/crm/v3/objects/contacts/batch/update", { inputs: [{ id: "a@b.co", idProperty: "email", properties: {} }] });
    expect(byEmailUpdate.status).toBe(400);
    expect(byEmailUpdate.body.message).toContain("Unable to perform update/upsert by non-unique 0-1 property");
  });

  it("batch create is all-or-nothing without trace ids", async () => {
    await post("/crm/v3/objects/contacts", { properties: { email: "taken@example.com" } });
    const res = await post("/crm/v3/objects/contacts/batch/create", {
      inputs: [{ properties: { email: "new@example.com" } }, { properties: { email: "taken@example.com" } }],
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe("Contact already exists. Existing ID: 1001");
    expect((await control(ctx.url, "GET", "/objects/contacts")).body.results).toHaveLength(1);
  });

  it("batch create answers 207 with per-input errors when every input has a unique objectWriteTraceId", async () => {
    const res = await post("/crm/v3/objects/tickets/batch/create", {
      inputs: [
        { objectWriteTraceId: "t-1", properties: { subject: "ok", hs_pipeline: "0", hs_pipeline_stage: "1" } },
        { objectWriteTraceId: "t-2", properties: { subject: "bad", hs_pipeline_stage: "1", missing: "x" } },
        { objectWriteTraceId: "t-3", properties: { subject: "ok too", hs_pipeline_stage: "4" } },
      ],
    });
    expect(res.status).toBe(207);
    expect(res.body.status).toBe("COMPLETE");
    expect(res.body.results.map((r: { properties: { subject: string } }) => r.properties.subject)).toEqual(["ok", "ok too"]);
    expect(res.body.numErrors).toBe(1);
    expect(res.body.errors[0]).toMatchObject({
      status: "error",
      category: "VALIDATION_ERROR",
      context: { objectWriteTraceId: ["t-2"] },
    });
    expect(res.body.errors[0].message).toContain('\\"missing\\" does not exist');
    const all = await post("/crm/v3/objects/tickets/batch/create", {
      inputs: [{ objectWriteTraceId: "a", properties: { subject: "x", hs_pipeline_stage: "1" } }],
    });
    expect(all.status).toBe(201);
  });

  it("rejects more than 100 inputs", async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ properties: { email: `c${i}@example.com` } }));
    const res = await post("/crm/v3/objects/contacts/batch/create", { inputs });
    expect(res.status).toBe(400);
    expect(res.body.category).toBe("VALIDATION_ERROR");
    expect((await control(ctx.url, "GET", "/objects/contacts")).body.results).toHaveLength(0);
  });

  it("batch read by id and email reports missing ids in a 207; update and archive", async () => {
    const created = await post("/crm/v3/objects/contacts/batch/create", {
      inputs: [{ properties: { email: "a@example.com", firstname: "A" } }, { properties: { email: "b@example.com" } }],
    });
    expect(created.status).toBe(201);
    const [a, b] = created.body.results;
    const read = await post("/crm/v3/objects/contacts/batch/read", { inputs: [{ id: a.id }, { id: "999" }], properties: ["firstname"] });
    expect(read.status).toBe(207);
    expect(read.body.results[0].properties.firstname).toBe("A");
    expect(read.body.errors[0]).toMatchObject({ category: "OBJECT_NOT_FOUND", context: { ids: ["999"] } });
    const byEmail = await post("/crm/v3/objects/contacts/batch/read", { idProperty: "email", inputs: [{ id: "b@example.com" }] });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.results[0].id).toBe(b.id);
    const updated = await post("/crm/v3/objects/contacts/batch/update", { inputs: [{ id: b.id, properties: { lastname: "B" } }] });
    expect(updated.status).toBe(200);
    expect(updated.body.results[0].properties.lastname).toBe("B");
    expect((await post("/crm/v3/objects/contacts/batch/archive", { inputs: [{ id: a.id }] })).status).toBe(204);
    expect((await call(ctx.url, "GET", `/crm/v3/objects/contacts/${a.id}`)).status).toBe(404);
  });
});
