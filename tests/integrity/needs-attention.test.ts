// Permanent errors stop a registration for staff instead of being retried for ever; retryable ones
// are capped; a step that succeeded is not repeated; an older registration never overwrites a
// newer one's contact.
import { beforeAll, describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { callsTo } from "@/lib/tooling/sandbox/control-client";
import { FAST_SYNC_ENV, seedRegistration, startTestApp, type TestApp, useInProcessWorker } from "../helpers/app";
import { connectSandboxPortal } from "../helpers/oauth";
import { waitFor } from "../helpers/wait";

let app: TestApp;
const startWorker = useInProcessWorker();

beforeAll(async () => {
  app = await startTestApp({ env: { REGISTER_DEADLINE_MS: "3000", ...FAST_SYNC_ENV, HUBSPOT_MAX_RETRIES: "1", SYNC_MAX_ATTEMPTS: "3" } });
  expect((await app.json("POST", "/api/crm/register", seedRegistration("warm@example.com"))).status).toBe(200);
});

const statusOf = async (id: string) => (await app.json("GET", `/api/registrations/${id}`)).body;
describe("errors that need attention", () => {
  it("an older registration's retry never overwrites the contact a newer one wrote", async () => {
    // The older one's contact upsert fails (and its one retry): it waits for the worker.
    await app.control.fault({ status: 503, count: 2, match: "/contacts/batch/upsert" });
    const older = await app.json("POST", "/api/crm/register", { contact: { email: "same@example.com", firstname: "Older" }, deals: [{ dealname: "Older deal" }] });
    expect(older.status).toBe(202);
    const newer = await app.json("POST", "/api/crm/register", { contact: { email: "same@example.com", firstname: "Newer" }, deals: [{ dealname: "Newer deal" }] });
    expect(newer.status).toBe(200);

    await startWorker();
    const synced = await waitFor(async () => {
      const s = await statusOf(older.body.registration_id);
      return s.status === "synced" && s;
    }, 20_000);
    expect(synced.contact_id).toBe(newer.body.contact_id);
    const contact = (await app.control.objects("contacts")).find((c) => c.properties.email === "same@example.com")!;
    expect(contact.properties.firstname).toBe("Newer");
    const olderDeal = (await app.control.objects("deals")).find((d) => d.properties.dealname === "Older deal")!;
    expect(olderDeal.associations?.contacts?.results.map((r) => r.id)).toEqual([contact.id]);
  });

  it("a 403 stops the registration with the reason; the contact upsert is not repeated; staff retry finishes it", async () => {
    await app.control.resetStats();
    await app.control.fault({ status: 403, count: 100, match: "/tickets/batch/create" });
    const res = await app.json("POST", "/api/crm/register", seedRegistration("forbidden@example.com"));
    expect(res.status).toBe(202);
    const id = res.body.registration_id;
    const stopped = await statusOf(id);
    expect(stopped).toMatchObject({ status: "needs_attention", attempts: 1, next_attempt_at: null });
    expect(stopped.last_error).toMatch(/403/);
    expect(stopped.deal_ids).toHaveLength(1);
    // It waits for staff: the worker does not take it again.
    await sleep(2_500);
    expect(await statusOf(id)).toMatchObject({ status: "needs_attention", attempts: 1 });
    expect(callsTo(await app.control.stats(), "tickets/batch/create")).toBe(1);
    const listed = await app.json("GET", "/api/registrations?status=needs_attention");
    expect(listed.body.results.map((r: { registration_id: string }) => r.registration_id)).toContain(id);

    await app.control.clearFaults();
    expect((await app.json("POST", `/api/registrations/${id}/retry`)).status).toBe(202);
    const synced = await waitFor(async () => {
      const s = await statusOf(id);
      return s.status === "synced" && s;
    }, 20_000);
    expect(synced.deal_ids).toEqual(stopped.deal_ids);
    const stats = await app.control.stats();
    // The contact and the deal were recorded by the first attempt: not sent again.
    expect([callsTo(stats, "contacts/batch/upsert"), callsTo(stats, "deals/batch/create"), callsTo(stats, "tickets/batch/create")]).toEqual([1, 1, 2]);
  });

  it("one stopped by an auth error resumes by itself when staff reconnect the portal", async () => {
    await app.control.fault({ status: 403, count: 100, match: "/deals/batch/create" });
    const res = await app.json("POST", "/api/crm/register", seedRegistration("reconnect@example.com"));
    expect(res.status).toBe(202);
    expect(await statusOf(res.body.registration_id)).toMatchObject({ status: "needs_attention" });
    await app.control.clearFaults();
    // Staff reconnect the portal (the OAuth sign-in stores fresh tokens).
    const grant = await connectSandboxPortal(app.sandbox.url);
    const { saveOAuthConnection } = await import("@/lib/server/hubspot/connection-store");
    await saveOAuthConnection({ accessToken: grant.access_token, refreshToken: grant.refresh_token, expiresInSeconds: grant.expires_in, portalId: String(grant.hub_id) });
    const synced = await waitFor(async () => {
      const s = await statusOf(res.body.registration_id);
      return s.status === "synced" && s;
    }, 20_000);
    expect(synced.deal_ids).toHaveLength(1);
  });

  it("a retryable error is capped: after SYNC_MAX_ATTEMPTS the registration needs attention", async () => {
    await app.control.fault({ outageSeconds: 60, status: 503, match: "/tickets/batch/create" });
    const res = await app.json("POST", "/api/crm/register", seedRegistration("capped@example.com"));
    expect(res.status).toBe(202);
    const stopped = await waitFor(async () => {
      const s = await statusOf(res.body.registration_id);
      return s.status === "needs_attention" && s;
    }, 30_000);
    expect(stopped.attempts).toBe(3);
    expect(stopped.last_error).toMatch(/^gave up after 3 attempts; last error: .*(503|Service Unavailable)/);
    await app.control.clearFaults();
  });
});
