// After sign-in the app only ever sends the browser to one of its own paths, whatever callbackUrl says.
import { describe, expect, it } from "vitest";
import { createBaseAuthConfig } from "@/lib/server/auth/config";
import { safeCallbackPath } from "@/lib/server/auth/safe-redirect";

const ORIGIN = "http://localhost:5001";

/** Values as they arrive after the query string is decoded (`/%5Cevil.example` → `/\evil.example`). */
const ATTACKS = [
  "/\\evil.example",
  "/\t/evil.example",
  "/\r\n/evil.example",
  "//evil.example",
  "\\\\evil.example",
  "https://evil.example/",
  "http://localhost:5001@evil.example/",
  "javascript:alert(1)",
  " /\\evil.example",
  "evil.example",
  "",
];

describe("callbackUrl after sign-in", () => {
  it.each(ATTACKS)("%j goes to /", (value) => {
    expect(safeCallbackPath(value, ORIGIN)).toBe("/");
  });

  it("keeps a path of the app, query and hash included, percent-encoded", () => {
    expect(safeCallbackPath("/hubspot?tab=deals#top", ORIGIN)).toBe("/hubspot?tab=deals#top");
    expect(safeCallbackPath("/local?q=a b", ORIGIN)).toBe("/local?q=a%20b");
    expect(safeCallbackPath(`${ORIGIN}/register`, ORIGIN)).toBe("/register");
  });

  it("Auth.js's redirect callback applies the same rule", async () => {
    const redirect = createBaseAuthConfig().callbacks!.redirect!;
    for (const url of ATTACKS) {
      const to = new URL(await redirect({ url, baseUrl: ORIGIN }));
      expect(to.origin, url).toBe(ORIGIN);
      expect(to.pathname, url).toBe("/");
    }
    expect(await redirect({ url: "/registrations?status=failed", baseUrl: ORIGIN })).toBe(`${ORIGIN}/registrations?status=failed`);
  });
});
