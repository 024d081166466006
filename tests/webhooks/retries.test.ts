// Delivery through receivers that fail: retried with backoff until delivered (recorded once), given
// up past the horizon (a 5 s one here), redirects not followed. Real HTTP on 127.0.0.1.
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { waitFor } from "../helpers/wait";
import { FAST_WEBHOOK_ENV, startReceiver, useInProcessWebhookDelivery, verifyWebhookSignature, webhooksKeyHeaders, type Receiver } from "../helpers/webhook-receiver";

let app: TestApp;
let auth: Record<string, string>;
const startDelivery = useInProcessWebhookDelivery();

beforeAll(async () => {
  app = await startTestApp({ env: { ...FAST_WEBHOOK_ENV, WEBHOOK_TIMEOUT_MS: "1500", WEBHOOK_MAX_AGE_SECONDS: "5" } });
  auth = await webhooksKeyHeaders();
  await startDelivery();
});

/** An endpoint on `receiver` that has been sent one test event; its id, secret and that event. */
async function endpointWithTestEvent(receiver: Receiver) {
  const created = await app.json("POST", "/api/webhooks", { url: receiver.url, events: ["registration.synced"] }, auth);
  expect(created.status).toBe(201);
  const sent = await app.json("POST", `/api/webhooks/${created.body.id}/test`, undefined, auth);
  expect(sent.status).toBe(202);
  return { id: created.body.id as string, secret: created.body.secret as string, eventId: sent.body.event_id as string };
}
const deliveriesOf = async (endpointId: string) => (await app.json("GET", `/api/webhooks/${endpointId}/deliveries`, undefined, auth)).body.results;
const settled = (endpointId: string) =>
  waitFor(async () => {
    const [d] = await deliveriesOf(endpointId);
    return d && (d.status === "delivered" || d.status === "given_up") && d;
  }, 15_000);

describe("webhook delivery retries", () => {
  it("500, then no answer (timeout), then a reset connection, then 200: retried with growing waits, delivered once", async () => {
    const receiver = await startReceiver();
    const arrivals: number[] = [];
    const record = receiver.received.push.bind(receiver.received);
    receiver.received.push = (...items) => (arrivals.push(Date.now()), record(...items));
    receiver.script({ status: 500, body: "down for maintenance" }, "hang", "reset", { status: 200, body: "thanks" });
    const endpoint = await endpointWithTestEvent(receiver);

    const delivery = await settled(endpoint.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 4, last_status_code: 200, last_error: null, response_excerpt: "thanks", next_attempt_at: null, event_type: "webhook.test" });
    expect(delivery.delivered_at).not.toBeNull();
    expect(receiver.received.map((r) => r.action)).toEqual([{ status: 500, body: "down for maintenance" }, "hang", "reset", { status: 200, body: "thanks" }]);
    // The same event every time (receivers deduplicate on it), each attempt signed afresh.
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([endpoint.eventId]));
    for (const r of receiver.received) expect(verifyWebhookSignature(endpoint.secret, r.headers, r.body)).toBe(true);
    // Backoff: 100 ms, then 200, then 400 (the cap here), each ±25 %: never sooner than that.
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(75);
    expect(arrivals[3] - arrivals[2]).toBeGreaterThanOrEqual(300);
    // Recorded once: nothing else is due for it, and the counters say one delivered.
    const { sqlPool } = await import("@/lib/server/db");
    const counts = await sqlPool().query("SELECT outcome, count::int FROM webhook_delivery_count ORDER BY outcome");
    expect(counts.rows).toEqual([
      { outcome: "delivered", count: 1 },
      { outcome: "failed", count: 3 },
    ]);
  });

  it("the failures on the way are visible while it retries", async () => {
    const receiver = await startReceiver();
    receiver.fallback = { status: 503, body: "busy" };
    const endpoint = await endpointWithTestEvent(receiver);
    // Between two attempts (not while one is under way): the last answer, and when the next one goes.
    const retrying = await waitFor(async () => {
      const [d] = await deliveriesOf(endpoint.id);
      return d?.status === "retrying" && Date.parse(d.next_attempt_at) > Date.parse(d.last_attempt_at) && d;
    });
    expect(retrying).toMatchObject({ last_status_code: 503, last_error: "answered 503", response_excerpt: "busy" });
    receiver.fallback = { status: 204 };
    expect(await settled(endpoint.id)).toMatchObject({ status: "delivered", last_status_code: 204 });
  });

  it("a receiver that keeps failing is given up past WEBHOOK_MAX_AGE_SECONDS, visibly", async () => {
    const receiver = await startReceiver();
    receiver.fallback = { status: 500, body: "still down" };
    const endpoint = await endpointWithTestEvent(receiver);
    const delivery = await settled(endpoint.id);
    expect(delivery).toMatchObject({ status: "given_up", last_status_code: 500, last_error: "answered 500", next_attempt_at: null, delivered_at: null });
    expect(delivery.attempts).toBeGreaterThan(2);
    expect(delivery.given_up_at).not.toBeNull();
    expect(receiver.received).toHaveLength(delivery.attempts);
  });

  it("a redirect is not followed: recorded as a failure, and the target never hears of it", async () => {
    const target = await startReceiver();
    const receiver = await startReceiver();
    receiver.fallback = { status: 302, headers: { location: target.url } };
    const endpoint = await endpointWithTestEvent(receiver);
    const retrying = await waitFor(async () => {
      const [d] = await deliveriesOf(endpoint.id);
      return d?.status === "retrying" && d;
    });
    expect(retrying).toMatchObject({ last_status_code: 302, last_error: "answered 302 (redirects are not followed)" });
    receiver.fallback = { status: 200 };
    expect(await settled(endpoint.id)).toMatchObject({ status: "delivered" });
    expect(target.received).toEqual([]);
  });

  it("what waits for a paused endpoint past the horizon is given up by the loop's maintenance", async () => {
    const receiver = await startReceiver();
    const endpoint = await endpointWithTestEvent(receiver);
    await settled(endpoint.id);
    expect((await app.json("PATCH", `/api/webhooks/${endpoint.id}`, { enabled: false }, auth)).status).toBe(200);
    expect((await app.json("POST", `/api/webhooks/${endpoint.id}/test`, undefined, auth)).status).toBe(409);
    const { sqlPool } = await import("@/lib/server/db");
    await sqlPool().query(
      `WITH ev AS (INSERT INTO webhook_event (id, type, payload, created_at) VALUES (gen_random_uuid(), 'webhook.test', '{}', now() - interval '1 hour') RETURNING id)
       INSERT INTO webhook_delivery (event_id, endpoint_id, next_attempt_at, created_at) SELECT id, $1, now(), now() - interval '1 hour' FROM ev`,
      [endpoint.id],
    );
    const { giveUpExpiredDeliveries } = await import("@/lib/server/webhooks/delivery-store");
    expect(await giveUpExpiredDeliveries()).toBe(1);
    // Listed newest first: the one made an hour ago comes after the test event.
    const [, old] = await deliveriesOf(endpoint.id);
    expect(old).toMatchObject({ status: "given_up", attempts: 0, last_error: "not attempted: the endpoint was paused" });
    expect(receiver.received).toHaveLength(1);
  });
});
