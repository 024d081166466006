// HUBSPOT_REFRESH_TOKEN chooses the portal: a sign-in before the app first used that token must
// not connect the signer's own portal instead.
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "@/tests/helpers/app";
import { connectSandboxPortal } from "@/tests/helpers/oauth";

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { HUBSPOT_SANDBOX: "0", HUBSPOT_CLIENT_ID: "sandbox-client-id", HUBSPOT_CLIENT_SECRET: "sandbox-client-secret", HUBSPOT_PORTAL_ID: "" } });
  process.env.HUBSPOT_REFRESH_TOKEN = (await connectSandboxPortal(app.sandbox.url)).refresh_token;
});

describe("the HUBSPOT_REFRESH_TOKEN bootstrap", () => {
  it("connects the operator's portal before the first sign-in is judged; another portal is refused", async () => {
    const { connectPortalOnSignIn } = await import("@/lib/server/auth/connect-portal");
    const { getConnectionStatus } = await import("@/lib/server/hubspot/connection-store");
    const other = await connectSandboxPortal(app.sandbox.url);
    const outcome = await connectPortalOnSignIn({ hubId: "99999", accessToken: other.access_token, refreshToken: other.refresh_token, expiresInSeconds: 1800 });
    expect(outcome).toEqual({ ok: false, reason: "other_portal", expectedPortalId: "12345678" });
    expect(await getConnectionStatus()).toMatchObject({ state: "connected", portalId: "12345678" });
  });
});
