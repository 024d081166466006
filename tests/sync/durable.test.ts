import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callsTo } from "@/lib/tooling/sandbox/control-client";
import { seedRegistration, startTestApp, type TestApp, useInProcessWorker } from "../helpers/app";
import { warmUp } from "../helpers/registrations";
import { waitFor } from "../helpers/wait";

let app: TestApp;
const startWorker = useInProcessWorker();

beforeAll(async () => {
  app = await startTestApp({ env: { REGISTER_DEADLINE_MS: "1500", SYNC_SWEEP_INTERVAL_MS: "300", SYNC_LEASE_SECONDS: "3", SYNC_MAX_BACKOFF_SECONDS: "1", HUBSPOT_MAX_RETRIES: "1" } });
  // Warm the pipeline cache and the sync-key properties (on a busy machine it may answer 202 first).
  await warmUp((b) => app.json("POST", "/api/crm/register", b), seedRegistration("warm@example.com"));
});
beforeEach(async () => {
  await app.control.clearFaults();
});


describe("durable registrations", () => {
  it("answers 202 during an outage and the worker syncs it afterwards, exactly once", async () => {
    await app.control.fault({ outageSeconds: 3, status: 503, match: "/crm/v3/objects" });
    const res = await app.json("POST", "/api/crm/register", seedRegistration("outage@example.com"));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ success: true, status: "pending", registration_id: expect.any(String) });
    expect(res.headers.get("location")).toBe(res.body.status_url);
    const pending = await app.json("GET", res.body.status_url);
    expect(pending.body).toMatchObject({ status: "pending", attempts: 1 });
    expect(pending.body.last_error).toMatch(/.+/);

    await startWorker();
    const synced = await waitFor(async () => {
      const s = await app.json("GET", res.body.status_url);
      return s.body.status === "synced" && s.body;
    });
    expect(synced.deal_ids).toHaveLength(1);
    expect(synced.ticket_ids).toHaveLength(1);
    const deals = (await app.control.objects("deals")).filter((d) => d.properties.dealname === "New Deal" && d.associations?.contacts?.results.some((r) => r.id === synced.contact_id));
    expect(deals).toHaveLength(1);
  });

  it("Idempotency-Key: the same body replays the first answer with no HubSpot write", async () => {
    const key = { "idempotency-key": "key-replay-1" };
    const first = await app.json("POST", "/api/crm/register", seedRegistration("idem@example.com"), key);
    expect(first.status).toBe(200);
    await app.control.resetStats();
    const again = await app.json("POST", "/api/crm/register", seedRegistration("idem@example.com"), key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await app.control.stats()).calls).toBe(0);
  });

  it("Idempotency-Key: a different body with the same key is refused", async () => {
    const key = { "idempotency-key": "key-reuse-1" };
    expect((await app.json("POST", "/api/crm/register", seedRegistration("reuse@example.com"), key)).status).toBe(200);
    const other = await app.json("POST", "/api/crm/register", seedRegistration("other@example.com"), key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("Idempotency-Key: concurrent requests with one key make one registration", async () => {
    const key = { "idempotency-key": "key-concurrent-1" };
    const results = await Promise.all(Array.from({ length: 6 }, () => app.json("POST", "/api/crm/register", seedRegistration("conc@example.com"), key)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.deal_ids[0])).size).toBe(1);
    const { db } = await import("@/lib/server/db");
    expect(await db.registration.count({ where: { idempotencyKey: { endsWith: ":key-concurrent-1" } } })).toBe(1);
  });

  it("an invalid Idempotency-Key header is a 400 naming it", async () => {
    const res = await app.json("POST", "/api/crm/register", seedRegistration("h@example.com"), { "idempotency-key": "has space" });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe("Idempotency-Key");
  });

  it("a lost HubSpot response to a create never makes a second deal", async () => {
    await app.control.resetStats();
    await app.control.fault({ afterResponse: true, count: 1, match: "POST /crm/v3/objects/deals/batch/create" });
    const res = await app.json("POST", "/api/crm/register", {
      contact: { email: "lost@example.com" },
      deals: [{ dealname: "Lost-response deal A" }, { dealname: "Lost-response deal B" }],
    });
    expect(res.status).toBe(200);
    const deals = (await app.control.objects("deals")).filter((d) => d.properties.dealname?.startsWith("Lost-response deal"));
    expect(deals).toHaveLength(2);
    expect(deals.map((d) => d.id).sort()).toEqual([...res.body.deal_ids].sort());
    expect(callsTo(await app.control.stats(), "deals/batch/create")).toBe(1);
  });

  it("a ticket category or priority the portal does not have is refused before anything is stored or written", async () => {
    const before = (await app.control.stats()).calls;
    const res = await app.json("POST", "/api/crm/register", {
      contact: { email: "unknown-option@example.com" },
      tickets: [{ subject: "x", category: "nonsense" }, { subject: "y", hs_ticket_category: "Billing issue;PRODUCT_ISSUE" }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { field: "tickets[0].category", message: expect.stringMatching(/^unknown category "NONSENSE"; one of: .*BILLING_ISSUE/) },
    ]);
    const { db } = await import("@/lib/server/db");
    expect(await db.registration.count({ where: { payload: { path: ["contact", "email"], equals: "unknown-option@example.com" } } })).toBe(0);
    // The options came from the cache: no HubSpot call at all, and no contact written.
    expect((await app.control.stats()).calls).toBe(before);
    expect((await app.control.objects("contacts")).map((c) => c.properties.email)).not.toContain("unknown-option@example.com");

    // Labels and values of HubSpot's options both work, in any case; they are sent as values.
    const ok = await app.json("POST", "/api/crm/register", {
      contact: { email: "known-option@example.com" },
      tickets: [{ subject: "y", hs_ticket_category: "Billing issue;product_issue", hs_ticket_priority: "high" }],
    });
    expect(ok.status).toBe(200);
    const ticket = (await app.control.objects("tickets")).find((t) => t.id === ok.body.ticket_ids[0])!;
    expect(ticket.properties).toMatchObject({ hs_ticket_category: "BILLING_ISSUE;PRODUCT_ISSUE", hs_ticket_priority: "HIGH" });
  });

  it("input HubSpot refuses for a reason the app cannot check leaves its registration partial with the reason, and staff can retry it", async () => {
    const rule = "Property values were not valid: a portal rule refused the ticket (RULE_42)";
    await app.control.fault({ refuseInputs: rule, match: "/tickets/batch/create", count: 1 });
    const res = await app.json("POST", "/api/crm/register", { contact: { email: "refused@example.com" }, tickets: [{ subject: "x", category: "billing" }] });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: "tickets[0]", message: `HubSpot refused it: ${rule}` }]);
    const { db } = await import("@/lib/server/db");
    const row = await db.registration.findFirstOrThrow({ where: { payload: { path: ["contact", "email"], equals: "refused@example.com" } } });
    // The contact was written before the ticket was refused: partial, with the contact recorded.
    expect(row.status).toBe("partial");
    expect(row.contactId).toMatch(/.+/);
    expect(row.lastError).toBe(`tickets[0]: HubSpot refused it: ${rule}`);
    const retried = await app.json("POST", `/api/registrations/${row.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.status).toBe("pending");
    // The rule no longer applies: the worker syncs it.
    await startWorker();
    const synced = await waitFor(async () => {
      const s = await app.json("GET", `/api/registrations/${row.id}`);
      return s.body.status === "synced" && s.body;
    }, 20_000);
    expect(synced.ticket_ids).toHaveLength(1);
  });

  it("recording a synced registration is retried in place when PostgreSQL fails it, with no second HubSpot pass", async () => {
    const { db } = await import("@/lib/server/db");
    // A real failure from the real database: the first two writes that mark a row synced are refused
    // as serialization failures (a sequence counts them; it is not rolled back with the statement).
    await db.$executeRawUnsafe("CREATE SEQUENCE synced_write_failures");
    await db.$executeRawUnsafe(`CREATE FUNCTION fail_synced_twice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'synced' THEN
          IF nextval('synced_write_failures') <= 2 THEN
            RAISE EXCEPTION 'injected serialization failure' USING ERRCODE = '40001';
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe("CREATE TRIGGER fail_synced_twice BEFORE UPDATE ON registration FOR EACH ROW EXECUTE FUNCTION fail_synced_twice()");
    try {
      await app.control.resetStats();
      const res = await app.json("POST", "/api/crm/register", seedRegistration("db-hiccup@example.com"));
      expect(res.status).toBe(200);
      const row = await db.registration.findFirstOrThrow({ where: { payload: { path: ["contact", "email"], equals: "db-hiccup@example.com" } } });
      expect(row).toMatchObject({ status: "synced", attempts: 1, contactId: res.body.contact_id, dealIds: res.body.deal_ids, ticketIds: res.body.ticket_ids });
      const [{ n }] = await db.$queryRawUnsafe<{ n: bigint }[]>("SELECT last_value AS n FROM synced_write_failures");
      expect(Number(n)).toBe(3);
      const stats = await app.control.stats();
      expect([callsTo(stats, "deals/batch/create"), callsTo(stats, "tickets/batch/create")]).toEqual([1, 1]);
      expect([callsTo(stats, "deals/batch/read"), callsTo(stats, "tickets/batch/read")]).toEqual([0, 0]);
    } finally {
      await db.$executeRawUnsafe("DROP TRIGGER fail_synced_twice ON registration");
      await db.$executeRawUnsafe("DROP FUNCTION fail_synced_twice");
      await db.$executeRawUnsafe("DROP SEQUENCE synced_write_failures");
    }
  });

  it("status of an unknown registration is 404, and so is a malformed id (naming it)", async () => {
    expect((await app.json("GET", "/api/registrations/6f1c0a3e-9a53-4c43-8a59-1f0a4c9b1e2d")).status).toBe(404);
    const bad = await app.json("GET", "/api/registrations/not-a-uuid");
    expect(bad.status).toBe(404);
    expect(bad.body.error.details[0].field).toBe("registrationId");
  });
});
