import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { contactEvent, signedHeaders, WEBHOOK_PATH } from "../helpers/webhooks";

/**
 * POST /api/hubspot/webhooks in sandbox mode (the sandbox app's client secret): HubSpot's v3
 * signature over method + URI + raw body + timestamp, no session or API key, events stored once.
 */
let app: TestApp;
const ORIGIN = "http://localhost:5001";
const URI = `${ORIGIN}${WEBHOOK_PATH}`;

beforeAll(async () => {
  app = await startTestApp();
});

/** A POST without the test API key: HubSpot sends none. */
async function post(path: string, body: string, headers: Record<string, string>) {
  const res = await app.request("POST", path, { rawBody: body, headers: { authorization: "", ...headers } });
  return { status: res.status, body: await res.json() };
}

async function storedEvents(): Promise<{ event_id: string; subscription_type: string; payload: Record<string, unknown> }[]> {
  const { db } = await import("@/lib/server/db");
  return db.$queryRaw`SELECT event_id, subscription_type, payload FROM hubspot_webhook_event ORDER BY id`;
}

describe("webhook signature", () => {
  it("accepts a signed batch without credentials and stores each event once, without property values", async () => {
    const events = [
      contactEvent("contact.creation", 101),
      contactEvent("contact.propertyChange", 101, { propertyName: "email", propertyValue: "secret@example.com" }),
    ];
    const body = JSON.stringify(events);
    const res = await post(WEBHOOK_PATH, body, signedHeaders(body, { uri: URI }));
    expect(res).toEqual({ status: 200, body: { received: 2, stored: 2, duplicates: 0, ignored: 0 } });
    const stored = await storedEvents();
    expect(stored.map((e) => e.subscription_type)).toEqual(["contact.creation", "contact.propertyChange"]);
    expect(stored[1].payload).toMatchObject({ propertyName: "email" });
    expect(JSON.stringify(stored)).not.toContain("secret@example.com");
  });

  it("stores a replayed request (same signature and timestamp) and a retried event once", async () => {
    const event = contactEvent("contact.deletion", 202);
    const body = JSON.stringify([event]);
    const headers = signedHeaders(body, { uri: URI });
    expect((await post(WEBHOOK_PATH, body, headers)).body.stored).toBe(1);
    const replay = await post(WEBHOOK_PATH, body, headers);
    expect(replay).toEqual({ status: 200, body: { received: 1, stored: 0, duplicates: 1, ignored: 0 } });
    // HubSpot's retry: the same event with a higher attemptNumber, signed anew.
    const retryBody = JSON.stringify([{ ...event, attemptNumber: 1 }]);
    expect((await post(WEBHOOK_PATH, retryBody, signedHeaders(retryBody, { uri: URI }))).body.duplicates).toBe(1);
    expect((await storedEvents()).filter((e) => e.event_id === String(event.eventId))).toHaveLength(1);
  });

  it("refuses a signature made with another secret", async () => {
    const body = JSON.stringify([contactEvent("contact.creation", 303)]);
    const res = await post(WEBHOOK_PATH, body, signedHeaders(body, { uri: URI, secret: "not-the-client-secret" }));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: "UNAUTHORIZED", message: "The webhook signature is not valid." });
  });

  it("refuses a correctly signed request older than 5 minutes", async () => {
    const body = JSON.stringify([contactEvent("contact.creation", 304)]);
    const res = await post(WEBHOOK_PATH, body, signedHeaders(body, { uri: URI, timestamp: Date.now() - 5 * 60_000 - 1_000 }));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/older than 5 minutes/);
  });

  it("refuses a body altered after signing", async () => {
    const body = JSON.stringify([contactEvent("contact.creation", 305)]);
    const headers = signedHeaders(body, { uri: URI });
    const res = await post(WEBHOOK_PATH, body.replace("305", "306"), headers);
    expect(res.status).toBe(401);
  });

  it("refuses a signature over another URI (path, query or origin)", async () => {
    const body = JSON.stringify([contactEvent("contact.creation", 307)]);
    for (const uri of [`${ORIGIN}/api/hubspot/other`, `${URI}?portal=1`, `https://evil.example${WEBHOOK_PATH}`]) {
      expect((await post(WEBHOOK_PATH, body, signedHeaders(body, { uri }))).status).toBe(401);
    }
    // The query is part of the signed URI: signed for ?portal=1, posted to ?portal=1.
    expect((await post(`${WEBHOOK_PATH}?portal=1`, body, signedHeaders(body, { uri: `${URI}?portal=1` }))).status).toBe(200);
  });

  it("accepts a URI signed as sent or with HubSpot's listed characters decoded (both readings)", async () => {
    const path = `${WEBHOOK_PATH}?source=a%3Ab%40c`;
    for (const [signedAs, id] of [[`${ORIGIN}${path}`, 401], [`${URI}?source=a:b@c`, 402]] as const) {
      const body = JSON.stringify([contactEvent("contact.creation", id)]);
      expect((await post(path, body, signedHeaders(body, { uri: signedAs }))).status).toBe(200);
    }
  });

  it("answers 401 without signature headers and 400 for a signed body that is no event array", async () => {
    expect((await post(WEBHOOK_PATH, "[]", { "content-type": "application/json" })).status).toBe(401);
    const body = JSON.stringify({ not: "an array" });
    const res = await post(WEBHOOK_PATH, body, signedHeaders(body, { uri: URI }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("INVALID_JSON");
  });

  it("ignores events of objects the mirror does not follow, and reads generic object.* events", async () => {
    const events = [
      { ...contactEvent("company.creation", 1), objectId: 9 },
      { ...contactEvent("object.propertyChange", 501), objectTypeId: "0-3", propertyName: "dealname" },
    ];
    const body = JSON.stringify(events);
    const res = await post(WEBHOOK_PATH, body, signedHeaders(body, { uri: URI }));
    expect(res.body).toEqual({ received: 2, stored: 1, duplicates: 0, ignored: 1 });
    const { db } = await import("@/lib/server/db");
    const rows = await db.$queryRaw<{ object_type: string }[]>`SELECT object_type FROM hubspot_webhook_event WHERE object_id = '501'`;
    expect(rows).toEqual([{ object_type: "deals" }]);
  });
});
