// Alert rules against real PostgreSQL, and the webhook posted to a real local HTTP receiver: once
// when an episode starts and once when it clears, never twice from concurrent evaluations, again
// after the receiver failed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, type TestApp } from "../helpers/app";

interface Received {
  text: string;
  alert: { rule: string; state: "active" | "cleared"; message: string };
}
const received: Received[] = [];
let failNext = 0;
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    if (failNext > 0) {
      failNext--;
      res.writeHead(500).end("down");
      return;
    }
    received.push(JSON.parse(body));
    res.writeHead(200).end("ok");
  });
});

let app: TestApp;
beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  app = await startTestApp({ env: { ALERT_WEBHOOK_URL: url, ALERT_PENDING_MAX_AGE_MINUTES: "15", ALERT_ERROR_MIN_CALLS: "20", REGISTER_DEADLINE_MS: "3000" } });
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

async function sql(text: string, params: unknown[] = []) {
  const { sqlPool } = await import("@/lib/server/db");
  return (await sqlPool().query(text, params)).rows;
}
const evaluate = async () => (await import("@/lib/server/ops/operations-loop")).evaluateAlerts();
const firing = async () => (await (await import("@/lib/server/ops/alert-episodes")).listActiveAlerts()).map((a) => a.rule).sort();
const posts = (rule: string) => received.filter((r) => r.alert.rule === rule).map((r) => r.alert.state);

describe("alerts", () => {
  it("nothing fires on a healthy deployment", async () => {
    expect((await app.json("POST", "/api/crm/register", seedRegistration("ok@example.com"))).status).toBe(200);
    await evaluate();
    expect(await firing()).toEqual([]);
    expect(received).toEqual([]);
  });

  it("needs attention: posted once when it starts (even from concurrent evaluations), once when it clears", async () => {
    await app.control.fault({ status: 403, count: 100, match: "/tickets/batch/create" });
    const res = await app.json("POST", "/api/crm/register", seedRegistration("stuck@example.com"));
    expect(res.status).toBe(202);
    await app.control.clearFaults();
    await Promise.all([evaluate(), evaluate(), evaluate()]);
    await evaluate();
    expect(await firing()).toEqual(["needs_attention"]);
    expect(posts("needs_attention")).toEqual(["active"]);
    expect(received[0].text).toMatch(/1 registration needs attention/);

    // Staff retry syncs it: the episode clears, posted once.
    expect((await app.json("POST", `/api/registrations/${res.body.registration_id}/retry`)).status).toBe(202);
    const { processRegistration } = await import("@/lib/server/services/registrations/worker");
    await processRegistration(res.body.registration_id);
    expect((await app.json("GET", `/api/registrations/${res.body.registration_id}`)).body.status).toBe("synced");
    await Promise.all([evaluate(), evaluate()]);
    await evaluate();
    expect(await firing()).toEqual([]);
    expect(posts("needs_attention")).toEqual(["active", "cleared"]);
  });

  it("pending older than the limit fires; a receiver that failed is posted to again on the next evaluation", async () => {
    await sql(
      `INSERT INTO registration (id, request_hash, payload, status, created_at, updated_at, next_attempt_at)
       VALUES (gen_random_uuid(), 'h', '{}', 'pending', now() - interval '20 minutes', now(), now() + interval '1 day')`,
    );
    failNext = 1;
    await evaluate();
    expect(await firing()).toEqual(["pending_too_old"]);
    expect(posts("pending_too_old")).toEqual([]);
    await evaluate();
    await evaluate();
    expect(posts("pending_too_old")).toEqual(["active"]);
    expect(received.at(-1)!.alert.message).toMatch(/oldest pending registration has waited 20 min/);
    await sql("DELETE FROM registration WHERE status = 'pending'");
    await evaluate();
    expect(posts("pending_too_old")).toEqual(["active", "cleared"]);
  });

  it("HubSpot error rate over the budget, daily allowance under 10 %, connection needing reconnect", async () => {
    const { recordHubSpotCall } = await import("@/lib/server/ops/call-recorder");
    for (let i = 0; i < 30; i++) recordHubSpotCall({ method: "POST", path: "/crm/v3/objects/contacts/batch/upsert", attempt: 1, status: i < 5 ? 502 : 200 });
    const daily = new Headers({ "x-hubspot-ratelimit-daily": "250000", "x-hubspot-ratelimit-daily-remaining": "20000" });
    recordHubSpotCall({ method: "GET", path: "/crm/v3/objects/contacts", attempt: 1, status: 200, headers: daily });
    await sql(`INSERT INTO hubspot_connection (id, mode, refresh_token, status, updated_at) VALUES ('default', 'oauth', 'sealed', 'needs_reconnect', now())`);
    await evaluate();
    expect(await firing()).toEqual(["connection_needs_reconnect", "daily_budget_low", "hubspot_error_rate"]);
    expect(posts("hubspot_error_rate")).toEqual(["active"]);
    expect(received.find((r) => r.alert.rule === "daily_budget_low")!.alert.message).toMatch(/20000 of 250000/);
    await evaluate();
    expect(received.filter((r) => r.alert.state === "active")).toHaveLength(5);
  });
});
