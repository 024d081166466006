import { afterEach, describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { authorize, call, CLIENT, connect, control, form, REDIRECT_URI, useSandbox } from "../helpers/sandbox";

const ctx = useSandbox();
const list = (token?: string) => call(ctx.url, "GET", "/crm/v3/objects/contacts", undefined, token);

afterEach(async () => {
  await control(ctx.url, "POST", "/config", { rateLimit: { max: 100, intervalMs: 10_000 }, latencyMs: 0, dailyLimit: 0 });
});

describe("sandbox rate limits", () => {
  it("sends rate-limit headers and a TEN_SECONDLY_ROLLING 429 after max calls, then recovers", async () => {
    await control(ctx.url, "POST", "/config", { rateLimit: { max: 3, intervalMs: 500 } });
    const ok = [await list(), await list(), await list()];
    expect(ok.map((r) => r.headers.get("x-hubspot-ratelimit-remaining"))).toEqual(["2", "1", "0"]);
    expect(ok[0].headers.get("x-hubspot-ratelimit-max")).toBe("3");
    expect(ok[0].headers.get("x-hubspot-ratelimit-interval-milliseconds")).toBe("500");
    expect(ok[0].headers.get("x-hubspot-ratelimit-daily")).toBe("250000");
    const limited = await list();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeNull();
    expect(limited.body).toMatchObject({
      status: "error",
      message: "You have reached your ten_secondly_rolling limit.",
      errorType: "RATE_LIMIT",
      policyName: "TEN_SECONDLY_ROLLING",
    });
    expect(limited.body.groupName).toMatch(/^publicapi:/);
    expect(limited.body.correlationId).toBe(limited.headers.get("x-hubspot-correlation-id"));
    await sleep(550);
    // The 429s did not count: the window is fully free again.
    expect((await list()).headers.get("x-hubspot-ratelimit-remaining")).toBe("2");
    const stats = await control(ctx.url, "GET", "/stats");
    expect(stats.body).toMatchObject({ calls: 5, rateLimited: 1, status: { "200": 4, "429": 1 } });
  });

  it("counts all tokens of the portal in one window; OAuth calls get no daily headers", async () => {
    await control(ctx.url, "POST", "/config", { rateLimit: { max: 2, intervalMs: 5_000 } });
    const tokens = await connect(ctx.url);
    const viaOauth = await list(tokens.access_token);
    expect(viaOauth.headers.get("x-hubspot-ratelimit-daily")).toBeNull();
    expect(viaOauth.headers.get("x-hubspot-ratelimit-remaining")).toBe("1");
    expect((await list()).status).toBe(200);
    expect((await list(tokens.access_token)).status).toBe(429);
  });

  it("enforces a daily limit with policyName DAILY", async () => {
    await control(ctx.url, "POST", "/config", { dailyLimit: 2 });
    expect((await list()).status).toBe(200);
    expect((await list()).headers.get("x-hubspot-ratelimit-daily-remaining")).toBe("0");
    const res = await list();
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ policyName: "DAILY", message: "You have reached your daily limit." });
  });
});

