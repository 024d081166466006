import { afterAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../helpers/test-db";
import { contactEvent, signedHeaders, WEBHOOK_PATH } from "../helpers/webhooks";

/**
 * Outside sandbox mode the webhook secret is HUBSPOT_CLIENT_SECRET (a static-token deployment has
 * one too, from its project app), and the signed URI is the public one (AUTH_URL), whatever
 * address the request reached. Without a secret the endpoint says so (503).
 */
await useTestDatabase();
const SECRET = "project-app-client-secret-0123";
const PUBLIC_URL = "https://crm.example.com";
const saved = { ...process.env };
afterAll(async () => {
  // Only the plain pool was used (the inbox insert): end it before the database is dropped.
  const { sqlPool } = await import("@/lib/server/db");
  await sqlPool().end();
  process.env = saved;
});

async function loadRoute(env: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [key, value] of Object.entries({ HUBSPOT_ACCESS_TOKEN: "pat-static-token-for-tests", ...env })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return import("@/app/api/hubspot/webhooks/route");
}

function post(handler: (req: Request) => Promise<Response>, body: string, headers: Record<string, string>) {
  // The request reaches the app on its local address, behind the public URL.
  return handler(new Request(`http://127.0.0.1:5001${WEBHOOK_PATH}`, { method: "POST", body, headers }));
}

describe("webhook configuration", () => {
  it("verifies with HUBSPOT_CLIENT_SECRET over the public URI (AUTH_URL) in static-token mode", async () => {
    const { POST } = await loadRoute({ HUBSPOT_CLIENT_SECRET: SECRET, AUTH_URL: PUBLIC_URL });
    const body = JSON.stringify([contactEvent("contact.creation", 11)]);
    const ok = await post(POST, body, signedHeaders(body, { uri: `${PUBLIC_URL}${WEBHOOK_PATH}`, secret: SECRET }));
    expect(ok.status).toBe(200);
    const local = await post(POST, body, signedHeaders(body, { uri: `http://127.0.0.1:5001${WEBHOOK_PATH}`, secret: SECRET }));
    expect(local.status).toBe(401);
    const sandboxSecret = await post(POST, body, signedHeaders(body, { uri: `${PUBLIC_URL}${WEBHOOK_PATH}` }));
    expect(sandboxSecret.status).toBe(401);
  });

  it("answers 503 WEBHOOKS_NOT_CONFIGURED when no client secret is set", async () => {
    const { POST } = await loadRoute({ HUBSPOT_CLIENT_SECRET: undefined, AUTH_URL: PUBLIC_URL });
    const body = JSON.stringify([contactEvent("contact.creation", 12)]);
    const res = await post(POST, body, signedHeaders(body, { uri: `${PUBLIC_URL}${WEBHOOK_PATH}` }));
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({ code: "WEBHOOKS_NOT_CONFIGURED", message: expect.stringMatching(/HUBSPOT_CLIENT_SECRET/) });
  });
});
