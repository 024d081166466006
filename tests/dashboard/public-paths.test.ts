import { describe, expect, it } from "vitest";
import { isPublicPath, signInUrl } from "@/lib/server/auth/public-paths";

describe("pages that need a session", () => {
  it.each(["/", "/register", "/registrations", "/hubspot", "/local", "/api-keys", "/docs", "/signinx", "/hubspot/contacts/1"])("%s needs one", (p) => {
    expect(isPublicPath(p)).toBe(false);
  });
  it.each(["/signin", "/signin/refused", "/api/health", "/api/crm/register", "/crm/register", "/objects/local", "/docs/openapi.yaml"])(
    "%s is let through (API routes check auth themselves)",
    (p) => expect(isPublicPath(p)).toBe(true),
  );
  it("remembers where the visitor was going", () => {
    expect(signInUrl("http://localhost:5001", "/hubspot", "?tab=deals").toString()).toBe(
      "http://localhost:5001/signin?callbackUrl=%2Fhubspot%3Ftab%3Ddeals",
    );
    expect(signInUrl("http://localhost:5001", "/", "").toString()).toBe("http://localhost:5001/signin");
  });
});
