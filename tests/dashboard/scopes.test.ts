import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "@/tests/helpers/app";
import { connectSandboxPortal } from "@/tests/helpers/oauth";
import { waitFor } from "@/tests/helpers/wait";

let app: TestApp;

/** Everything but tickets: what an install that unticked the ticket scopes grants. */
const NO_TICKETS = "oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.deals.read crm.objects.deals.write";

beforeAll(async () => {
  app = await startTestApp();
  const { connectPortalOnSignIn } = await import("@/lib/server/auth/connect-portal");
  const t = await connectSandboxPortal(app.sandbox.url, undefined, NO_TICKETS);
  // No scopes in the grant: the app reads them from HubSpot's introspection.
  const outcome = await connectPortalOnSignIn({ hubId: String(t.hub_id), accessToken: t.access_token, refreshToken: t.refresh_token, expiresInSeconds: t.expires_in });
  expect(outcome).toEqual({ ok: true, action: "connected" });
});

describe("granted scopes", () => {
  it("are read by introspection at connect and the missing ones shown on the connection status", async () => {
    const { getConnectionStatus } = await import("@/lib/server/hubspot/connection-store");
    const status = await getConnectionStatus();
    expect(status.state === "connected" && status.scopes).toContain("crm.objects.deals.write");
    const { getConnectionSummary } = await import("@/lib/server/services/connection-summary");
    const summary = await getConnectionSummary();
    expect(summary.missingScopes).toEqual(["crm.objects.tickets.read", "crm.objects.tickets.write"]);
    expect(summary).toMatchObject({ tone: "warn", state: "connected, missing scopes", canReconnect: true });
  });

  it("are listed in the health details", async () => {
    const res = await app.json("GET", "/api/health");
    expect(res.body.hubspot.missing_scopes).toEqual(["crm.objects.tickets.read", "crm.objects.tickets.write"]);
  });

  it("a 403 MISSING_SCOPES names the scope and is not retried", async () => {
    const { getHubSpot } = await import("@/lib/server/hubspot");
    const { HubSpotMissingScopesError } = await import("@/lib/server/hubspot/errors");
    await app.control.resetStats();
    const client = getHubSpot();
    const err = await client
      .request({ method: "GET", path: client.paths.objects("tickets"), schema: (await import("zod")).z.any() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubSpotMissingScopesError);
    expect((err as InstanceType<typeof HubSpotMissingScopesError>).missingScopes).toEqual(["crm.objects.tickets.read"]);
    expect((await app.control.stats()).calls).toBe(1);
  });

  it("a registration refused for a scope: each refused call sent once, the scope remembered", async () => {
    await app.control.resetStats();
    const res = await app.json("POST", "/api/crm/register", { contact: { email: "scoped@example.com" }, tickets: [{ subject: "S", hs_pipeline_stage: "1" }] });
    expect(res.status).toBe(202);
    const stats = await app.control.stats();
    // The precheck and the first sync attempt each asked once, and the ticket rules were read once
    // (a 403 there means "no rules to check"): a 403 is not retried.
    expect(stats.byRoute["GET /crm/v3/pipelines/tickets"]).toBe(2);
    expect(stats.byRoute["GET /crm/v3/property-validations/0-5"]).toBe(1);
    expect(stats.status).toEqual({ "200": 1, "403": 3 });
    const { getObservedMissingScopes } = await import("@/lib/server/hubspot/scopes");
    expect(await waitFor(async () => (await getObservedMissingScopes()).length > 0 && getObservedMissingScopes())).toEqual(["crm.objects.tickets.read"]);
  });
});
