// Events come from registration state changes through the real register flow (sandbox over HTTP,
// real PostgreSQL): one per change, written in the same transaction as the change, delivered to
// each subscribed endpoint and signed.
import { beforeAll, describe, expect, it } from "vitest";
import { FAST_SYNC_ENV, seedRegistration, startTestApp, type TestApp } from "../helpers/app";
import { mapLimit } from "../helpers/registrations";
import { waitFor } from "../helpers/wait";
import { FAST_WEBHOOK_ENV, startReceiver, useInProcessWebhookDelivery, verifyWebhookSignature, webhooksKeyHeaders, type Receiver } from "../helpers/webhook-receiver";

let app: TestApp;
let receiver: Receiver;
let auth: Record<string, string>;
let secret: string;
const startDelivery = useInProcessWebhookDelivery();

beforeAll(async () => {
  receiver = await startReceiver();
  app = await startTestApp({ env: { ...FAST_WEBHOOK_ENV, ...FAST_SYNC_ENV, REGISTER_DEADLINE_MS: "3000", HUBSPOT_MAX_RETRIES: "1" } });
  auth = await webhooksKeyHeaders();
});

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const { sqlPool } = await import("@/lib/server/db");
  return (await sqlPool().query(text, params)).rows as T[];
}
const eventsOf = (registrationId: string) =>
  sql<{ type: string; payload: Record<string, unknown> }>("SELECT type, payload FROM webhook_event WHERE registration_id = $1 ORDER BY created_at", [registrationId]);
const bodies = () => receiver.received.map((r) => JSON.parse(r.body) as { id: string; type: string; occurred_at: string; data: Record<string, unknown> });
const registrationIdOf = async (contactId: string) =>
  (await sql<{ id: string }>("SELECT id FROM registration WHERE contact_id = $1 ORDER BY created_at DESC LIMIT 1", [contactId]))[0].id;

