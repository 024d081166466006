// Staff sessions end 12 hours after sign-in however often they are used, and can be ended
// server-side (sign out everywhere).
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { startTestApp } from "@/tests/helpers/app";
import { sessionCookie, TEST_AUTH_SECRET } from "@/tests/helpers/session";

type Handler = (req: Request) => Promise<Response>;
let authGet: (req: NextRequest) => Promise<Response>;
let objects: { GET: Handler };
const HOUR = 3600_000;

beforeAll(async () => {
  await startTestApp({ env: { AUTH_SECRET: TEST_AUTH_SECRET, AUTH_URL: "" } });
  ({ GET: authGet } = await import("@/app/api/auth/[...nextauth]/route"));
  objects = (await import("@/app/api/objects/local/route")) as never;
});

const session = async (cookie: string) => {
  const res = await authGet(new NextRequest("http://localhost:5001/api/auth/session", { headers: { cookie, host: "localhost:5001" } }));
  return { body: await res.json(), setCookie: res.headers.getSetCookie().join("\n") };
};
const api = async (cookie: string) => (await objects.GET(new Request("http://localhost:5001/api/objects/local", { headers: { cookie } }))).status;

describe("session lifetime", () => {
  it("a fresh session is renewed by Auth.js and accepted by the API", async () => {
    const cookie = await sessionCookie(undefined, undefined, Date.now() - HOUR);
    const { body } = await session(cookie);
    expect(body).toMatchObject({ user: { email: "staff@example.com" } });
    expect(await api(cookie)).toBe(200);
  });

  it("ends 12 hours after sign-in, even though the cookie itself was re-issued since", async () => {
    const cookie = await sessionCookie(undefined, undefined, Date.now() - 13 * HOUR);
    const { body, setCookie } = await session(cookie);
    expect(body).toBeNull();
    expect(setCookie).toMatch(/authjs\.session-token=;|Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await api(cookie)).toBe(401);
  });

  it("a session cookie without a sign-in time is not a session", async () => {
    const cookie = await sessionCookie(undefined, undefined, Number.NaN);
    expect((await session(cookie)).body).toBeNull();
    expect(await api(cookie)).toBe(401);
  });
});

describe("server-side revocation", () => {
  const revocation = () => import("@/lib/server/auth/session-revocation");
  it("sign out everywhere ends every session of that user signed in before it; others and later ones go on", async () => {
    const mine = await sessionCookie({ email: "me@example.com", hubUserId: "111" }, undefined, Date.now() - 1000);
    const colleague = await sessionCookie({ email: "them@example.com", hubUserId: "222" }, undefined, Date.now() - 1000);
    expect(await api(mine)).toBe(200);
    await (await revocation()).revokeSessions("111");
    expect(await api(mine)).toBe(401);
    expect((await session(mine)).body).toBeNull();
    expect(await api(colleague)).toBe(200);
    await sleep(5);
    expect(await api(await sessionCookie({ email: "me@example.com", hubUserId: "111" }))).toBe(200);
  });

  it("ending every session ends them all", async () => {
    const colleague = await sessionCookie({ email: "them@example.com", hubUserId: "222" }, undefined, Date.now() - 1000);
    const { revokeSessions, EVERYONE } = await revocation();
    await revokeSessions(EVERYONE);
    expect(await api(colleague)).toBe(401);
  });
});
