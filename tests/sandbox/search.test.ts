import { describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { call, control, useSandbox } from "../helpers/sandbox";

const ctx = useSandbox();
const search = (body: unknown) => call(ctx.url, "POST", "/crm/v3/objects/deals/search", body);

describe("sandbox search", () => {
  it("filters, sorts and pages deals", async () => {
    await control(ctx.url, "POST", "/config", { searchPerSecond: 0 }); // unlimited for this test
    await call(ctx.url, "POST", "/crm/v3/objects/deals/batch/create", {
      inputs: [
        { properties: { dealname: "Alpha", amount: "100", dealstage: "closedwon" } },
        { properties: { dealname: "Beta", amount: "250", dealstage: "closedlost" } },
        { properties: { dealname: "Gamma", amount: "900", dealstage: "closedwon" } },
        { properties: { dealname: "Delta" } },
      ],
    });
    const won = await search({
      filterGroups: [{ filters: [{ propertyName: "dealstage", operator: "EQ", value: "closedwon" }] }],
      sorts: [{ propertyName: "amount", direction: "DESCENDING" }],
      properties: ["dealname", "amount"],
    });
    expect(won.status).toBe(200);
    expect(won.body.total).toBe(2);
    expect(won.body.results.map((r: { properties: { dealname: string } }) => r.properties.dealname)).toEqual(["Gamma", "Alpha"]);
    expect(won.headers.get("x-hubspot-ratelimit-max")).toBeNull();

    const or = await search({
      filterGroups: [
        { filters: [{ propertyName: "amount", operator: "GT", value: "200" }, { propertyName: "amount", operator: "LT", value: "500" }] },
        { filters: [{ propertyName: "dealname", operator: "IN", values: ["delta"] }] },
      ],
    });
    expect(or.body.results.map((r: { properties: { dealname: string } }) => r.properties.dealname).sort()).toEqual(["Beta", "Delta"]);
    const noAmount = await search({ filterGroups: [{ filters: [{ propertyName: "amount", operator: "HAS_PROPERTY" }] }] });
    expect(noAmount.body.total).toBe(3);
    const neq = await search({ filterGroups: [{ filters: [{ propertyName: "dealstage", operator: "NEQ", value: "closedwon" }] }] });
    expect(neq.body.total).toBe(2);

    const page1 = await search({ limit: 3 });
    expect(page1.body.paging.next.after).toBe("3");
    const page2 = await search({ limit: 3, after: page1.body.paging.next.after });
    expect(page2.body.results).toHaveLength(1);
    expect(page2.body.paging).toBeUndefined();
    expect((await search({ limit: 201 })).status).toBe(400);
    await control(ctx.url, "POST", "/config", { searchPerSecond: 5 });
  });

  it("limits search to searchPerSecond with a SECONDLY 429", async () => {
    await sleep(1_000);
    const results = await Promise.all(Array.from({ length: 7 }, () => search({})));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    const limited = results.find((r) => r.status === 429);
    expect(limited?.body).toMatchObject({ status: "error", errorType: "RATE_LIMIT", policyName: "SECONDLY", message: "You have reached your secondly limit." });
    await sleep(1_050);
    expect((await search({})).status).toBe(200);
  });
});
