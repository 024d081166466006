// Bad input, property-based (fast-check): random JSON values, mutated registrations (wrong types,
// missing fields, huge strings, unknown keys, bad emails, deep nesting), non-JSON bytes and wrong
// content types sent to POST /api/crm/register. The oracle is the API's own zod schema: input it
// accepts may be registered (200/202); anything else is a 4xx with a JSON body naming the problem,
// never a 5xx, and leaves no trace (no registration row, no HubSpot call).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idempotencyKeySchema, registrationSchema } from "@/lib/schemas/registration";
import { startTestApp, type TestApp } from "../helpers/app";
import { expectRefusal, jsonDepth, send, type RawResponse } from "../helpers/fuzz";

let app: TestApp;
const MAX_BODY_BYTES = 1_000_000; // the API's documented body limit (lib/server/request-body.ts)

beforeAll(async () => {
  app = await startTestApp({
    sandbox: { rateLimit: { max: 0, intervalMs: 10_000 } },
    env: { REGISTER_DEADLINE_MS: "5000", HUBSPOT_RATE_LIMIT_MAX: "10000" },
  });
});

const figures = { cases: 0, accepted: 0, refused: 0, refusedByHubSpotAfterStore: 0, byCode: {} as Record<string, number> };
afterAll(() => {
  console.log(JSON.stringify({ fuzz: "POST /api/crm/register", ...figures }));
});

// ---------- arbitraries ----------

const text = (max: number) => fc.string({ maxLength: max });
const nonBlank = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0);
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const contactArb = fc.record(
  {
    email: fc.oneof(fc.emailAddress(), fc.constantFrom("john.doe@example.com", "A.B+tag@Example.ORG")),
    firstname: opt(text(30)),
    lastname: opt(text(30)),
    phone: opt(fc.stringMatching(/^[0-9+().\- ]{0,20}$/)),
  },
  { requiredKeys: ["email"] },
);
const dealArb = fc.record(
  {
    dealname: nonBlank(40),
    amount: opt(fc.oneof(fc.nat(10_000_000), fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constantFrom("12.50", "100", " 7 "))),
    dealstage: opt(fc.constantFrom("appointmentscheduled", "Qualified To Buy", "closedwon")),
    pipeline: opt(fc.constantFrom("default", "Sales Pipeline", "sales")),
    closedate: opt(fc.constantFrom("2026-01-31", "2026-01-31T10:00:00Z", "2026-01-31T10:00:00+02:00")),
  },
  { requiredKeys: ["dealname"] },
);
const ticketArb = fc.record(
  {
    subject: nonBlank(40),
    description: opt(text(80)),
    category: opt(fc.constantFrom("billing", "product", "feature", "general", "question", "BILLING_ISSUE", "Feature_Request")),
    hs_pipeline: opt(fc.constantFrom("support", "0", "Support Pipeline")),
    hs_ticket_priority: opt(fc.constantFrom("LOW", "MEDIUM", "HIGH", "URGENT", "high")),
    hs_pipeline_stage: opt(fc.constantFrom("1", "2", "New", "Waiting on us")),
  },
  { requiredKeys: ["subject"] },
);
const registrationArb = fc.record({
  contact: contactArb,
  deals: fc.array(dealArb, { maxLength: 2 }),
  tickets: fc.array(ticketArb, { maxLength: 2 }),
});

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.nat(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.nat(), { maxKeys: 2 }),
  fc.string({ maxLength: 10 }),
);
const badEmail = fc.oneof(
  fc.string({ maxLength: 30 }).filter((s) => !s.includes("@")),
  fc.constantFrom("a@", "@b.c", "a b@c.d", "a@b", "a@@b.c", "a@b..c", "<a@b.c>", `${"x".repeat(250)}@example.com`, ""),
);
const deep = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

