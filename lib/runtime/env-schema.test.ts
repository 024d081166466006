import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env-schema";

describe("loadEnv", () => {
  it("applies the documented defaults and runs in sandbox mode without credentials", () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(5001);
    expect(env.HUBSPOT_API_BASE_URL).toBe("https://api.hubapi.com");
    expect(env.HUBSPOT_TOKEN_REFRESH_MARGIN_SECONDS).toBe(60);
    expect(env.hubspotMode).toBe("sandbox");
  });

  it("pins the HubSpot API version: 2026-09 by default, 2026-03 or legacy on request, nothing else", () => {
    expect(loadEnv({}).HUBSPOT_API_VERSION).toBe("2026-09");
    expect(loadEnv({ HUBSPOT_API_VERSION: "legacy" }).HUBSPOT_API_VERSION).toBe("legacy");
    expect(loadEnv({ HUBSPOT_API_VERSION: "2026-03" }).HUBSPOT_API_VERSION).toBe("2026-03");
    expect(() => loadEnv({ HUBSPOT_API_VERSION: "v3" })).toThrow(/HUBSPOT_API_VERSION/);
  });

  it("treats empty strings as missing", () => {
    expect(loadEnv({ PORT: "", HUBSPOT_ACCESS_TOKEN: " " }).hubspotMode).toBe("sandbox");
  });

  it("names every bad variable at once", () => {
    try {
      loadEnv({ PORT: "abc", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const msg = (e as Error).message;
      expect(msg).toContain("PORT");
      expect(msg).toContain("DATABASE_URL");
      expect(msg).toContain("LOG_LEVEL");
    }
  });

  it("picks private-app mode for an access token and oauth for client credentials", () => {
    expect(loadEnv({ HUBSPOT_ACCESS_TOKEN: "pat-x" }).hubspotMode).toBe("private_app");
    expect(loadEnv({ HUBSPOT_CLIENT_ID: "a", HUBSPOT_CLIENT_SECRET: "b" }).hubspotMode).toBe("oauth");
  });

  it("refuses half of the OAuth credentials instead of falling back to the sandbox", () => {
    expect(() => loadEnv({ HUBSPOT_CLIENT_ID: "a" })).toThrow(/HUBSPOT_CLIENT_SECRET/);
    expect(() => loadEnv({ HUBSPOT_REFRESH_TOKEN: "r" })).toThrow(/HUBSPOT_CLIENT_ID/);
  });
});
