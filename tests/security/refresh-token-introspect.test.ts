// HUBSPOT_REFRESH_TOKEN bootstrap when HubSpot's token answer carries no hub_id (the v1 docs'
// example has none): the portal is learnt by introspecting the access token, so sign-ins can be
// checked against it. A small HTTP relay in front of the sandbox drops hub_id from token answers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "@/tests/helpers/app";
import { connectSandboxPortal } from "@/tests/helpers/oauth";

let app: TestApp;
let relay: http.Server;
const seen: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { HUBSPOT_SANDBOX: "0", HUBSPOT_CLIENT_ID: "sandbox-client-id", HUBSPOT_CLIENT_SECRET: "sandbox-client-secret", HUBSPOT_PORTAL_ID: "" } });
  relay = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push(`${req.method} ${req.url?.replace(/access-tokens\/.*/, "access-tokens/…")}`);
    const upstream = await fetch(`${app.sandbox.url}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k))) as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    let text = await upstream.text();
    if (/^\/oauth\/[^/]+\/token(\?|$)/.test(req.url ?? "") && upstream.ok) {
      const { hub_id: _dropped, ...rest } = JSON.parse(text);
      text = JSON.stringify(rest);
    }
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(text);
  });
  await new Promise<void>((r) => relay.listen(0, "127.0.0.1", r));
  process.env.HUBSPOT_API_BASE_URL = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  process.env.HUBSPOT_REFRESH_TOKEN = (await connectSandboxPortal(app.sandbox.url)).refresh_token;
});
afterAll(() => new Promise<void>((r) => relay.close(() => r())));

describe("the HUBSPOT_REFRESH_TOKEN bootstrap without hub_id", () => {
  it("introspects the access token to learn the portal, then refuses staff of another portal", async () => {
    const { getHubSpot } = await import("@/lib/server/hubspot");
    const { getConnectionStatus } = await import("@/lib/server/hubspot/connection-store");
    await getHubSpot().opts.tokens.getToken();
    expect(seen).toEqual(expect.arrayContaining(["POST /oauth/2026-03/token", "POST /oauth/2026-03/token/introspect"]));
    expect(await getConnectionStatus()).toMatchObject({ state: "connected", portalId: "12345678" });

    const { connectPortalOnSignIn } = await import("@/lib/server/auth/connect-portal");
    expect(await connectPortalOnSignIn({ hubId: "99999" })).toEqual({ ok: false, reason: "other_portal", expectedPortalId: "12345678" });
  });
});