type Path = (string | number)[];
const PATHS: Path[] = [
  [],
  ["contact"],
  ["contact", "email"],
  ["contact", "firstname"],
  ["contact", "phone"],
  ["deals"],
  ["deals", 0],
  ["deals", 0, "dealname"],
  ["deals", 0, "amount"],
  ["deals", 0, "closedate"],
  ["tickets"],
  ["tickets", 0, "subject"],
  ["tickets", 0, "description"],
  ["tickets", 0, "hs_ticket_priority"],
];
const pathArb = fc.constantFrom(...PATHS);

type Mutation =
  | { kind: "none" }
  | { kind: "delete"; path: Path }
  | { kind: "wrongType"; path: Path; value: unknown }
  | { kind: "huge"; path: Path; length: number }
  | { kind: "unknownKey"; path: Path; key: string; value: unknown }
  | { kind: "badEmail"; value: string }
  | { kind: "deep"; path: Path; depth: number }
  | { kind: "tooMany"; list: "deals" | "tickets" }
  | { kind: "both"; which: "description+content" | "category+hs_ticket_category" }
  | { kind: "badValue"; path: Path; value: unknown };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.constant({ kind: "none" as const }), weight: 3 },
  fc.record({ kind: fc.constant("delete" as const), path: pathArb }),
  fc.record({ kind: fc.constant("wrongType" as const), path: pathArb, value: wrongType }),
  fc.record({ kind: fc.constant("huge" as const), path: pathArb, length: fc.constantFrom(101, 256, 5_000, 70_000, 1_100_000) }),
  fc.record({ kind: fc.constant("unknownKey" as const), path: fc.constantFrom<Path>([], ["contact"], ["deals", 0], ["tickets", 0]), key: fc.string({ minLength: 1, maxLength: 12 }), value: wrongType }),
  fc.record({ kind: fc.constant("badEmail" as const), value: badEmail }),
  fc.record({ kind: fc.constant("deep" as const), path: pathArb, depth: fc.integer({ min: 2, max: 120 }) }),
  fc.record({ kind: fc.constant("tooMany" as const), list: fc.constantFrom("deals" as const, "tickets" as const) }),
  fc.record({ kind: fc.constant("both" as const), which: fc.constantFrom("description+content" as const, "category+hs_ticket_category" as const) }),
  fc.record({
    kind: fc.constant("badValue" as const),
    path: fc.constantFrom<Path>(["deals", 0, "amount"], ["deals", 0, "closedate"], ["contact", "phone"], ["tickets", 0, "hs_ticket_priority"], ["deals", 0, "dealname"], ["tickets", 0, "subject"]),
    value: fc.constantFrom(-1, "12,5", "1e3", "abc", "2026-13-45", "tomorrow", "   ", "", "VERY_HIGH", "+1 (555) 123-4567 ext. 9", "a\u0000b"),
  }),
);

/** Set (or delete, with `undefined`) the value at `path`, creating containers on the way. */
function setAt(root: any, path: Path, value: unknown): any {
  if (path.length === 0) return value;
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (node[k] === null || typeof node[k] !== "object") node[k] = typeof path[i + 1] === "number" ? [] : {};
    node = node[k];
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
  return root;
}

function mutate(base: unknown, m: Mutation): unknown {
  const v = structuredClone(base) as any;
  switch (m.kind) {
    case "none":
      return v;
    case "delete":
      return m.path.length === 0 ? {} : setAt(v, m.path, undefined);
    case "wrongType":
      return setAt(v, m.path, m.value);
    case "huge":
      return setAt(v, m.path, "x".repeat(m.length));
    case "unknownKey":
      return setAt(v, [...m.path, m.key], m.value);
    case "badEmail":
      return setAt(v, ["contact", "email"], m.value);
    case "deep":
      return setAt(v, m.path, deep(m.depth, "leaf"));
    case "tooMany":
      return setAt(v, [m.list], Array.from({ length: 101 }, (_, i) => (m.list === "deals" ? { dealname: `d${i}` } : { subject: `t${i}` })));
    case "both":
      return setAt(v, ["tickets", 0], m.which === "description+content" ? { subject: "s", description: "a", content: "b" } : { subject: "s", category: "billing", hs_ticket_category: "BILLING_ISSUE" });
    case "badValue":
      return setAt(v, m.path, m.value);
  }
}

