import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROUTES, matchApiRoute } from "@/lib/server/http/api-routes";

const appDir = path.resolve(__dirname, "../../app");

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [`/${path.relative(appDir, path.dirname(full)).split(path.sep).join("/")}`] : [];
  });
}

describe("the API route table", () => {
  it("lists every route file under app/api except Auth.js' own", () => {
    const files = routeFiles(path.join(appDir, "api")).filter((p) => !p.startsWith("/api/auth/"));
    expect(API_ROUTES.map((r) => r.path).sort()).toEqual(files.sort());
  });

  it("matches static paths before dynamic ones and the catch-all last, with decoded params", () => {
    expect(matchApiRoute("/api/registrations")?.route.path).toBe("/api/registrations");
    const one = matchApiRoute("/api/registrations/abc%20d");
    expect(one?.route.path).toBe("/api/registrations/[registrationId]");
    expect(one?.params).toEqual({ registrationId: "abc d" });
    expect(matchApiRoute("/api/registrations/x/retry")?.route.path).toBe("/api/registrations/[registrationId]/retry");
    expect(matchApiRoute("/api/nothing/here")?.route.path).toBe("/api/[...path]");
    expect(matchApiRoute("/api/registrations/%E0%A4%A")?.params).toEqual({ registrationId: "%E0%A4%A" });
  });

  it("answers the seed's paths and leaves pages and Auth.js to Next.js", () => {
    expect(matchApiRoute("/crm/register")?.route.path).toBe("/api/crm/register");
    expect(matchApiRoute("/objects/local")?.route.path).toBe("/api/objects/local");
    expect(matchApiRoute("/api/auth/session")).toBeUndefined();
    expect(matchApiRoute("/api/auth")).toBeUndefined();
    expect(matchApiRoute("/registrations")).toBeUndefined();
    expect(matchApiRoute("/")).toBeUndefined();
    expect(matchApiRoute("/apix/health")).toBeUndefined();
  });
});
