// Fault: the portal's OAuth tokens are revoked in the middle of a run (an admin uninstalls the app).
// Registrations are still accepted (202), the connection shows needs_reconnect, the API says so
// with a 503, pending registrations wait, and after staff reconnect they all finish exactly once.
import { beforeAll, describe, expect, it } from "vitest";
import { useFaultTest } from "../helpers/fault-test";
import { connectSandboxPortal } from "../helpers/oauth";
import { countByStatus, histogram, loadRegistrationRows, makeRegistrations, mapLimit } from "../helpers/registrations";
import { waitFor } from "../helpers/wait";

const fault = useFaultTest({
  worker: "in-process",
  env: {
    // OAuth mode: the app's own HubSpot app credentials; the portal is connected below.
    HUBSPOT_CLIENT_ID: "sandbox-client-id",
    HUBSPOT_CLIENT_SECRET: "sandbox-client-secret",
    REGISTER_DEADLINE_MS: "2000",
    HUBSPOT_MAX_RETRIES: "1",
    HUBSPOT_RATE_LIMIT_MAX: "10000",
  },
});

beforeAll(async () => {
  // Before any app module loads (configuration is read once): the portal's refresh token.
  process.env.HUBSPOT_REFRESH_TOKEN = (await connectSandboxPortal(fault.app.sandbox.url)).refresh_token;
});

describe("fault: the access and refresh tokens are revoked mid-run", () => {
  it("accepts registrations, reports needs_reconnect, waits, and finishes after reconnect", async () => {
    const { app } = fault;
    const tag = "frevoke";
    const warm = await fault.begin(tag);
    const { getConnectionStatus, saveOAuthConnection } = await import("@/lib/server/hubspot/connection-store");
    expect((await getConnectionStatus()).state).toBe("connected");

    const submitted = makeRegistrations(tag, 30);
    let revoked = false;
    const answers = await mapLimit(submitted, 5, async (body, i) => {
      if (i === 10) {
        await app.control.revokeTokens();
        revoked = true;
      }
      const sentAfterRevocation = revoked;
      return { ...(await fault.register(body)), sentAfterRevocation };
    });
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 202)).toEqual([]);
    // Sent after the revocation: HubSpot cannot be reached, so each is accepted for later.
    const after = answers.filter((a) => a.sentAfterRevocation);
    expect(after.length).toBeGreaterThanOrEqual(15);
    expect(histogram(after.map((a) => a.status))).toEqual({ 202: after.length });
    // Before it, HubSpot answered in time.
    expect(answers.filter((a) => !a.sentAfterRevocation && a.status === 200).length).toBeGreaterThan(0);

    const status = await getConnectionStatus();
    expect(status).toMatchObject({ state: "needs_reconnect" });
    if (status.state === "needs_reconnect") expect(status.reason).toMatch(/.+/);
    const objects = await app.json("GET", "/api/crm/objects?type=contacts&limit=5");
    expect(objects.status).toBe(503);
    expect(objects.body).toMatchObject({ success: false, error: { code: "HUBSPOT_NOT_CONNECTED", message: expect.stringMatching(/reconnect/i) } });
    const one = answers.find((a) => a.status === 202)!;
    const pendingStatus = await app.json("GET", one.body.status_url);
    expect(pendingStatus.body).toMatchObject({ status: "pending" });

    // The worker keeps trying and keeps them pending (never failed) while nobody reconnects.
    const waiting = (await countByStatus()).pending ?? 0;
    expect(waiting).toBeGreaterThan(0);
    const { db } = await import("@/lib/server/db");
    await waitFor(async () => (await db.registration.count({ where: { status: "pending", attempts: { gte: 2 } } })) > 0, 30_000, 100);
    const whileRevoked = await countByStatus();
    expect(whileRevoked.failed).toBeUndefined();
    expect(whileRevoked.pending ?? 0).toBeGreaterThan(0);
    // One refresh was refused (invalid_grant); after that the dead connection is not hammered.
    const refreshesWhileRevoked = (await app.control.stats()).tokenRequests.refresh_token;
    expect(refreshesWhileRevoked).toBe(1);

    // Staff reconnect the portal (the OAuth sign-in stores fresh tokens): the waiting ones resume.
    const grant = await connectSandboxPortal(app.sandbox.url);
    await saveOAuthConnection({
      accessToken: grant.access_token,
      refreshToken: grant.refresh_token,
      expiresInSeconds: grant.expires_in,
      portalId: String(grant.hub_id),
    });
    expect((await getConnectionStatus()).state).toBe("connected");
    await fault.waitUntilSynced(submitted.length + 1, 200);
    expect((await app.json("GET", "/api/crm/objects?type=contacts&limit=5")).status).toBe(200);

    const rows = await loadRegistrationRows();
    await fault.expectEachOnceInHubSpot([warm, ...submitted], "token-revoked", {
      answers: histogram(statuses),
      waitingForReconnect: waiting,
      refreshAttemptsWhileRevoked: refreshesWhileRevoked,
      maxAttempts: Math.max(...rows.map((r) => r.attempts)),
    }, rows);
  }, 90_000);
});