describe("sandbox faults", () => {
  it("status faults hit the next N matching calls only", async () => {
    const created = await control(ctx.url, "POST", "/faults", { status: 503, count: 2, match: "POST /crm/v3/objects/deals" });
    expect(created.status).toBe(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await list()).status).toBe(200); // does not match
    const deal = { properties: { dealname: "D" } };
    const first = await call(ctx.url, "POST", "/crm/v3/objects/deals", deal);
    expect(first.status).toBe(503);
    expect(first.body.correlationId).toBeTruthy();
    expect((await call(ctx.url, "POST", "/crm/v3/objects/deals", deal)).status).toBe(503);
    expect((await call(ctx.url, "POST", "/crm/v3/objects/deals", deal)).status).toBe(201);
    expect((await control(ctx.url, "GET", "/objects/deals")).body.results).toHaveLength(1);
  });

  it("rate faults apply until cleared; 429 faults carry the HubSpot body and optional Retry-After", async () => {
    await control(ctx.url, "POST", "/faults", { status: 429, rate: 1, retryAfterSeconds: 2 });
    for (let i = 0; i < 3; i++) {
      const res = await list();
      expect(res.status).toBe(429);
      expect(res.body.policyName).toBe("TEN_SECONDLY_ROLLING");
      expect(res.headers.get("retry-after")).toBe("2");
    }
    expect((await control(ctx.url, "DELETE", "/faults")).status).toBe(204);
    expect((await list()).status).toBe(200);
    await control(ctx.url, "POST", "/faults", { status: 429, policyName: "DAILY" });
    expect((await list()).body.policyName).toBe("DAILY");
    await control(ctx.url, "POST", "/faults", { status: 500, rate: 0 });
    expect((await list()).status).toBe(200);
  });

  it("drop destroys the socket without answering", async () => {
    await control(ctx.url, "POST", "/faults", { drop: true, match: "GET /crm/v3/objects/contacts" });
    await expect(list()).rejects.toThrow();
    expect((await list()).status).toBe(200);
    expect((await control(ctx.url, "GET", "/stats")).body.dropped).toBe(1);
  });

  it("afterResponse performs the write and then loses the response", async () => {
    await control(ctx.url, "POST", "/faults", { afterResponse: true, match: "POST /crm/v3/objects/contacts" });
    await expect(call(ctx.url, "POST", "/crm/v3/objects/contacts", { properties: { email: "lost@example.com" } })).rejects.toThrow();
    const dump = await control(ctx.url, "GET", "/objects/contacts");
    expect(dump.body.results.map((r: { properties: { email: string } }) => r.properties.email)).toEqual(["lost@example.com"]);
    const retry = await call(ctx.url, "POST", "/crm/v3/objects/contacts", { properties: { email: "lost@example.com" } });
    expect(retry.status).toBe(409);
  });

  it("refuseInputs refuses every input of a batch write (207 per input with trace ids, else 400) and writes nothing", async () => {
    const message = "Property values were not valid: a rule the caller cannot see";
    await control(ctx.url, "POST", "/faults", { refuseInputs: message, match: "/tickets/batch/create", count: 2 });
    const inputs = [
      { properties: { subject: "A", hs_pipeline_stage: "1" }, objectWriteTraceId: "a" },
      { properties: { subject: "B", hs_pipeline_stage: "1" }, objectWriteTraceId: "b" },
    ];
    const partial = await call(ctx.url, "POST", "/crm/v3/objects/tickets/batch/create", { inputs });
    expect(partial.status).toBe(207);
    expect(partial.body.results).toEqual([]);
    expect(partial.body.errors.map((e: { category: string; message: string; context: { objectWriteTraceId: string[] } }) => [e.category, e.message, e.context.objectWriteTraceId[0]])).toEqual([
      ["VALIDATION_ERROR", message, "a"],
      ["VALIDATION_ERROR", message, "b"],
    ]);
    const whole = await call(ctx.url, "POST", "/crm/v3/objects/tickets/batch/create", { inputs: inputs.map(({ properties }) => ({ properties })) });
    expect(whole.status).toBe(400);
    expect(whole.body).toMatchObject({ category: "VALIDATION_ERROR", message });
    expect((await control(ctx.url, "GET", "/objects/tickets")).body.results).toEqual([]);
    // Used up: the next write goes through.
    expect((await call(ctx.url, "POST", "/crm/v3/objects/tickets/batch/create", { inputs })).status).toBe(201);
  });

  it("delayMs slows the call and outageSeconds answers 503 for the whole window", async () => {
    await control(ctx.url, "POST", "/faults", { delayMs: 200 });
    const started = Date.now();
    expect((await list()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    await control(ctx.url, "POST", "/faults", { outageSeconds: 0.4, match: "/crm/" });
    expect((await list()).status).toBe(503);
    expect((await list()).status).toBe(503);
    await sleep(450);
    expect((await list()).status).toBe(200);
  });

  it("faults can target the token endpoint, before any work is done; token requests are counted", async () => {
    await control(ctx.url, "POST", "/faults", { status: 502, match: "POST /oauth/v3/token" });
    const code = await authorize(ctx.url);
    const fields = { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, client_id: CLIENT.id, client_secret: CLIENT.secret };
    const failed = await form(ctx.url, "/oauth/v3/token", fields);
    expect(failed.status).toBe(502);
    const retried = await form(ctx.url, "/oauth/v3/token", fields); // the code was not consumed
    expect(retried.status).toBe(200);
    expect((await control(ctx.url, "GET", "/stats")).body.tokenRequests).toEqual({ authorization_code: 2, refresh_token: 0 });
  });

  it("latency is added to /crm calls but not to /__sandbox", async () => {
    await control(ctx.url, "POST", "/config", { latencyMs: 150 });
    let started = Date.now();
    await list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    started = Date.now();
    await control(ctx.url, "GET", "/health");
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe("sandbox control", () => {
  it("stats count every /crm call by route and status, and reset clears them", async () => {
    await list();
    await call(ctx.url, "POST", "/crm/v3/objects/deals/batch/create", { inputs: [{ properties: { dealname: "A" } }] });
    await call(ctx.url, "GET", "/crm/v3/objects/contacts", undefined, null);
    await control(ctx.url, "GET", "/health");
    const stats = await control(ctx.url, "GET", "/stats");
    expect(stats.body).toMatchObject({
      calls: 3,
      byRoute: { "GET /crm/v3/objects/contacts": 2, "POST /crm/v3/objects/deals/batch/create": 1 },
      status: { "200": 1, "201": 1, "401": 1 },
      rateLimited: 0,
    });
    await control(ctx.url, "POST", "/stats/reset");
    expect((await control(ctx.url, "GET", "/stats")).body.calls).toBe(0);
  });

  it("reset clears objects and custom properties but keeps the private-app token", async () => {
    await call(ctx.url, "POST", "/crm/v3/objects/contacts", { properties: { email: "a@example.com" } });
    await call(ctx.url, "POST", "/crm/v3/properties/contacts", { name: "ext", label: "Ext", type: "string", fieldType: "text", groupName: "contactinformation" });
    expect((await control(ctx.url, "POST", "/reset")).status).toBe(204);
    expect((await control(ctx.url, "GET", "/objects/contacts")).body.results).toEqual([]);
    expect((await call(ctx.url, "GET", "/crm/v3/properties/contacts/ext")).status).toBe(404);
    expect((await control(ctx.url, "GET", "/health")).body).toEqual({ ok: true });
  });

  it("reset with keepProperties clears objects and keeps custom property definitions", async () => {
    const ext = { name: "ext", label: "Ext", type: "string", fieldType: "text", groupName: "contactinformation", hasUniqueValue: true };
    expect((await call(ctx.url, "POST", "/crm/v3/properties/contacts", ext)).status).toBe(201);
    await call(ctx.url, "POST", "/crm/v3/objects/contacts", { properties: { email: "a@example.com", ext: "x-1" } });
    expect((await control(ctx.url, "POST", "/reset", { keepProperties: true })).status).toBe(204);
    expect((await control(ctx.url, "GET", "/objects/contacts")).body.results).toEqual([]);
    expect((await call(ctx.url, "GET", "/crm/v3/properties/contacts/ext")).status).toBe(200);
    // The unique value is free again: the objects' index went with them.
    expect((await call(ctx.url, "POST", "/crm/v3/objects/contacts", { properties: { email: "b@example.com", ext: "x-1" } })).status).toBe(201);
    expect((await control(ctx.url, "POST", "/reset", { keepProperties: "yes" })).status).toBe(400);
  });
});
