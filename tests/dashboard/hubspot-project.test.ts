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

describe("the shipped webhook subscriptions", () => {
  const webhooks = (variant: string) =>
    JSON.parse(readFileSync(path.join(__dirname, `../../docs/hubspot-project/${variant}/src/app/webhooks/webhooks-hsmeta.json`), "utf8")).config;

  it.each(["oauth", "static"])("%s: every change the mirror follows, and every property it keeps", async (variant) => {
    const { MIRRORED_PROPERTIES } = await import("@/lib/server/mirror/tables");
    const config = webhooks(variant);
    expect(config.settings.targetUrl).toMatch(/\/api\/hubspot\/webhooks$/);
    const subs = config.subscriptions.crmObjects as { subscriptionType: string; objectType: string; propertyName?: string; active: boolean }[];
    expect(subs.every((s) => s.active)).toBe(true);
    for (const [type, singular] of [["contacts", "contact"], ["deals", "deal"], ["tickets", "ticket"]] as const) {
      for (const kind of ["creation", "deletion", "merge", "restore"]) {
        expect(subs.some((s) => s.subscriptionType === `object.${kind}` && s.objectType === singular), `${singular} ${kind}`).toBe(true);
      }
      const watched = subs.filter((s) => s.objectType === singular && s.subscriptionType === "object.propertyChange").map((s) => s.propertyName);
      expect(watched.sort()).toEqual([...MIRRORED_PROPERTIES[type]].sort());
    }
    expect(config.subscriptions.hubEvents).toEqual([{ subscriptionType: "contact.privacyDeletion", active: true }]);
  });
});
