import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "@/tests/helpers/app";
import { connectSandboxPortal } from "@/tests/helpers/oauth";

let app: TestApp;
let connect: typeof import("@/lib/server/auth/connect-portal").connectPortalOnSignIn;
let store: typeof import("@/lib/server/hubspot/connection-store");
let db: typeof import("@/lib/server/db").db;

beforeAll(async () => {
  app = await startTestApp();
  ({ connectPortalOnSignIn: connect } = await import("@/lib/server/auth/connect-portal"));
  store = await import("@/lib/server/hubspot/connection-store");
  ({ db } = await import("@/lib/server/db"));
});

async function signInGrant(hubId?: string) {
  const t = await connectSandboxPortal(app.sandbox.url);
  return { hubId: hubId ?? String(t.hub_id), accessToken: t.access_token, refreshToken: t.refresh_token, expiresInSeconds: t.expires_in };
}

describe("signing in with HubSpot", () => {
  it("connects the portal on the first sign-in, tokens encrypted at rest", async () => {
    const grant = await signInGrant();
    expect(await connect(grant)).toEqual({ ok: true, action: "connected" });
    expect(await store.getConnectionStatus()).toMatchObject({ state: "connected", portalId: "12345678" });
    const row = await db.hubSpotConnection.findUniqueOrThrow({ where: { id: "default" } });
    expect(row.refreshToken).not.toContain(grant.refreshToken);
    expect(row.accessToken).not.toContain(grant.accessToken);
    // The mirror is asked to catch up with the portal just connected (the worker runs it).
    const catchUp = await db.mirrorSyncState.findUnique({ where: { key: "catchup" } });
    expect((catchUp?.value as { requestedAt?: number })?.requestedAt).toBeGreaterThan(Date.now() - 60_000);
  });

  it("only authenticates later sign-ins of the same portal, leaving the stored tokens alone", async () => {
    const before = await db.hubSpotConnection.findUniqueOrThrow({ where: { id: "default" } });
    expect(await connect(await signInGrant())).toEqual({ ok: true, action: "authenticated" });
    const after = await db.hubSpotConnection.findUniqueOrThrow({ where: { id: "default" } });
    expect(after.refreshToken).toBe(before.refreshToken);
  });

  it("refuses a user of another portal", async () => {
    expect(await connect(await signInGrant("99999"))).toEqual({ ok: false, reason: "other_portal", expectedPortalId: "12345678" });
    expect(await store.getConnectionStatus()).toMatchObject({ state: "connected", portalId: "12345678" });
  });

  it("reconnects a connection marked needs_reconnect", async () => {
    await db.hubSpotConnection.update({ where: { id: "default" }, data: { status: "needs_reconnect", statusReason: "revoked" } });
    expect(await store.getConnectionStatus()).toMatchObject({ state: "needs_reconnect" });
    expect(await connect(await signInGrant())).toEqual({ ok: true, action: "reconnected" });
    expect(await store.getConnectionStatus()).toMatchObject({ state: "connected", portalId: "12345678" });
  });

  it("refuses a sign-in without a portal id", async () => {
    expect(await connect({ hubId: "undefined" })).toEqual({ ok: false, reason: "no_portal" });
  });
});
