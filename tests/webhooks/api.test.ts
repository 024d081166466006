// The webhook API: who may use it (staff, API keys with the webhooks scope), the secret shown once,
// field errors naming the field, pause/resume, deletion, and the deliveries' paging.
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_API_KEY, type TestApp } from "../helpers/app";
import { sessionCookie, TEST_AUTH_SECRET } from "../helpers/session";
import { webhooksKeyHeaders } from "../helpers/webhook-receiver";

let app: TestApp;
let auth: Record<string, string>;
// https only here: an address on 127.0.0.1 is allowed, http is not.
const URL_OK = "https://127.0.0.1:9/hooks";

beforeAll(async () => {
  app = await startTestApp({ env: { AUTH_SECRET: TEST_AUTH_SECRET, WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" } });
  auth = await webhooksKeyHeaders();
});

const create = (body: unknown, headers = auth) => app.json("POST", "/api/webhooks", body, headers);

describe("webhook API", () => {
  it("needs a staff session or an API key with the webhooks scope", async () => {
    expect((await app.request("GET", "/api/webhooks", { headers: { authorization: "" } })).status).toBe(401);
    const plain = await app.json("GET", "/api/webhooks", undefined, { authorization: `Bearer ${TEST_API_KEY}` });
    expect(plain.status).toBe(403);
    expect(plain.body.error.message).toMatch(/webhooks/);
    expect((await app.json("GET", "/api/webhooks", undefined, auth)).status).toBe(200);
    const { GET } = await import("@/app/api/webhooks/route");
    const staff = await GET(new Request("http://localhost:5001/api/webhooks", { headers: { cookie: await sessionCookie() } }));
    expect(staff.status).toBe(200);
  });

  it("shows the secret once, at creation; lists and stores it never in the clear", async () => {
    const created = await create({ url: URL_OK, events: ["registration.synced", "registration.synced"] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: URL_OK, events: ["registration.synced"], enabled: true, source: "dashboard", created_by: "API key webhooks test" });
    expect(created.body.secret).toMatch(/^whsec_[\w-]{43}$/);
    const listed = await app.json("GET", "/api/webhooks", undefined, auth);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const one = await app.json("GET", `/api/webhooks/${created.body.id}`, undefined, auth);
    expect(one.body).not.toHaveProperty("secret");
    const { db } = await import("@/lib/server/db");
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.body.id } })).secret).not.toContain(created.body.secret);
  });

  it.each([
    [{ events: ["registration.synced"] }, "url", /is required/],
    [{ url: "not a url", events: ["registration.synced"] }, "url", /https:\/\//],
    [{ url: "http://127.0.0.1:9/hooks", events: ["registration.synced"] }, "url", /WEBHOOK_ALLOW_HTTP/],
    [{ url: URL_OK, events: [] }, "events", /at least one event/],
    [{ url: URL_OK, events: ["registration.created"] }, "events[0]", /registration.synced or registration.needs_attention/],
    [{ url: URL_OK }, "events", /is required/],
    [{ url: URL_OK, events: ["registration.synced"], secret: "mine" }, "secret", /unknown field/],
  ])("refuses %j with a 400 naming %s", async (body, field, message) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field, message: expect.stringMatching(message) }]);
  });

  it("pauses, resumes and changes events; a bad change or an unknown id is refused", async () => {
    const { body } = await create({ url: URL_OK, events: ["registration.synced"] });
    expect((await app.json("PATCH", `/api/webhooks/${body.id}`, { enabled: false }, auth)).body).toMatchObject({ enabled: false });
    expect((await app.json("PATCH", `/api/webhooks/${body.id}`, { enabled: true, events: ["registration.needs_attention"] }, auth)).body).toMatchObject({
      enabled: true,
      events: ["registration.needs_attention"],
    });
    const empty = await app.json("PATCH", `/api/webhooks/${body.id}`, {}, auth);
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].field).toBe("enabled");
    expect((await app.json("PATCH", "/api/webhooks/5f0c6a7e-8d5b-4a57-9a43-0c2f6f1d9b11", { enabled: true }, auth)).status).toBe(404);
    expect((await app.json("GET", "/api/webhooks/not-an-id", undefined, auth)).status).toBe(404);
  });

  it("pages deliveries newest first and deletes an endpoint with them", async () => {
    const { body } = await create({ url: URL_OK, events: ["registration.synced"] });
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) sent.push((await app.json("POST", `/api/webhooks/${body.id}/test`, undefined, auth)).body.event_id);
    const first = await app.json("GET", `/api/webhooks/${body.id}/deliveries?limit=2`, undefined, auth);
    expect(first.body.results.map((d: { event_id: string }) => d.event_id)).toEqual([sent[2], sent[1]]);
    expect(first.body.results[0]).toMatchObject({ status: "pending", attempts: 0, event_type: "webhook.test", registration_id: null });
    const second = await app.json("GET", `/api/webhooks/${body.id}/deliveries?limit=2&before=${first.body.next_before}`, undefined, auth);
    expect(second.body).toMatchObject({ results: [expect.objectContaining({ event_id: sent[0] })], next_before: null });
    const bad = await app.json("GET", `/api/webhooks/${body.id}/deliveries?limit=500`, undefined, auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe("limit");

    expect((await app.request("DELETE", `/api/webhooks/${body.id}`, { headers: auth })).status).toBe(204);
    expect((await app.json("GET", `/api/webhooks/${body.id}/deliveries`, undefined, auth)).status).toBe(404);
    const { db } = await import("@/lib/server/db");
    expect(await db.webhookDelivery.count({ where: { endpointId: body.id } })).toBe(0);
  });

  it("an enabled endpoint with an event undelivered past ALERT_WEBHOOK_FAILING_MINUTES fires webhook_failing; paused, it does not", async () => {
    const { body } = await create({ url: URL_OK, events: ["registration.synced"] });
    const { sqlPool } = await import("@/lib/server/db");
    await sqlPool().query(
      `WITH ev AS (INSERT INTO webhook_event (id, type, payload, created_at) VALUES (gen_random_uuid(), 'webhook.test', '{}', now() - interval '2 hours') RETURNING id)
       INSERT INTO webhook_delivery (event_id, endpoint_id, attempts, next_attempt_at, last_error, created_at) SELECT id, $1, 5, now(), 'answered 500', now() - interval '2 hours' FROM ev`,
      [body.id],
    );
    const { evaluateAlertRules } = await import("@/lib/server/ops/alert-rules");
    const rule = async () => (await evaluateAlertRules()).find((a) => a.rule === "webhook_failing")!;
    expect(await rule()).toMatchObject({ isFiring: true, message: "1 webhook endpoint has left an event undelivered for over 60 min: see Webhooks." });
    await app.json("PATCH", `/api/webhooks/${body.id}`, { enabled: false }, auth);
    expect((await rule()).isFiring).toBe(false);
  });
});
