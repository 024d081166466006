// OAuth mode without HUBSPOT_PORTAL_ID: no sign-in connects a portal unless it brings the setup
// code that only the server log shows. Against the sandbox's real OAuth flow, as another portal would.
import { Writable } from "node:stream";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "@/tests/helpers/app";
import { connectSandboxPortal } from "@/tests/helpers/oauth";

let app: TestApp;
let connect: typeof import("@/lib/server/auth/connect-portal").connectPortalOnSignIn;
/** Imported when used, so that on code without it the sign-in tests still run (and fail on behaviour). */
const setup = () => import("@/lib/server/auth/setup-code");
let store: typeof import("@/lib/server/hubspot/connection-store");

beforeAll(async () => {
  app = await startTestApp({ env: { HUBSPOT_SANDBOX: "0", HUBSPOT_CLIENT_ID: "sandbox-client-id", HUBSPOT_CLIENT_SECRET: "sandbox-client-secret", HUBSPOT_PORTAL_ID: "" } });
  ({ connectPortalOnSignIn: connect } = await import("@/lib/server/auth/connect-portal"));
  store = await import("@/lib/server/hubspot/connection-store");
});

async function grant(setupCode?: string, hubId?: string) {
  const t = await connectSandboxPortal(app.sandbox.url);
  return { hubId: hubId ?? String(t.hub_id), accessToken: t.access_token, refreshToken: t.refresh_token, expiresInSeconds: t.expires_in, setupCode };
}

/** What announceSetupCode writes, as JSON lines. */
async function announced(): Promise<string> {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  await (await setup()).announceSetupCode(pino({ level: "info" }, sink) as never);
  return lines.join("");
}

describe("choosing the portal", () => {
  it("prints a one-time setup code in the server log at start while no portal is chosen", async () => {
    expect(await (await setup()).isSetupPending()).toBe(true);
    const log = await announced();
    const code = await (await setup()).getSetupCode();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(log).toContain(code);
    expect(await (await setup()).getSetupCode()).toBe(code);
  });

  it("refuses the first sign-in without the setup code, or with a wrong one, and stores nothing", async () => {
    expect(await connect(await grant())).toEqual({ ok: false, reason: "setup_code" });
    expect(await connect(await grant("AAAA-BBBB-CCCC"))).toEqual({ ok: false, reason: "setup_code" });
    expect(await store.getConnectionStatus()).toEqual({ state: "not_connected" });
  });

  it("connects the portal of the sign-in that enters the code; the code is then spent", async () => {
    const code = (await (await setup()).getSetupCode()).toLowerCase().replaceAll("-", " ");
    expect(await connect(await grant(code))).toEqual({ ok: true, action: "connected" });
    expect(await store.getConnectionStatus()).toMatchObject({ state: "connected", portalId: "12345678" });
    expect(await (await setup()).isSetupPending()).toBe(false);
    expect(await announced()).toBe("");
    expect(await connect(await grant())).toEqual({ ok: true, action: "authenticated" });
    expect(await connect(await grant(undefined, "99999"))).toEqual({ ok: false, reason: "other_portal", expectedPortalId: "12345678" });
  });
});
