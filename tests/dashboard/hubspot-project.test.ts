import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONNECT_SCOPES, OPTIONAL_SCOPES } from "@/lib/server/auth/hubspot-provider";
import { REQUIRED_SCOPE_GROUPS } from "@/lib/server/hubspot/scopes";

const meta = (variant: string) =>
  JSON.parse(readFileSync(path.join(__dirname, `../../docs/hubspot-project/${variant}/src/app/app-hsmeta.json`), "utf8")).config;

describe("the shipped HubSpot project apps", () => {
  it("the OAuth app requires exactly what the sign-in asks for", () => {
    const config = meta("oauth");
    expect(config.auth.type).toBe("oauth");
    expect(config.auth.redirectUrls).toContain("http://localhost:5001/api/auth/callback/hubspot");
    expect([...config.auth.requiredScopes].sort()).toEqual(CONNECT_SCOPES.filter((s) => s !== "oauth").sort());
    expect([...config.auth.optionalScopes].sort()).toEqual([...OPTIONAL_SCOPES].sort());
  });

  it("the static app has every scope the app needs, and the schema scopes", () => {
    const config = meta("static");
    expect(config).toMatchObject({ distribution: "private", auth: { type: "static" } });
    for (const group of REQUIRED_SCOPE_GROUPS) expect(group.some((s) => config.auth.requiredScopes.includes(s))).toBe(true);
    expect(config.auth.requiredScopes).toEqual(expect.arrayContaining([...OPTIONAL_SCOPES]));
  });
});
