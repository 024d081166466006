// Bad input, property-based (fast-check): random and malformed query strings for the GET endpoints
// and random registration ids in the path. The oracle is each endpoint's zod schema: a query it
// accepts is answered 200; anything else is a 400 naming the parameter, never a 5xx, never a write.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crmObjectsQuerySchema } from "@/lib/schemas/crm-objects";
import { localCursorQuerySchema, localObjectsQuerySchema } from "@/lib/schemas/local-objects";
import { registrationIdParamsSchema, registrationsQuerySchema } from "@/lib/schemas/registration-query";
import type { z } from "zod";
import { seedRegistration, startTestApp, type TestApp } from "../helpers/app";
import { expectRefusal, send } from "../helpers/fuzz";

let app: TestApp;
const existingIds: string[] = [];
const figures = { cases: 0, ok: 0, refused: 0, byEndpoint: {} as Record<string, number> };

beforeAll(async () => {
  app = await startTestApp({
    sandbox: { rateLimit: { max: 0, intervalMs: 10_000 } },
    env: { REGISTER_DEADLINE_MS: "5000", HUBSPOT_RATE_LIMIT_MAX: "10000" },
  });
  // A few stored registrations (and local object references) for the endpoints to page through.
  for (const email of ["q1@example.com", "q2@example.com", "q3@example.com"]) {
    const res = await app.json("POST", "/api/crm/register", seedRegistration(email));
    expect(res.status).toBe(200);
  }
  const { db } = await import("@/lib/server/db");
  existingIds.push(...(await db.registration.findMany({ select: { id: true } })).map((r) => r.id));
});
afterAll(() => {
  console.log(JSON.stringify({ fuzz: "GET query strings and ids", ...figures }));
});

const ENDPOINTS: Record<string, { schema: z.ZodType; keys: string[] }> = {
  "/api/crm/objects": { schema: crmObjectsQuerySchema, keys: ["type", "limit", "after"] },
  "/api/objects/local": { schema: localObjectsQuerySchema, keys: ["page", "limit", "type"] },
  "/api/objects/local-cursor": { schema: localCursorQuerySchema, keys: ["limit", "after", "type"] },
  "/api/registrations": { schema: registrationsQuerySchema, keys: ["limit", "status", "before"] },
};
const ALL_KEYS = [...new Set(Object.values(ENDPOINTS).flatMap((e) => e.keys))];

const valueArb = fc.oneof(
  fc.constantFrom("1", "2", "20", "100", "0", "-1", "101", "1.5", "1e2", "0x10", " 5", "", "abc", "null", "true"),
  fc.constantFrom("contacts", "deals", "tickets", "Contacts", "companies", "pending", "synced", "failed", "PENDING"),
  fc.constantFrom("6f1c0a3e-9a53-4c43-8a59-1f0a4c9b1e2d", "not-a-uuid", "123", "999999999999999999", "9999999999999999999", "MTA%3D", "a/b", "%00"),
  fc.string({ maxLength: 20 }),
  fc.string({ maxLength: 20, unit: "binary" }),
  fc.nat().map(String),
  fc.integer().map(String),
  fc.constant("x".repeat(10_000)),
);
const keyArb = (endpoint: string) =>
  fc.oneof({ arbitrary: fc.constantFrom(...ENDPOINTS[endpoint].keys), weight: 4 }, fc.constantFrom(...ALL_KEYS), fc.string({ maxLength: 8 }));

const pairsArb = (endpoint: string) => fc.array(fc.tuple(keyArb(endpoint), valueArb), { maxLength: 4 });

/** What the route does with a query string (repeated keys become arrays), checked by the schema. */
function oracle(schema: z.ZodType, query: string) {
  const params = new URL(`http://x/?${query}`).searchParams;
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
  }
  return schema.safeParse(raw);
}

async function rowCount() {
  const { db } = await import("@/lib/server/db");
  return db.registration.count();
}

