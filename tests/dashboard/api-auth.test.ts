import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_API_KEY, type TestApp } from "@/tests/helpers/app";
import { sessionCookie, TEST_AUTH_SECRET } from "../helpers/session";

type Handler = (req: Request, ctx?: { params?: Promise<Record<string, string>> }) => Promise<Response>;

let app: TestApp;
let keys: { GET: Handler; POST: Handler };
let keyById: { DELETE: Handler };
let objects: { GET: Handler };
let health: { GET: Handler };
let notFound: { GET: Handler };
let pipelines: { GET: Handler };
let property: { GET: Handler };

beforeAll(async () => {
  app = await startTestApp({ env: { AUTH_SECRET: TEST_AUTH_SECRET } });
  keys = (await import("@/app/api/api-keys/route")) as never;
  keyById = (await import("@/app/api/api-keys/[keyId]/route")) as never;
  objects = (await import("@/app/api/objects/local/route")) as never;
  health = (await import("@/app/api/health/route")) as never;
  notFound = (await import("@/app/api/[...path]/route")) as never;
  pipelines = (await import("@/app/api/crm/pipelines/route")) as never;
  property = (await import("@/app/api/crm/properties/[objectType]/[propertyName]/route")) as never;
});

const call = (handler: Handler, path: string, init: RequestInit = {}, params?: Record<string, string>) =>
  handler(new Request(new URL(path, "http://localhost:5001"), init), params && { params: Promise.resolve(params) });
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe("API authentication", () => {
  it("answers 401 JSON without a session or key, with WWW-Authenticate", async () => {
    const res = await call(objects.GET, "/api/objects/local");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const body = await res.json();
    expect(body).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });
  });

  it("refuses a wrong key, another scheme and a forged cookie", async () => {
    expect((await call(objects.GET, "/api/objects/local", { headers: bearer("not-a-real-key-at-all") })).status).toBe(401);
    expect((await call(objects.GET, "/api/objects/local", { headers: { authorization: `Basic ${btoa("a:b")}` } })).status).toBe(401);
    const forged = await sessionCookie(undefined, "another-secret-0123456789abcdef0123456789");
    expect((await call(objects.GET, "/api/objects/local", { headers: { cookie: forged } })).status).toBe(401);
  });

  it("accepts a key from API_KEYS and a staff session cookie", async () => {
    expect((await call(objects.GET, "/api/objects/local", { headers: bearer(TEST_API_KEY) })).status).toBe(200);
    expect((await call(objects.GET, "/api/objects/local", { headers: { cookie: await sessionCookie() } })).status).toBe(200);
  });

  it("keeps health public and unknown API paths closed", async () => {
    expect((await call(health.GET, "/api/health")).status).toBe(200);
    expect((await call(notFound.GET, "/api/nope")).status).toBe(401);
    expect((await call(notFound.GET, "/api/nope", { headers: bearer(TEST_API_KEY) })).status).toBe(404);
  });
});

describe("API keys", () => {
  it("are created once, listed by prefix, used, and revoked", async () => {
    const cookie = await sessionCookie();
    const created = await call(keys.POST, "/api/api-keys", {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "Billing system" }),
    });
    expect(created.status).toBe(201);
    const key = await created.json();
    expect(key.key).toMatch(/^hsk_[\w-]{40}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    expect(key.created_by).toBe("staff@example.com");

    expect((await call(objects.GET, "/api/objects/local", { headers: bearer(key.key) })).status).toBe(200);

    const list = await (await call(keys.GET, "/api/api-keys", { headers: { cookie } })).json();
    const listed = list.results.find((k: { id: string }) => k.id === key.id);
    expect(listed).toMatchObject({ name: "Billing system", prefix: key.prefix });
    expect(listed.last_used_at).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(key.key);

    const revoked = await call(keyById.DELETE, `/api/api-keys/${key.id}`, { method: "DELETE", headers: { cookie } }, { keyId: key.id });
    expect(revoked.status).toBe(204);
    expect((await call(objects.GET, "/api/objects/local", { headers: bearer(key.key) })).status).toBe(401);
    const again = await call(keyById.DELETE, `/api/api-keys/${key.id}`, { method: "DELETE", headers: { cookie } }, { keyId: key.id });
    expect(again.status).toBe(404);
  });

  it("cannot be managed with an API key, and need a name", async () => {
    const res = await call(keys.GET, "/api/api-keys", { headers: bearer(TEST_API_KEY) });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("FORBIDDEN");
    const bad = await call(keys.POST, "/api/api-keys", {
      method: "POST",
      headers: { cookie: await sessionCookie(), "content-type": "application/json" },
      body: JSON.stringify({ name: "  " }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details).toEqual([{ field: "name", message: "is required" }]);
  });

  it("are stored hashed", async () => {
    const cookie = await sessionCookie();
    const created = await (
      await call(keys.POST, "/api/api-keys", { method: "POST", headers: { cookie, "content-type": "application/json" }, body: '{"name":"x"}' })
    ).json();
    const { db } = await import("@/lib/server/db");
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.key);
  });
});

describe("form options", () => {
  it("lists pipelines with their stages in order", async () => {
    const res = await call(pipelines.GET, "/api/crm/pipelines?type=tickets", { headers: bearer(TEST_API_KEY) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.type).toBe("tickets");
    expect(body.results[0].stages.length).toBeGreaterThan(0);
    expect((await call(pipelines.GET, "/api/crm/pipelines?type=contacts", { headers: bearer(TEST_API_KEY) })).status).toBe(400);
  });

  it("gives a property's options, and 404 for unknown ones", async () => {
    const ok = await call(property.GET, "/api/crm/properties/tickets/hs_ticket_category", { headers: bearer(TEST_API_KEY) }, {
      objectType: "tickets",
      propertyName: "hs_ticket_category",
    });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.options.map((o: { value: string }) => o.value)).toContain("BILLING_ISSUE");
    const missing = await call(property.GET, "/api/crm/properties/tickets/no_such_prop", { headers: bearer(TEST_API_KEY) }, {
      objectType: "tickets",
      propertyName: "no_such_prop",
    });
    expect(missing.status).toBe(404);
    const badType = await call(property.GET, "/api/crm/properties/widgets/x", { headers: bearer(TEST_API_KEY) }, {
      objectType: "widgets",
      propertyName: "x",
    });
    expect(badType.status).toBe(404);
  });
});
