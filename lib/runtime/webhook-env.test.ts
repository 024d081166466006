import { describe, expect, it } from "vitest";
import { loadEnv } from "./env-schema";
import { isAllowListEntry } from "./webhook-env";

const SECRET = "whsec_0123456789abcdef0123456789";

describe("webhook configuration", () => {
  it("has the documented defaults", () => {
    const env = loadEnv({});
    expect([env.WEBHOOK_TIMEOUT_MS, env.WEBHOOK_MAX_AGE_SECONDS, env.WEBHOOK_RETRY_BASE_MS, env.WEBHOOK_RETRY_MAX_MS]).toEqual([10_000, 86_400, 10_000, 3_600_000]);
    expect([env.WEBHOOK_ALLOW_HTTP, env.WEBHOOK_ALLOWED_HOSTS, env.WEBHOOK_CONCURRENCY, env.WEBHOOK_ENDPOINT_CONCURRENCY]).toEqual(["0", [], 10, 2]);
  });

  it("needs WEBHOOK_URL and WEBHOOK_SECRET together, and https unless http is allowed", () => {
    expect(() => loadEnv({ WEBHOOK_URL: "https://hooks.example.com/x" })).toThrow(/WEBHOOK_SECRET: required/);
    expect(() => loadEnv({ WEBHOOK_SECRET: SECRET })).toThrow(/WEBHOOK_URL: required/);
    expect(() => loadEnv({ WEBHOOK_URL: "https://hooks.example.com/x", WEBHOOK_SECRET: "short" })).toThrow(/WEBHOOK_SECRET: must be at least 24/);
    expect(() => loadEnv({ WEBHOOK_URL: "http://hooks.example.com/x", WEBHOOK_SECRET: SECRET })).toThrow(/WEBHOOK_URL: must be https/);
    expect(loadEnv({ WEBHOOK_URL: "http://hooks.example.com/x", WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOW_HTTP: "1" }).WEBHOOK_URL).toBe("http://hooks.example.com/x");
    expect(() => loadEnv({ WEBHOOK_RETRY_BASE_MS: "5000", WEBHOOK_RETRY_MAX_MS: "1000" })).toThrow(/WEBHOOK_RETRY_MAX_MS/);
  });

  it("reads the allow-list as host names, addresses and CIDR ranges, and names a bad entry", () => {
    expect(loadEnv({ WEBHOOK_ALLOWED_HOSTS: " Hooks.Internal , 10.0.0.0/8,::1 " }).WEBHOOK_ALLOWED_HOSTS).toEqual(["hooks.internal", "10.0.0.0/8", "::1"]);
    expect(() => loadEnv({ WEBHOOK_ALLOWED_HOSTS: "10.0.0.0/33" })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
    expect(["fd00::/8", "127.0.0.1", "a-b.example"].every(isAllowListEntry)).toBe(true);
    expect(["http://x", "a b", "10.0.0.0/8/1", "-bad.example"].some(isAllowListEntry)).toBe(false);
  });
});
