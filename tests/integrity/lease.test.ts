// One attempt at a time: a live attempt keeps its lease however long HubSpot takes, and an attempt
// whose lease was taken over cannot write.
import { beforeAll, describe, expect, it } from "vitest";
import { callsTo } from "@/lib/tooling/sandbox/control-client";
import { seedRegistration, startTestApp, type TestApp, useInProcessWorker } from "../helpers/app";
import { expectRowsMatchHubSpot, histogram, loadRegistrationRows, makeRegistrations, mapLimit } from "../helpers/registrations";
import { waitFor } from "../helpers/wait";

let app: TestApp;
const startWorker = useInProcessWorker();

beforeAll(async () => {
  app = await startTestApp({
    env: { REGISTER_DEADLINE_MS: "500", SYNC_SWEEP_INTERVAL_MS: "300", SYNC_LEASE_SECONDS: "2", SYNC_MAX_BACKOFF_SECONDS: "1", HUBSPOT_MAX_RETRIES: "1", HUBSPOT_TIMEOUT_MS: "20000" },
  });
  const warm = await app.json("POST", "/api/crm/register", seedRegistration("warm@example.com"));
  expect([200, 202]).toContain(warm.status);
  await waitFor(async () => (await app.json("GET", "/api/registrations?status=synced")).body.results.length === 1, 20_000);
});

describe("the lease of an attempt", () => {
  it("is kept alive while HubSpot takes three times the lease: the worker never starts a second attempt", async () => {
    await startWorker();
    await app.control.resetStats();
    await app.control.fault({ delayMs: 6_000, count: 1, match: "/deals/batch/create" });
    const res = await app.json("POST", "/api/crm/register", seedRegistration("slow@example.com"));
    expect(res.status).toBe(202);
    const synced = await waitFor(async () => {
      const s = (await app.json("GET", res.body.status_url)).body;
      return s.status === "synced" && s;
    }, 30_000);
    expect(synced.attempts).toBe(1);
    const stats = await app.control.stats();
    expect([callsTo(stats, "contacts/batch/upsert"), callsTo(stats, "deals/batch/create")]).toEqual([1, 1]);
  });

  it("under load, with every HubSpot call slower than the lease, each registration is synced by exactly one attempt", async () => {
    await startWorker();
    const submitted = makeRegistrations("lease-load", 24);
    await app.control.configure({ latencyMs: 4_000 });
    await app.control.resetStats();
    try {
      const answers = await mapLimit(submitted, 12, (body) => app.json("POST", "/api/crm/register", body));
      expect(answers.filter((a) => a.status !== 202 && a.status !== 200)).toEqual([]);
      const isOurs = (r: { email: string }) => r.email.startsWith("lease-load");
      await waitFor(async () => (await loadRegistrationRows()).filter((r) => isOurs(r) && r.status === "synced").length === submitted.length, 60_000, 250);
    } finally {
      await app.control.configure({ latencyMs: 0 });
    }
    const rows = (await loadRegistrationRows()).filter((r) => r.email.startsWith("lease-load"));
    expect(histogram(rows.map((r) => r.attempts))).toEqual({ 1: submitted.length });
    const stats = await app.control.stats();
    // No second attempt: nothing had to be read back after a create another attempt had made.
    expect([callsTo(stats, "deals/batch/read"), callsTo(stats, "tickets/batch/read")]).toEqual([0, 0]);
    await expectRowsMatchHubSpot(app.control, rows, submitted);
  }, 90_000);

  it("an attempt whose lease was taken over writes nothing", async () => {
    const { db } = await import("@/lib/server/db");
    const { claimRegistration, markSynced, recordOutcome, recordProgress, insertRegistration } = await import("@/lib/server/services/registrations/store");
    const inserted = (await insertRegistration({ payload: seedRegistration("fenced@example.com"), requestHash: "h", email: "fenced@example.com", lockedUntil: new Date(0) }))!;
    const first = (await claimRegistration(inserted.id))!;
    // Its lease runs out (a stalled process) and a worker takes the registration over.
    await db.registration.update({ where: { id: inserted.id }, data: { lockedUntil: new Date(0) } });
    const second = (await claimRegistration(inserted.id))!;
    expect(second.token).not.toBe(first.token);

    await recordProgress({ id: first.id, token: first.token, contactId: "111", refs: [] });
    expect(await markSynced({ id: first.id, token: first.token, contactId: "111", dealIds: [], ticketIds: [], refs: [] })).toBe(false);
    expect(await recordOutcome(first, { status: "needs_attention", reason: "stale", cause: "unexpected" })).toBeNull();
    const row = await db.registration.findUniqueOrThrow({ where: { id: inserted.id } });
    expect(row).toMatchObject({ status: "pending", contactId: null, attempts: 0, lastError: null, progress: {} });

    expect(await markSynced({ id: second.id, token: second.token, contactId: "222", dealIds: [], ticketIds: [], refs: [] })).toBe(true);
    expect(await db.registration.findUniqueOrThrow({ where: { id: inserted.id } })).toMatchObject({ status: "synced", contactId: "222", attempts: 1 });
  });
});
