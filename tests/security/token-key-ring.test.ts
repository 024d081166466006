// Rotating the secret that encrypts the stored HubSpot tokens: the previous key keeps them
// readable; without it the connection says it needs a reconnect, and a sign-in repairs it.
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, type TestApp } from "@/tests/helpers/app";
import { connectSandboxPortal } from "@/tests/helpers/oauth";

const KEY_A = "token-key-a-0123456789abcdef0123456789";
const KEY_B = "token-key-b-0123456789abcdef0123456789";
const KEY_C = "token-key-c-0123456789abcdef0123456789";

let app: TestApp;
let env: typeof import("@/lib/server/env").env;
let box: typeof import("@/lib/server/secret-box");
let store: typeof import("@/lib/server/hubspot/connection-store");
let connect: typeof import("@/lib/server/auth/connect-portal").connectPortalOnSignIn;

beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_ENCRYPTION_KEY: KEY_A } });
  ({ env } = await import("@/lib/server/env"));
  box = await import("@/lib/server/secret-box");
  store = await import("@/lib/server/hubspot/connection-store");
  ({ connectPortalOnSignIn: connect } = await import("@/lib/server/auth/connect-portal"));
});

const rotate = (current: string, previous: string[] = []) => {
  env.TOKEN_ENCRYPTION_KEY = current;
  env.TOKEN_ENCRYPTION_PREVIOUS_KEYS = previous;
};
const signIn = async () => {
  const t = await connectSandboxPortal(app.sandbox.url);
  return connect({ hubId: String(t.hub_id), accessToken: t.access_token, refreshToken: t.refresh_token, expiresInSeconds: t.expires_in });
};
const register = async (email: string) => (await app.request("POST", "/api/crm/register", { body: seedRegistration(email) })).status;

describe("the token-encryption key ring", () => {
  it("opens values sealed by earlier keys and by the v1 format, GCM tags of 16 bytes", () => {
    rotate(KEY_A);
    const sealed = box.sealSecret("refresh-me");
    expect(sealed.split(".")[3]).toHaveLength(22); // 16 bytes, base64url
    rotate(KEY_B, [KEY_A]);
    expect(box.openSecret(sealed)).toBe("refresh-me");
    rotate(KEY_C);
    expect(() => box.openSecret(sealed)).toThrow(box.SecretKeyUnknownError);

    // What the earlier code stored: v1.<iv>.<tag>.<data> under sha256("hubspot-token-encryption:" + key).
    const key = createHash("sha256").update(`hubspot-token-encryption:${KEY_A}`).digest();
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const data = Buffer.concat([cipher.update("old-token", "utf8"), cipher.final()]);
    const v1 = ["v1", iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
    rotate(KEY_B, [KEY_A]);
    expect(box.openSecret(v1)).toBe("old-token");
  });

  it("keeps the connection working across a rotation that lists the previous key", async () => {
    rotate(KEY_A);
    expect(await signIn()).toEqual({ ok: true, action: "connected" });
    expect(await register("ring.one@example.com")).toBe(200);
    rotate(KEY_B, [KEY_A]);
    await app.control.expireTokens();
    expect(await register("ring.two@example.com")).toBe(200);
    expect(await store.getConnectionStatus()).toMatchObject({ state: "connected" });
  });

  it("without the previous key: needs reconnect (registrations wait), and the next sign-in repairs it", async () => {
    rotate(KEY_C);
    expect(await store.getConnectionStatus()).toMatchObject({ state: "needs_reconnect", reason: expect.stringContaining("decrypt") });
    await app.control.expireTokens();
    expect(await register("ring.three@example.com")).toBe(202);
    expect(await signIn()).toEqual({ ok: true, action: "reconnected" });
    expect(await store.getConnectionStatus()).toMatchObject({ state: "connected", reason: null });
    expect(await register("ring.four@example.com")).toBe(200);
  });
});
