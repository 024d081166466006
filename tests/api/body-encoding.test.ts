// Bodies JSON.parse lets through but the API must refuse, each as a 400 naming the field: a lone
// UTF-16 surrogate (PostgreSQL's jsonb refuses it: it was a 500), bytes that are not UTF-8 (they
// were stored as U+FFFD) and a key given twice in one object (the last one silently won).
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookie, TEST_AUTH_SECRET } from "../helpers/session";
import { startTestApp, type TestApp } from "../helpers/app";
import { expectRefusal, send } from "../helpers/fuzz";

let app: TestApp;
let apiKeys: { POST: (req: Request) => Promise<Response> };
beforeAll(async () => {
  app = await startTestApp({ env: { AUTH_SECRET: TEST_AUTH_SECRET } });
  apiKeys = (await import("@/app/api/api-keys/route")) as never;
});

const rows = async () => (await import("@/lib/server/db")).db.registration.count();
const utf8 = (s: string) => new TextEncoder().encode(s);
/** `before` + the raw bytes + `after`, as one body. */
const withBytes = (before: string, bytes: number[], after: string): Uint8Array<ArrayBuffer> => new Uint8Array([...utf8(before), ...bytes, ...utf8(after)]);

/** A 400 VALIDATION_ERROR whose only detail names `field`, and nothing stored or sent to HubSpot. */
async function expectNamed(body: string | Uint8Array, field: string, message: RegExp) {
  const [before, calls] = [await rows(), (await app.control.stats()).calls];
  const res = await send({ path: "/api/crm/register", body });
  const error = expectRefusal(res, { field });
  expect(res.status).toBe(400);
  expect(error.code, res.text).toBe("VALIDATION_ERROR");
  expect(error.details).toEqual([{ field, message: expect.stringMatching(message) }]);
  expect(await rows()).toBe(before);
  expect((await app.control.stats()).calls).toBe(calls);
}

describe("lone UTF-16 surrogates", () => {
  it.each([
    ["contact.firstname", '{"contact":{"email":"s@example.com","firstname":"a\\ud800b"}}'],
    ["contact.lastname", '{"contact":{"email":"s@example.com","lastname":"\\udfff"}}'],
    ["deals[1].dealname", '{"contact":{"email":"s@example.com"},"deals":[{"dealname":"ok"},{"dealname":"x\\uD83D"}]}'],
    ["tickets[0].description", '{"contact":{"email":"s@example.com"},"tickets":[{"subject":"s","description":"\\ude00\\ud83d"}]}'],
    ["contact.a\\ud800", '{"contact":{"email":"s@example.com","a\\ud800":1}}'],
  ])("in %s: 400 naming it", async (field, body) => {
    await expectNamed(body, field, /surrogate/);
  });

  it("a surrogate pair (an emoji, escaped or not) is stored and sent intact", async () => {
    const res = await send({ path: "/api/crm/register", body: '{"contact":{"email":"emoji@example.com","firstname":"Jo\\ud83d\\ude00","lastname":"😀 \\\\ud800"}}' });
    expect(res.status, res.text).toBe(200);
    const contact = (await app.control.objects("contacts")).find((c) => c.properties.email === "emoji@example.com");
    expect(contact?.properties).toMatchObject({ firstname: "Jo😀", lastname: "😀 \\ud800" });
  });
});

describe("bytes that are not UTF-8", () => {
  it.each([
    ["contact.firstname", withBytes('{"contact":{"email":"u@example.com","firstname":"Jo', [0xff], 'hn"}}')],
    ["deals[0].dealname", withBytes('{"contact":{"email":"u@example.com"},"deals":[{"dealname":"', [0xc3, 0x28], '"}]}')],
    // A UTF-8-encoded surrogate (CESU-8) is not UTF-8 either.
    ["tickets[0].subject", withBytes('{"contact":{"email":"u@example.com"},"tickets":[{"subject":"', [0xed, 0xa0, 0x80], '"}]}')],
    ["contact", withBytes('{"contact":{"email":"u@example.com","', [0xfe], '":1}}')],
  ])("in %s: 400 naming it, never stored as U+FFFD", async (field, body) => {
    await expectNamed(body, field, /not valid UTF-8/);
  });

  it("bytes that are neither UTF-8 nor JSON are not JSON", async () => {
    const res = await send({ path: "/api/crm/register", body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
    expect(expectRefusal(res, "garbage").code).toBe("INVALID_JSON");
  });

  it("a real U+FFFD sent as UTF-8 is accepted", async () => {
    const res = await send({ path: "/api/crm/register", body: '{"contact":{"email":"fffd@example.com","firstname":"a\uFFFDb"}}' });
    expect(res.status, res.text).toBe(200);
  });
});

describe("duplicate keys", () => {
  it.each([
    ["contact.email", '{"contact":{"email":"first@example.com","email":"second@example.com"}}'],
    ["contact.email", '{"contact":{"email":"first@example.com","\\u0065mail":"second@example.com"}}'],
    ["contact", '{"contact":{"email":"first@example.com"},"contact":{"email":"second@example.com"}}'],
    ["deals[1].amount", '{"contact":{"email":"d@example.com"},"deals":[{"dealname":"a","amount":1},{"dealname":"b","amount":1,"amount":2}]}'],
    ["tickets[0].subject", '{"contact":{"email":"d@example.com"},"tickets":[{"subject":"a \\" \\\\","subject":"b"}]}'],
  ])("%s twice: 400 naming it", async (field, body) => {
    await expectNamed(body, field, /more than once/);
  });

  it("the same key in different objects is fine", async () => {
    const res = await send({ path: "/api/crm/register", body: '{"contact":{"email":"same@example.com"},"deals":[{"dealname":"a"},{"dealname":"b"}]}' });
    expect(res.status, res.text).toBe(200);
  });
});

describe("POST /api/api-keys reads its body the same way", () => {
  const post = async (body: string | Uint8Array<ArrayBuffer>) => {
    const headers = { cookie: await sessionCookie(), "content-type": "application/json" };
    const res = await apiKeys.POST(new Request("http://localhost:5001/api/api-keys", { method: "POST", headers, body }));
    return { status: res.status, body: await res.json() };
  };

  it.each([
    ["a lone surrogate", '{"name":"key \\ud800"}', /surrogate/],
    ["a duplicate key", '{"name":"a","name":"b"}', /more than once/],
    ["bytes that are not UTF-8", withBytes('{"name":"key ', [0x80], '"}'), /not valid UTF-8/],
  ])("%s in name: 400 naming it, no key created", async (_, body, message) => {
    const { db } = await import("@/lib/server/db");
    const before = await db.apiKey.count();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "name", message: expect.stringMatching(message) }] });
    expect(await db.apiKey.count()).toBe(before);
  });
});