const JSON_TYPES = ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.api+json", "application/merge-patch+json"];
const OTHER_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/json", "application/jsonp", "", null];

// ---------- lone surrogates and duplicate keys (JSON.parse lets both through) ----------

const TEXT_PATHS: Path[] = [
  ["contact", "email"], ["contact", "firstname"], ["contact", "lastname"], ["contact", "phone"],
  ["deals", 0, "dealname"], ["deals", 0, "dealstage"], ["deals", 0, "closedate"],
  ["tickets", 0, "subject"], ["tickets", 0, "description"], ["tickets", 0, "hs_ticket_priority"],
];
const OBJECT_PATHS: Path[] = [[], ["contact"], ["deals", 0], ["tickets", 0]];
const loneArb = fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u));
const injectionArb = fc.oneof(
  fc.record({ kind: fc.constant("surrogate" as const), path: fc.constantFrom(...TEXT_PATHS), lone: loneArb, at: fc.nat(6) }),
  fc.record({ kind: fc.constant("surrogateKey" as const), object: fc.constantFrom(...OBJECT_PATHS), key: fc.string({ maxLength: 6 }), lone: loneArb }),
  fc.record({
    kind: fc.constant("duplicate" as const),
    object: fc.constantFrom(...OBJECT_PATHS),
    key: fc.constantFrom("email", "contact", "deals", "dealname", "amount", "subject", "firstname", "x", ""),
    value: wrongType,
    escaped: fc.boolean(),
  }),
);
type Injection = typeof injectionArb extends fc.Arbitrary<infer T> ? T : never;

const fieldOf = (path: Path) =>
  path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${p === "" ? '""' : p}` : p === "" ? '""' : p), "") || "(body)";
const shownKey = (k: string) => k.replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
const getAt = (root: any, path: Path) => path.reduce((node, k) => node?.[k], root);
const ensureObject = (root: any, path: Path) => (getAt(root, path) && typeof getAt(root, path) === "object" && !Array.isArray(getAt(root, path)) ? root : setAt(root, path, {}));

/** JSON text of `value` with `key` written twice (`extra` the second time) in the object at `target`. */
function stringifyWithDuplicate(value: unknown, target: Path, key: string, extra: unknown, escaped: boolean, at: Path = []): string {
  if (Array.isArray(value)) return `[${value.map((v, i) => stringifyWithDuplicate(v, target, key, extra, escaped, [...at, i])).join(",")}]`;
  if (!value || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${stringifyWithDuplicate(v, target, key, extra, escaped, [...at, k])}`);
  if (JSON.stringify(at) === JSON.stringify(target)) {
    // Escaping the key's first character still names the same key.
    const written = escaped && key ? `"\\u${key.charCodeAt(0).toString(16).padStart(4, "0")}${JSON.stringify(key).slice(2)}` : JSON.stringify(key);
    if (!(key in value)) entries.push(`${JSON.stringify(key)}:"first"`);
    entries.push(`${written}:${JSON.stringify(extra) ?? "null"}`);
  }
  return `{${entries.join(",")}}`;
}

function inject(base: unknown, i: Injection): { body: string; field: string } {
  const v = structuredClone(base) as any;
  if (i.kind === "surrogate") {
    const current = getAt(v, i.path);
    const s = typeof current === "string" ? current : "x";
    setAt(v, i.path, s.slice(0, i.at) + i.lone + s.slice(i.at));
    return { body: JSON.stringify(v), field: fieldOf(i.path) };
  }
  ensureObject(v, i.object);
  if (i.kind === "surrogateKey") {
    const key = i.key + i.lone;
    setAt(v, [...i.object, key], 1);
    return { body: JSON.stringify(v), field: fieldOf([...i.object, shownKey(key)]) };
  }
  return { body: stringifyWithDuplicate(v, i.object, i.key, i.value, i.escaped), field: fieldOf([...i.object, i.key]) };
}

