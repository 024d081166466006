// Far more registrations than HubSpot's budget allows: the sync attempts held in memory stay within
// SYNC_INFLIGHT_MAX_ATTEMPTS and SYNC_INFLIGHT_MAX_BYTES; the surplus is stored and answered 202
// while the admitted attempts are still waiting for the budget, and the worker syncs every one of
// them, each once. /api/health answers meanwhile, without waiting for the budget.
import { describe, expect, it } from "vitest";
import { useFaultTest } from "../helpers/fault-test";
import { waitFor } from "../helpers/wait";

const MAX_ATTEMPTS = 8;
const MAX_BYTES = 1024;
const BURST = 30;

const fault = useFaultTest({
  worker: "in-process",
  // HubSpot allows two calls per 10 s (the app learns it from the headers): a contact-only registration is one call.
  sandbox: { rateLimit: { max: 2, intervalMs: 10_000 } },
  env: {
    SYNC_INFLIGHT_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    SYNC_INFLIGHT_MAX_BYTES: String(MAX_BYTES),
    // Long enough that an admitted request is still waiting when the surplus has been answered.
    REGISTER_DEADLINE_MS: "30000",
    // Two calls per 10 s for the whole deployment: a contact-only registration is one call.
    WORKER_CONCURRENCY: "100",
  },
});

const inflight = async () => (await import("@/lib/server/services/registrations/sync-inflight")).syncInflight;
const contactOnly = (email: string, firstname?: string) => ({ contact: { email, ...(firstname ? { firstname } : {}) } });

/** Send `bodies` at once; resolves once `answered` of them are answered, with every request's state. */
async function burst(bodies: unknown[], answered: number) {
  const answers: ({ status: number; body: any } | undefined)[] = bodies.map(() => undefined);
  const all = bodies.map((b, i) => fault.register(b).then((r) => (answers[i] = r)));
  await waitFor(async () => answers.filter(Boolean).length >= answered, 15_000, 20);
  return { answers: [...answers], all: Promise.all(all) };
}

async function expectAllSyncedOnce(emails: string[]) {
  const { db } = await import("@/lib/server/db");
  const rows = await waitFor(async () => {
    const r = await db.registration.findMany({ where: { payload: { path: ["contact", "email"], string_ends_with: "@overload.example.com" } } });
    return r.length >= emails.length && r.every((x) => x.status === "synced") && r;
  }, 60_000);
  expect(rows.length).toBe(emails.length);
  const contacts = (await fault.app.control.objects("contacts")).map((c) => c.properties.email).filter((e) => e?.endsWith("@overload.example.com"));
  expect(contacts.sort()).toEqual([...emails].sort());
  expect((await fault.app.control.stats()).rateLimited).toBe(0);
}

describe("registrations far beyond the HubSpot budget", () => {
  const emails: string[] = [];

  it("holds at most SYNC_INFLIGHT_MAX_ATTEMPTS attempts in memory; the surplus is answered 202 at once and synced by the worker", async () => {
    // Spend the budget's window.
    for (const name of ["spend-1", "spend-2"]) {
      emails.push(`${name}@overload.example.com`);
      expect((await fault.register(contactOnly(emails.at(-1)!))).status).toBe(200);
    }
    const bodies = Array.from({ length: BURST }, (_, i) => contactOnly(`count-${i}@overload.example.com`));
    emails.push(...bodies.map((b) => b.contact.email));
    const { answers, all } = await burst(bodies, BURST - MAX_ATTEMPTS);
    // Everything answered so far is a 202 of a stored registration; exactly the admitted attempts are still waiting.
    const early = answers.filter((a) => a !== undefined);
    expect(early.length).toBe(BURST - MAX_ATTEMPTS);
    expect(early.map((a) => a.status)).toEqual(early.map(() => 202));
    expect(early.every((a) => /^\/api\/registrations\//.test(a.body.status_url))).toBe(true);
    const bound = await inflight();
    expect(bound.attempts).toBe(MAX_ATTEMPTS);
    expect(bound.peakAttempts).toBe(MAX_ATTEMPTS);
    // Health does not wait for the spent budget (it never calls HubSpot): it sees the work waiting.
    const health = await fault.app.json("GET", "/api/health");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ database: { status: "ok" }, hubspot: { pending: expect.any(Number) } });
    expect(health.body.hubspot.pending).toBeGreaterThanOrEqual(BURST - MAX_ATTEMPTS);

    await fault.startWorker();
    const final = await all;
    for (const a of final) expect([200, 202]).toContain(a.status);
    await expectAllSyncedOnce(emails);
    expect(bound.attempts).toBe(0);
  }, 90_000);

  it("bounds the payload bytes held too, whatever the count", async () => {
    const { approximateJsonSize } = await import("@/lib/server/services/registrations/sync-inflight");
    const bodies = Array.from({ length: BURST }, (_, i) => contactOnly(`bytes-${String(i).padStart(2, "0")}@overload.example.com`, "x".repeat(100)));
    const size = approximateJsonSize({ ...bodies[0], deals: [], tickets: [] });
    const fits = Math.floor(MAX_BYTES / size);
    expect(fits).toBeLessThan(MAX_ATTEMPTS);
    emails.push(...bodies.map((b) => b.contact.email));
    const { all } = await burst(bodies, 0);
    const final = await all;
    // Only an admitted attempt can answer 200; by the count alone MAX_ATTEMPTS could have been admitted.
    expect(final.filter((a) => a.status === 200).length).toBeLessThanOrEqual(fits);
    expect(final.filter((a) => a.status === 202).length).toBeGreaterThanOrEqual(BURST - fits);
    const bound = await inflight();
    expect(bound.peakBytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(bound.peakAttempts).toBeLessThanOrEqual(MAX_ATTEMPTS);
    await expectAllSyncedOnce(emails);
  }, 90_000);
});
