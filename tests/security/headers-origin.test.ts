// Pages carry the security headers; state-changing API calls with the staff cookie must come
// from the app's own origin.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp } from "@/tests/helpers/app";
import { sessionCookie, TEST_AUTH_SECRET } from "@/tests/helpers/session";

type Handler = (req: Request) => Promise<Response>;
let proxy: (req: NextRequest) => Promise<Response>;
let env: typeof import("@/lib/server/env").env;
let keys: { POST: Handler };
let register: { POST: Handler };

beforeAll(async () => {
  await startTestApp({ env: { AUTH_SECRET: TEST_AUTH_SECRET, AUTH_URL: "", AUTH_TRUST_PROXY: "" } });
  ({ proxy } = await import("@/proxy"));
  ({ env } = await import("@/lib/server/env"));
  keys = (await import("@/app/api/api-keys/route")) as never;
  register = (await import("@/app/api/crm/register/route")) as never;
});

const page = async (path: string, cookie?: string) =>
  proxy(new NextRequest(new URL(path, "http://localhost:5001"), { headers: { host: "localhost:5001", ...(cookie ? { cookie } : {}) } }));

describe("page security headers", () => {
  it("are on every page answer, signed in or sent to sign-in", async () => {
    for (const res of [await page("/registrations"), await page("/registrations", await sessionCookie()), await page("/signin")]) {
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/form-action 'self' http:\/\/127\.0\.0\.1:\d+/);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("add HSTS when the app is served over https", async () => {
    env.AUTH_URL = "https://crm.example.com";
    try {
      expect((await page("/signin")).headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    } finally {
      env.AUTH_URL = undefined;
    }
  });
});

describe("Origin check on state-changing calls with the staff cookie", () => {
  const post = async (handler: Handler, path: string, body: unknown, headers: Record<string, string>) =>
    handler(
      new Request(new URL(path, "http://localhost:5001"), {
        method: "POST",
        headers: { host: "localhost:5001", "content-type": "application/json", cookie: await sessionCookie(), ...headers },
        body: JSON.stringify(body),
      }),
    );

  it("refuses another site's Origin (or a cross-site fetch without one)", async () => {
    const evil = await post(keys.POST, "/api/api-keys", { name: "planted" }, { origin: "http://evil.example" });
    expect(evil.status).toBe(403);
    expect(await evil.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect((await post(keys.POST, "/api/api-keys", { name: "planted" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post(register.POST, "/api/crm/register", seedRegistration("csrf@example.com"), { origin: "null" })).status).toBe(403);
  });

  it("accepts the app's own origin, and callers that send no browser headers", async () => {
    expect((await post(keys.POST, "/api/api-keys", { name: "mine" }, { origin: "http://localhost:5001", "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect((await post(keys.POST, "/api/api-keys", { name: "curl" }, {})).status).toBe(201);
  });
});