// ---------- the oracle ----------

type Expectation =
  | { kind: "valid" }
  | { kind: "badIdempotencyKey" }
  | { kind: "refused"; codes: string[] };

const utf8 = new TextEncoder();
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
const LONE_SURROGATE = /\p{Surrogate}/u;
function hasLoneSurrogate(v: unknown): boolean {
  if (typeof v === "string") return LONE_SURROGATE.test(v);
  if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => LONE_SURROGATE.test(k) || hasLoneSurrogate(x));
  return false;
}

function classify(body: Uint8Array, contentType: string | null, idempotencyKey: string | undefined): Expectation {
  if (contentType === null || !JSON_TYPES.includes(contentType)) return { kind: "refused", codes: ["UNSUPPORTED_MEDIA_TYPE"] };
  if (body.byteLength > MAX_BODY_BYTES) return { kind: "refused", codes: ["PAYLOAD_TOO_LARGE"] };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return { kind: "refused", codes: ["INVALID_JSON"] };
  }
  // JSON, but not UTF-8 (the lossy decoding above made U+FFFD of it), or with a lone surrogate.
  if (!isUtf8(body)) return { kind: "refused", codes: ["VALIDATION_ERROR", "INVALID_JSON"] };
  if (hasLoneSurrogate(value)) return { kind: "refused", codes: jsonDepth(value) > 8 ? ["VALIDATION_ERROR", "INVALID_JSON"] : ["VALIDATION_ERROR"] };
  if (!registrationSchema.safeParse(value).success) {
    // Nesting beyond what any registration has may be refused as such before the schema sees it.
    return { kind: "refused", codes: jsonDepth(value) > 8 ? ["VALIDATION_ERROR", "INVALID_JSON"] : ["VALIDATION_ERROR"] };
  }
  if (idempotencyKey !== undefined && !idempotencyKeySchema.safeParse(idempotencyKey).success) return { kind: "badIdempotencyKey" };
  return { kind: "valid" };
}

async function state() {
  const { db } = await import("@/lib/server/db");
  const [rows, stats] = await Promise.all([db.registration.count(), app.control.stats()]);
  return { rows, hubspotCalls: stats.calls };
}

let keyCounter = 0;
async function sendAndCheck(body: Uint8Array | string, contentType: string | null, opts: { idempotencyKey?: string; label?: unknown } = {}) {
  const bytes = typeof body === "string" ? utf8.encode(body) : body;
  const expected = classify(bytes, contentType, opts.idempotencyKey);
  const before = await state();
  const res: RawResponse = await send({
    path: "/api/crm/register",
    body: bytes,
    contentType,
    headers: opts.idempotencyKey === undefined ? {} : { "idempotency-key": opts.idempotencyKey },
  });
  const after = await state();
  const context = { label: opts.label ?? (typeof body === "string" ? body.slice(0, 200) : `${bytes.byteLength} bytes`), contentType, expected };
  figures.cases++;
  expect(res.status, JSON.stringify(context).slice(0, 400)).toBeLessThan(500);

  if (expected.kind === "valid" && (res.status === 200 || res.status === 202)) {
    figures.accepted++;
    expect(res.json).toMatchObject({ success: true });
    expect(after.rows).toBe(before.rows + 1);
    return;
  }
  figures.refused++;
  const error = expectRefusal(res, context);
  figures.byCode[error.code] = (figures.byCode[error.code] ?? 0) + 1;
  if (expected.kind === "refused") {
    expect(expected.codes, JSON.stringify({ context, error })).toContain(error.code);
  } else if (expected.kind === "badIdempotencyKey") {
    expect(new Set(error.details?.map((d) => d.field))).toEqual(new Set(["Idempotency-Key"]));
  } else {
    // Valid for the schema but refused for the portal (an unknown pipeline or stage, or an option
    // HubSpot does not have): a validation error that names the field.
    expect(error.code, JSON.stringify({ context, error })).toBe("VALIDATION_ERROR");
    if (after.rows === before.rows + 1) {
      // Stored, then refused by HubSpot: the registration is failed with the reason, never left pending.
      figures.refusedByHubSpotAfterStore++;
      // Only an option the portal does not have (HubSpot's to decide) may get this far: a value the
      // schema accepts must reach HubSpot in a form HubSpot accepts (e.g. an amount of 3.5e-8 must not
      // be sent as "3.5e-8", refused after the contact was written).
      expect(error.details?.map((d) => d.message).join("; "), JSON.stringify(context).slice(0, 600)).toMatch(/allowed options|INVALID_OPTION/);
      const { db } = await import("@/lib/server/db");
      const newest = await db.registration.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
      expect(newest.status).toBe("failed");
      expect(newest.lastError).toMatch(/.+/);
      return;
    }
  }
  // Refused: nothing stored, and HubSpot was not even called.
  expect(after.rows, JSON.stringify(context).slice(0, 400)).toBe(before.rows);
  if (expected.kind !== "valid") expect(after.hubspotCalls, JSON.stringify(context).slice(0, 400)).toBe(before.hubspotCalls);
}

