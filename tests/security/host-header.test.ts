// The public origin (redirects, OAuth redirect_uri) never comes from a request's Host or
// X-Forwarded-Host unless the operator says a proxy of theirs sets it.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "@/lib/runtime/env-schema";
import { startTestApp } from "@/tests/helpers/app";
import { TEST_AUTH_SECRET } from "@/tests/helpers/session";

let proxy: (req: NextRequest) => Promise<Response>;
let authGet: (req: NextRequest) => Promise<Response>;
let env: typeof import("@/lib/server/env").env;

beforeAll(async () => {
  await startTestApp({ env: { AUTH_SECRET: TEST_AUTH_SECRET, AUTH_URL: "", AUTH_TRUST_PROXY: "" } });
  ({ proxy } = await import("@/proxy"));
  ({ GET: authGet } = await import("@/app/api/auth/[...nextauth]/route"));
  ({ env } = await import("@/lib/server/env"));
});

const EVIL = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };
const visit = (path: string, headers: Record<string, string>) => proxy(new NextRequest(new URL(path, "http://localhost:5001"), { headers }));
const providers = async (headers: Record<string, string>) =>
  (await (await authGet(new NextRequest("http://localhost:5001/api/auth/providers", { headers }))).json()).hubspot;

describe("the public origin", () => {
  it("is required from the operator in production: AUTH_URL, or AUTH_TRUST_PROXY=1", () => {
    expect(() => loadEnv({ NODE_ENV: "production" })).toThrow(/AUTH_URL: required when NODE_ENV=production/);
    expect(loadEnv({ NODE_ENV: "production", AUTH_URL: "https://crm.example.com" }).AUTH_URL).toBe("https://crm.example.com");
    expect(loadEnv({ NODE_ENV: "production", AUTH_TRUST_PROXY: "1" }).AUTH_TRUST_PROXY).toBe("1");
    expect(() => loadEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
  });

  it("ignores X-Forwarded-Host on the sign-in redirect and Auth.js's URLs", async () => {
    const res = await visit("/registrations", { ...EVIL, host: "localhost:5001" });
    expect(new URL(res.headers.get("location")!).origin).toBe("http://localhost:5001");
    const hubspot = await providers({ ...EVIL, host: "localhost:5001" });
    expect(hubspot.callbackUrl).toBe("http://localhost:5001/api/auth/callback/hubspot");
  });

  it("takes AUTH_URL over any Host header", async () => {
    env.AUTH_URL = "https://crm.example.com";
    try {
      const res = await visit("/registrations", { ...EVIL, host: "evil.example" });
      expect(new URL(res.headers.get("location")!).origin).toBe("https://crm.example.com");
      expect((await providers({ ...EVIL, host: "evil.example" })).signinUrl).toBe("https://crm.example.com/api/auth/signin/hubspot");
    } finally {
      env.AUTH_URL = undefined;
    }
  });

  it("follows X-Forwarded-Host only with AUTH_TRUST_PROXY=1", async () => {
    env.AUTH_TRUST_PROXY = "1";
    try {
      const res = await visit("/registrations", { "x-forwarded-host": "crm.example.com", "x-forwarded-proto": "https", host: "web:5001" });
      expect(new URL(res.headers.get("location")!).origin).toBe("https://crm.example.com");
    } finally {
      env.AUTH_TRUST_PROXY = "0";
    }
  });
});
