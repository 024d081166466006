// Demand above the portal's HubSpot budget (2 calls per 6 s, which the app learns from HubSpot's
// headers; it is configured for nothing): callers wait for a rate slot up to the deadline, then get
// the durable 202 (never an error, never a 429 from HubSpot), and the worker finishes the
// registration once the window rolls.
import { describe, expect, it } from "vitest";
import { useFaultTest } from "../helpers/fault-test";
import { waitFor } from "../helpers/wait";

const fault = useFaultTest({ worker: "in-process", sandbox: { rateLimit: { max: 2, intervalMs: 6000 } }, env: { REGISTER_DEADLINE_MS: "800" } });

const contactOnly = (name: string) => ({ contact: { email: `${name}@budget.example.com`, firstname: name } });

describe("demand above the rate budget", () => {
  it("waits up to the deadline, answers 202, and the worker syncs it when the budget allows", async () => {
    const { app } = fault;
    // The first registration spends the window: the portal's property rules (read once, cached) and its contact upsert.
    expect((await app.json("POST", "/api/crm/register", contactOnly("first"))).status).toBe(200);
    expect((await app.control.stats()).calls).toBe(2);
    const started = Date.now();
    const third = await app.json("POST", "/api/crm/register", contactOnly("second"));
    const waited = Date.now() - started;
    expect(third.status).toBe(202);
    expect(third.body).toMatchObject({ success: true, status: "pending", status_url: `/api/registrations/${third.body.registration_id}` });
    expect(waited).toBeGreaterThanOrEqual(800);

    await fault.startWorker();
    const synced = await waitFor(async () => {
      const s = await app.json("GET", third.body.status_url);
      return s.body.status === "synced" && s.body;
    }, 20_000);
    expect(synced.contact_id).toMatch(/^\d+$/);

    const stats = await app.control.stats();
    expect(stats.rateLimited).toBe(0);
    const emails = (await app.control.objects("contacts")).map((c) => c.properties.email).filter((e) => e?.endsWith("@budget.example.com"));
    expect(emails.sort()).toEqual(["first@budget.example.com", "second@budget.example.com"]);
  });
});
