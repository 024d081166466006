// The page guard (proxy.ts): pages need a staff session, and the guard only reads the session
// cookie. It never writes one: a prefetch answered after a sign-out must not sign the user back in.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookie, TEST_AUTH_SECRET } from "../helpers/session";

let proxy: (req: NextRequest) => Promise<Response>;

beforeAll(async () => {
  process.env.AUTH_SECRET = TEST_AUTH_SECRET;
  ({ proxy } = await import("@/proxy"));
});

const visit = (path: string, headers: Record<string, string> = {}) => proxy(new NextRequest(new URL(path, "http://localhost:5001"), { headers }));

describe("proxy", () => {
  it("lets a signed-in visitor through without re-issuing the session cookie", async () => {
    const cookie = await sessionCookie();
    const variants: Record<string, string>[] = [{ cookie }, { cookie, rsc: "1", "next-router-prefetch": "1" }];
    for (const headers of variants) {
      const res = await visit("/local?page=2", headers);
      expect(res.headers.get("x-middleware-next")).toBe("1");
      expect(res.headers.get("location")).toBeNull();
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it("sends a visitor without a valid session to sign-in, remembering the page", async () => {
    const forged = (await sessionCookie(undefined, "another-secret-0123456789abcdef0123456789")).toString();
    const variants: Record<string, string>[] = [{}, { cookie: forged }, { cookie: "authjs.session-token=garbage" }];
    for (const headers of variants) {
      const res = await visit("/local?page=2", headers);
      expect(res.status).toBe(307);
      expect(res.headers.get("location")).toBe("http://localhost:5001/signin?callbackUrl=%2Flocal%3Fpage%3D2");
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it("lets public pages through without a session", async () => {
    const res = await visit("/signin");
    expect(res.headers.get("x-middleware-next")).toBe("1");
  });
});
