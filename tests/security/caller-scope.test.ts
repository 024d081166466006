// Idempotency-Keys and registrations belong to the caller that sent them; API keys carry scopes.
import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, type TestApp } from "@/tests/helpers/app";
import { sessionCookie, TEST_AUTH_SECRET } from "@/tests/helpers/session";

type Handler = (req: Request) => Promise<Response>;
let app: TestApp;
let db: typeof import("@/lib/server/db").db;
let keys: { POST: Handler };
let k1: string;
let k2: string;
let k2Id: string;
let k1Id: string;

beforeAll(async () => {
  app = await startTestApp({ env: { AUTH_SECRET: TEST_AUTH_SECRET } });
  ({ db } = await import("@/lib/server/db"));
  keys = (await import("@/app/api/api-keys/route")) as never;
  const { createApiKey } = await import("@/lib/server/services/api-keys");
  ({ key: k1, id: k1Id } = await createApiKey({ name: "K1", scopes: ["register", "read"] }));
  const created = await createApiKey({ name: "K2", scopes: ["register"] });
  k2 = created.key;
  k2Id = created.id;
});

const as = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });
const register = (key: string, body: unknown, idem?: string) =>
  app.request("POST", "/api/crm/register", { body, headers: as(key, idem ? { "idempotency-key": idem } : {}) });

describe("Idempotency-Keys are the caller's own", () => {
  it("another caller sending K1's key and body gets its own registration, not K1's answer", async () => {
    const body = seedRegistration("scoped.one@example.com");
    const first = await register(k1, body, "order-42");
    expect(first.status).toBe(200);
    expect((await register(k1, body, "order-42")).headers.get("idempotent-replayed")).toBe("true");

    const other = await register(k2, body, "order-42");
    expect(other.status).toBe(200);
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    const rows = await db.registration.findMany({ where: { payload: { path: ["contact", "email"], equals: "scoped.one@example.com" } } });
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.caller))).toEqual(new Set([`k:${k1Id}`, `k:${k2Id}`]));
  });

  it("another caller cannot probe K1's key: a different body is not a 'key reused' refusal", async () => {
    await register(k1, seedRegistration("scoped.two@example.com"), "probe-me");
    const probe = await register(k2, seedRegistration("scoped.three@example.com"), "probe-me");
    expect(probe.status).toBe(200);
    expect(await probe.json()).toMatchObject({ success: true });
  });
});

describe("API key scopes", () => {
  it("a register-only key sees only its own registrations and reads nothing else", async () => {
    const mine = await app.json("GET", "/api/registrations?limit=100", undefined, as(k2));
    expect(mine.status).toBe(200);
    expect(mine.body.results.length).toBeGreaterThan(0);
    const own = await db.registration.findMany({ where: { caller: `k:${k2Id}` } });
    expect(mine.body.results.map((r: { registration_id: string }) => r.registration_id).sort()).toEqual(own.map((r) => r.id).sort());

    const theirs = await db.registration.findFirstOrThrow({ where: { NOT: { caller: `k:${k2Id}` } } });
    expect((await app.request("GET", `/api/registrations/${theirs.id}`, { headers: as(k2) })).status).toBe(404);
    expect((await app.request("GET", `/api/registrations/${theirs.id}`, { headers: as(k1) })).status).toBe(200);
    expect((await app.request("GET", `/api/registrations/${own[0].id}`, { headers: as(k2) })).status).toBe(200);

    const local = await app.json("GET", "/api/objects/local", undefined, as(k2));
    expect(local.status).toBe(403);
    expect(local.body.error.message).toContain('"read" scope');
    expect((await app.request("GET", "/api/objects/local", { headers: as(k1) })).status).toBe(200);
  });

  it("a read-only key cannot register", async () => {
    const { createApiKey } = await import("@/lib/server/services/api-keys");
    const reader = (await createApiKey({ name: "reader", scopes: ["read"] })).key;
    expect((await register(reader, seedRegistration("reader@example.com"))).status).toBe(403);
    expect((await app.request("GET", "/api/registrations", { headers: as(reader) })).status).toBe(200);
  });

  it("staff choose the scopes when creating a key; a bad scope is a 400 naming the field", async () => {
    const cookie = await sessionCookie();
    const post = (body: unknown) =>
      keys.POST(new Request("http://localhost:5001/api/api-keys", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) }));
    const res = await post({ name: "Billing", scopes: ["register"] });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ name: "Billing", scopes: ["register"] });
    expect(await (await post({ name: "Both" })).json()).toMatchObject({ scopes: ["register", "read"] });
    const bad = await post({ name: "Bad", scopes: ["admin"] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("scopes");
    expect((await post({ name: "None", scopes: [] })).status).toBe(400);
  });
});
