// Private-app mode without HUBSPOT_PORTAL_ID: the portal staff may sign in from is pinned by the
// first sign-in that enters the setup code from the server log, not by whoever comes first.
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "@/tests/helpers/app";

let connect: typeof import("@/lib/server/auth/connect-portal").connectPortalOnSignIn;
const setup = () => import("@/lib/server/auth/setup-code");

beforeAll(async () => {
  await startTestApp({
    env: { HUBSPOT_SANDBOX: "0", HUBSPOT_ACCESS_TOKEN: "pat-sandbox-token", HUBSPOT_CLIENT_ID: "sandbox-client-id", HUBSPOT_CLIENT_SECRET: "sandbox-client-secret", HUBSPOT_PORTAL_ID: "" },
  });
  ({ connectPortalOnSignIn: connect } = await import("@/lib/server/auth/connect-portal"));
});

describe("pinning the staff portal with a private-app token", () => {
  it("refuses the first sign-in without the setup code; pins the portal of the one that enters it", async () => {
    expect(await connect({ hubId: "99999" })).toEqual({ ok: false, reason: "setup_code" });
    expect(await connect({ hubId: "12345678", setupCode: "WRNG-WRNG-WRNG" })).toEqual({ ok: false, reason: "setup_code" });
    const code = await (await setup()).getSetupCode();
    expect(await connect({ hubId: "12345678", setupCode: code })).toEqual({ ok: true, action: "authenticated" });
    expect(await (await setup()).isSetupPending()).toBe(false);
    expect(await connect({ hubId: "12345678" })).toEqual({ ok: true, action: "authenticated" });
    expect(await connect({ hubId: "99999", setupCode: code })).toEqual({ ok: false, reason: "other_portal", expectedPortalId: "12345678" });
  });
});