describe("webhook events from registrations", () => {
  it("while no endpoint is enabled, registrations write no events", async () => {
    expect((await app.json("POST", "/api/crm/register", seedRegistration("before@example.com"))).status).toBe(200);
    expect(await sql("SELECT 1 FROM webhook_event")).toEqual([]);
  });

  it("a synced registration emits exactly one registration.synced, with its HubSpot ids and Idempotency-Key, signed", async () => {
    const created = await app.json("POST", "/api/webhooks", { url: receiver.url, events: ["registration.synced", "registration.needs_attention"] }, auth);
    expect(created.status).toBe(201);
    secret = created.body.secret;
    await startDelivery();

    const res = await app.json("POST", "/api/crm/register", seedRegistration("synced@example.com"), { "idempotency-key": "order-4711" });
    expect(res.status).toBe(200);
    await waitFor(async () => receiver.received.length === 1);
    const [event] = bodies();
    expect(event).toMatchObject({
      type: "registration.synced",
      data: { status: "synced", contact_id: res.body.contact_id, deal_ids: res.body.deal_ids, ticket_ids: res.body.ticket_ids, idempotency_key: "order-4711", attempts: 1, reason: null },
    });
    expect(Date.parse(event.occurred_at)).not.toBeNaN();
    expect(receiver.received[0].headers["webhook-id"]).toBe(event.id);
    expect(verifyWebhookSignature(secret, receiver.received[0].headers, receiver.received[0].body)).toBe(true);

    // The same Idempotency-Key again: a replay, no state change, no event.
    const replay = await app.json("POST", "/api/crm/register", seedRegistration("synced@example.com"), { "idempotency-key": "order-4711" });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect((await eventsOf(event.data.registration_id as string)).map((e) => e.type)).toEqual(["registration.synced"]);
  });

  it("registrations synced together (one shared statement) emit one event each", async () => {
    const before = receiver.received.length;
    const answers = await mapLimit(Array.from({ length: 12 }, (_, i) => i), 12, (i) => app.json("POST", "/api/crm/register", seedRegistration(`batch-${i}@example.com`)));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    const counts = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM webhook_event ev JOIN registration r ON r.id = ev.registration_id WHERE r.email LIKE 'batch-%' GROUP BY r.id",
    );
    expect(counts.map((c) => c.n)).toEqual(Array(12).fill(1));
    await waitFor(async () => receiver.received.length === before + 12);
    const contacts = bodies().slice(before).map((b) => b.data.contact_id).sort();
    expect(contacts).toEqual(answers.map((a) => a.body.contact_id).sort());
  });

  it("needs attention, then synced after a staff retry: one event per change, the reason included", async () => {
    await app.control.fault({ status: 403, count: 100, match: "/tickets/batch/create" });
    const res = await app.json("POST", "/api/crm/register", seedRegistration("stuck@example.com"));
    expect(res.status).toBe(202);
    const id = res.body.registration_id;
    await app.control.clearFaults();
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(["registration.needs_attention"]);

    expect((await app.json("POST", `/api/registrations/${id}/retry`)).status).toBe(202);
    const { processRegistration } = await import("@/lib/server/services/registrations/worker");
    await processRegistration(id);
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(["registration.needs_attention", "registration.synced"]);
    expect(events[0].payload).toMatchObject({ status: "needs_attention", deal_ids: [expect.any(String)], ticket_ids: [], reason: expect.stringMatching(/403/) });
    await waitFor(async () => bodies().filter((b) => b.data.registration_id === id).length === 2);
  });

  it("only subscribed, enabled endpoints get a delivery", async () => {
    const syncedOnly = await app.json("POST", "/api/webhooks", { url: `${receiver.url}/synced-only`, events: ["registration.synced"] }, auth);
    const paused = await app.json("POST", "/api/webhooks", { url: `${receiver.url}/paused`, events: ["registration.synced"] }, auth);
    expect((await app.json("PATCH", `/api/webhooks/${paused.body.id}`, { enabled: false }, auth)).body.enabled).toBe(false);
    await app.control.fault({ status: 403, count: 100, match: "/tickets/batch/create" });
    const stuck = await app.json("POST", "/api/crm/register", seedRegistration("stuck-2@example.com"));
    await app.control.clearFaults();
    const ok = await app.json("POST", "/api/crm/register", seedRegistration("ok-2@example.com"));
    const okId = await registrationIdOf(ok.body.contact_id);
    const deliveries = await sql<{ endpoint_id: string; registration_id: string }>(
      "SELECT d.endpoint_id, ev.registration_id FROM webhook_delivery d JOIN webhook_event ev ON ev.id = d.event_id WHERE ev.registration_id = ANY($1::uuid[])",
      [[stuck.body.registration_id, okId]],
    );
    const to = (endpointId: string) => deliveries.filter((d) => d.endpoint_id === endpointId).map((d) => d.registration_id);
    expect(to(syncedOnly.body.id)).toEqual([okId]);
    expect(to(paused.body.id)).toEqual([]);
    expect(deliveries).toHaveLength(3);
  });

  it("a state change that rolls back leaves no event; the one that commits leaves one", async () => {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO registration (id, request_hash, payload, status, updated_at) VALUES (gen_random_uuid(), 'h', '{}', 'pending', now()) RETURNING id`,
    );
    const { sqlPool } = await import("@/lib/server/db");
    const client = await sqlPool().connect();
    try {
      await client.query("BEGIN");
      await client.query("UPDATE registration SET status = 'needs_attention', last_error = 'by hand' WHERE id = $1", [row.id]);
      expect((await client.query("SELECT 1 FROM webhook_event WHERE registration_id = $1", [row.id])).rowCount).toBe(1);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await eventsOf(row.id)).toEqual([]);
    await sql("UPDATE registration SET status = 'needs_attention', last_error = 'by hand' WHERE id = $1", [row.id]);
    await sql("UPDATE registration SET last_error = 'still by hand' WHERE id = $1", [row.id]);
    expect((await eventsOf(row.id)).map((e) => e.type)).toEqual(["registration.needs_attention"]);
  });
});
