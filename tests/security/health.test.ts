// /api/health: a liveness answer for anyone, details only for staff or a key with `read`, and
// never a HubSpot call of its own (the Docker HEALTHCHECK allows 5 s).
import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, TEST_API_KEY, type TestApp } from "@/tests/helpers/app";
import { sessionCookie, TEST_AUTH_SECRET } from "@/tests/helpers/session";

let app: TestApp;
let registerOnly: string;

beforeAll(async () => {
  app = await startTestApp({ env: { AUTH_SECRET: TEST_AUTH_SECRET } });
  const { createApiKey } = await import("@/lib/server/services/api-keys");
  registerOnly = (await createApiKey({ name: "register only", scopes: ["register"] })).key;
});

const health = (headers: Record<string, string>) => app.json("GET", "/api/health", undefined, headers);
/** Straight to the handler: the helper always sends an Authorization header, a browser does not. */
async function healthWithCookie() {
  const { GET } = await import("@/app/api/health/route");
  const res = await GET(new Request("http://localhost:5001/api/health", { headers: { cookie: await sessionCookie() } }));
  return { status: res.status, body: await res.json() };
}

describe("GET /api/health", () => {
  it("tells anyone only that the app is alive", async () => {
    for (const headers of [{ authorization: "" }, { authorization: "Bearer wrong-key-0123456789" }, { authorization: `Bearer ${registerOnly}` }]) {
      const res = await health(headers);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "ok" });
    }
  });

  it("gives staff and read keys the details, judged from recent calls", async () => {
    expect((await app.request("POST", "/api/crm/register", { body: seedRegistration("health@example.com") })).status).toBe(200);
    for (const res of [await health({ authorization: `Bearer ${TEST_API_KEY}` }), await healthWithCookie()]) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: "ok",
        mode: "sandbox",
        database: { status: "ok" },
        hubspot: { status: "ok", base_url: app.sandbox.url, last_answer_status: expect.any(Number), last_synced_at: expect.any(String), pending: 0 },
      });
    }
  });

  it("never calls HubSpot itself, even when HubSpot is down", async () => {
    await app.control.resetStats();
    await app.control.fault({ status: 503, count: 100 });
    try {
      for (let i = 0; i < 3; i++) expect((await health({})).status).toBe(200);
      expect((await health({ authorization: `Bearer ${TEST_API_KEY}` })).status).toBe(200);
      expect((await app.control.stats()).calls).toBe(0);
    } finally {
      await app.control.clearFaults();
    }
  });
});