// ---------- properties ----------

describe("POST /api/crm/register with bad input (fast-check)", () => {
  it("mutated registrations: accepted only when the schema accepts them, else a named 4xx with nothing stored", async () => {
    const keyArb = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 6 },
      fc.constant("valid"),
      fc.constantFrom("", "has space", "ümlaut", "x".repeat(256), "tab\there"),
    );
    await fc.assert(
      fc.asyncProperty(registrationArb, mutationArb, keyArb, async (base, mutation, key) => {
        const payload = mutate(base, mutation);
        const idempotencyKey = key === "valid" ? `fuzz-key-${++keyCounter}` : key;
        await sendAndCheck(JSON.stringify(payload), "application/json", { idempotencyKey, label: { mutation: { ...mutation, value: undefined }, payload: JSON.stringify(payload).slice(0, 200) } });
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it("random JSON values of every shape are refused with a named 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.object({ maxDepth: 3 })), async (value) => {
        await sendAndCheck(JSON.stringify(value) ?? "null", "application/json");
      }),
      { numRuns: 250 },
    );
  }, 120_000);

  it("a lone surrogate or a key given twice, anywhere in a registration: 400 naming that path, nothing stored", async () => {
    await fc.assert(
      fc.asyncProperty(registrationArb, injectionArb, async (base, injection) => {
        const { body, field } = inject(base, injection);
        const before = await state();
        const res = await send({ path: "/api/crm/register", body });
        const context = { injection, body: body.slice(0, 300) };
        const error = expectRefusal(res, context);
        figures.cases++;
        figures.refused++;
        figures.byCode[error.code] = (figures.byCode[error.code] ?? 0) + 1;
        expect(error.code, JSON.stringify(context)).toBe("VALIDATION_ERROR");
        expect(error.details, JSON.stringify(context)).toEqual([{ field, message: expect.stringMatching(injection.kind === "duplicate" ? /more than once/ : /surrogate/) }]);
        const after = await state();
        expect(after, JSON.stringify(context)).toEqual(before);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it("non-JSON bytes, truncated JSON and wrong content types are refused with a named 4xx", async () => {
    const validBody = JSON.stringify({ contact: { email: "ct@example.com" } });
    const bodyArb = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => b as Uint8Array | string),
      fc.string({ maxLength: 200, unit: "binary" }),
      fc.nat(validBody.length - 1).map((n) => validBody.slice(0, n)),
      fc.constantFrom(`${validBody}garbage`, `\uFEFF${validBody}`, "{'contact': {}}", "{\"contact\": {\"email\": \"a@b.c\",}}", "NaN", "undefined", "[1,2,", "\u0000", "   "),
    );
    const typeArb = fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES);
    await fc.assert(
      fc.asyncProperty(bodyArb, typeArb, async (body, contentType) => {
        await sendAndCheck(body, contentType);
      }),
      { numRuns: 250 },
    );
    // A valid registration with a wrong content type is refused too, naming the content type.
    for (const contentType of OTHER_TYPES) await sendAndCheck(validBody, contentType);
  }, 120_000);

  it("examples the fuzzing found: exponent amounts reach HubSpot as plain decimals; an empty unknown key is named", async () => {
    const res = await send({
      path: "/api/crm/register",
      body: JSON.stringify({ contact: { email: "amounts@example.com" }, deals: [{ dealname: "tiny amount", amount: 3.5e-8 }, { dealname: "huge amount", amount: 1e21 }] }),
    });
    expect(res.status, res.text).toBe(200);
    const deals = (await app.control.objects("deals")).filter((d) => d.properties.dealname?.endsWith(" amount"));
    expect(Object.fromEntries(deals.map((d) => [d.properties.dealname, d.properties.amount]))).toEqual({
      "tiny amount": "0.000000035",
      "huge amount": "1000000000000000000000",
    });
    const emptyKey = await send({ path: "/api/crm/register", body: JSON.stringify({ contact: { email: "k@example.com", "": 1 } }) });
    expect(expectRefusal(emptyKey, "empty key").details).toEqual([{ field: 'contact.""', message: "unknown field" }]);
  });

  it("refuses a 50 MB streamed body and deeply nested JSON without exhausting memory", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const fiftyMegabytes = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= 50 * 1024 * 1024) return controller.close();
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
    // Streamed without a length: refused once the limit is passed, the rest never read.
    const streamed = await send({ path: "/api/crm/register", body: fiftyMegabytes() });
    expect(streamed.status).toBe(413);
    expect(expectRefusal(streamed, "50 MB stream").code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThan(4 * 1024 * 1024);
    const streamedBytesRead = pulled;
    // Announced by Content-Length: refused before reading anything.
    pulled = 0;
    const announced = await send({ path: "/api/crm/register", body: fiftyMegabytes(), headers: { "content-length": String(50 * 1024 * 1024) } });
    expect(announced.status).toBe(413);
    expect(pulled).toBeLessThan(4 * 1024 * 1024);

    // 400 000 levels of nesting (800 KB, under the size limit): refused without a stack overflow.
    const nested = `${"[".repeat(400_000)}${"]".repeat(400_000)}`;
    const deepArrays = await send({ path: "/api/crm/register", body: nested });
    expect(expectRefusal(deepArrays, "deep arrays").code).toBe("INVALID_JSON");
    const deepObjects = await send({ path: "/api/crm/register", body: `${'{"a":'.repeat(150_000)}1${"}".repeat(150_000)}` });
    expect(expectRefusal(deepObjects, "deep objects").code).toBe("INVALID_JSON");
    // Brackets inside a string are not nesting: that one reaches the schema, which names the field.
    const inString = await send({ path: "/api/crm/register", body: JSON.stringify({ contact: { email: "[".repeat(100_000) } }) });
    expect(expectRefusal(inString, "brackets in a string").details?.[0].field).toBe("contact.email");

    const grown = process.memoryUsage().heapUsed - heapBefore;
    console.log(JSON.stringify({ fuzz: "oversized and nested bodies", streamedBytesReadOf50MB: streamedBytesRead, announcedBytesReadOf50MB: pulled, heapGrowthMB: Math.round(grown / 1e5) / 10 }));
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    const { db } = await import("@/lib/server/db");
    expect(await db.registration.count({ where: { payload: { path: ["contact", "email"], string_starts_with: "[[[" } } })).toBe(0);
  }, 60_000);
});