async function checkQuery(endpoint: string, query: string) {
  const expected = oracle(ENDPOINTS[endpoint].schema, query);
  const res = await send({ path: `${endpoint}?${query}` });
  const context = { endpoint, query: query.slice(0, 200), schemaAccepts: expected.success };
  figures.cases++;
  figures.byEndpoint[endpoint] = (figures.byEndpoint[endpoint] ?? 0) + 1;
  expect(res.status, JSON.stringify(context)).toBeLessThan(500);
  if (expected.success && res.status === 200) {
    figures.ok++;
    expect(res.json, JSON.stringify(context)).toBeTypeOf("object");
    expect(res.json.success, JSON.stringify(context)).not.toBe(false);
    return;
  }
  figures.refused++;
  const error = expectRefusal(res, context);
  expect(error.code).toBe("VALIDATION_ERROR");
  if (expected.success) {
    // Only HubSpot can tell a well-formed cursor it never issued: that one is named too.
    expect(endpoint).toBe("/api/crm/objects");
    expect(error.details?.map((d) => d.field)).toEqual(["after"]);
  } else {
    // Every parameter the schema refuses is named (an unknown one by its own name).
    const named = new Set(error.details!.map((d) => d.field));
    for (const issue of expected.error.issues) {
      const field = issue.code === "unrecognized_keys" ? issue.keys[0] : String(issue.path[0] ?? "");
      expect([...named].some((n) => n === field || n === '""' || n.startsWith(`${field}`)), JSON.stringify({ context, named: [...named], field })).toBe(true);
    }
  }
}

describe("GET endpoints with random query strings (fast-check)", () => {
  for (const endpoint of Object.keys(ENDPOINTS)) {
    it(`${endpoint}: 200 only for a query its schema accepts, else a 400 naming the parameter`, async () => {
      const before = await rowCount();
      await fc.assert(
        fc.asyncProperty(pairsArb(endpoint), async (pairs) => {
          await checkQuery(endpoint, new URLSearchParams(pairs).toString());
        }),
        { numRuns: 110 },
      );
      // Raw, badly encoded query strings too.
      for (const raw of ["limit=%", "limit=%ZZ", "type=%E0%A4%A", "=&=&", "&&&", "limit", "limit==5", "type=contacts&type=deals", "%00=%00"]) {
        await checkQuery(endpoint, raw);
      }
      expect(await rowCount()).toBe(before);
    }, 60_000);
  }

  it("/api/registrations/{id}: a stored id is found; any other id is a 404 (malformed ones name the id)", async () => {
    const before = await rowCount();
    const idArb = fc.oneof(
      fc.constantFrom(...existingIds),
      fc.uuid(),
      fc.string({ maxLength: 40 }),
      fc.string({ maxLength: 40, unit: "binary" }),
      fc.constantFrom("", "%2e%2e", "null", existingIds[0].toUpperCase(), `${existingIds[0]} `, `{${existingIds[0]}}`, "x".repeat(5000)),
    );
    // "." and ".." are path segments the URL itself resolves before any server sees them.
    await fc.assert(
      fc.asyncProperty(idArb.filter((id) => id !== "." && id !== ".."), async (id) => {
        const res = await send({ path: `/api/registrations/${encodeURIComponent(id)}` });
        figures.cases++;
        figures.byEndpoint["/api/registrations/{id}"] = (figures.byEndpoint["/api/registrations/{id}"] ?? 0) + 1;
        const context = { id: id.slice(0, 100) };
        expect(res.status, JSON.stringify(context)).toBeLessThan(500);
        const wellFormed = registrationIdParamsSchema.safeParse({ registrationId: id }).success;
        if (wellFormed && existingIds.includes(id.toLowerCase())) {
          figures.ok++;
          expect(res.status, res.text).toBe(200);
          expect(res.json.registration_id).toBe(id.toLowerCase());
          return;
        }
        figures.refused++;
        const error = expectRefusal(res, context);
        expect(res.status).toBe(404);
        expect(error.code).toBe("NOT_FOUND");
        if (!wellFormed) expect(error.details?.[0]?.field).toBe("registrationId");
      }),
      { numRuns: 150 },
    );
    expect(await rowCount()).toBe(before);
  }, 60_000);
});
