import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "@/lib/tooling/sandbox/server";
import { call } from "../helpers/sandbox";

/** The sandbox playing HubSpot's webhooks: signed v3, batched, retried, for staff's changes. */
let sandbox: Sandbox;
let target: http.Server;
let targetUrl: string;
let received: { headers: http.IncomingHttpHeaders; body: string; events: any[] }[] = [];
let failNext = 0;

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() };
};
const flush = async () => (await control("POST", "/webhooks/flush")).body;
const events = () => received.flatMap((r) => r.events);

beforeAll(async () => {
  target = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body, events: JSON.parse(body) });
      res.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/api/hubspot/webhooks?portal=a%3Ab`;
  sandbox = await startSandbox({ webhooks: { targetUrl, flushMs: 20, retryBaseMs: 20 } });
});
afterAll(async () => {
  await sandbox.close();
  await new Promise((resolve) => target.close(resolve));
});
beforeEach(async () => {
  await control("POST", "/reset");
  await control("POST", "/config", { webhooks: { targetUrl, dropRate: 0, format: "legacy", signatureUri: "as-sent" } });
  received = [];
  failNext = 0;
});

const createContact = async (email: string, extra: Record<string, string> = {}) =>
  (await control("POST", "/objects/contacts", { properties: { email, firstname: "Ada", ...extra } })).body;

describe("sandbox webhooks", () => {
  it("signs each request as HubSpot's v3 over method, target URI, body and timestamp", async () => {
    await createContact("ada@example.com");
    await flush();
    const [{ headers, body }] = received;
    const ts = String(headers["x-hubspot-request-timestamp"]);
    const expected = createHmac("sha256", "sandbox-client-secret").update(`POST${targetUrl}${body}${ts}`).digest("base64");
    expect(headers["x-hubspot-signature-v3"]).toBe(expected);
    expect(Math.abs(Date.now() - Number(ts))).toBeLessThan(5_000);
    // The other reading of HubSpot's URI rule: its listed characters decoded before signing. The
    // first contact's events may still be arriving: check the request that carries bob's.
    await control("POST", "/config", { webhooks: { signatureUri: "decoded" } });
    const bob = await createContact("bob@example.com");
    await flush();
    const second = received.find((r) => r.events.some((e: { objectId?: unknown }) => String(e.objectId) === String(bob.id)))!;
    expect(second).toBeDefined();
    const decodedUri = targetUrl.replace("%3A", ":");
    const ts2 = String(second.headers["x-hubspot-request-timestamp"]);
    expect(second.headers["x-hubspot-signature-v3"]).toBe(createHmac("sha256", "sandbox-client-secret").update(`POST${decodedUri}${second.body}${ts2}`).digest("base64"));
  });

  it("sends creations, one change per changed property, and deletions, as staff made them", async () => {
    const contact = await createContact("grace@example.com");
    await control("PATCH", `/objects/contacts/${contact.id}`, { properties: { firstname: "Grace", lastname: "Hopper" } });
    await control("DELETE", `/objects/contacts/${contact.id}`);
    await flush();
    const got = events().map((e) => [e.subscriptionType, e.propertyName ?? null, e.objectId]);
    expect(got).toEqual([
      ["contact.creation", null, Number(contact.id)],
      ["contact.propertyChange", "firstname", Number(contact.id)],
      ["contact.propertyChange", "lastname", Number(contact.id)],
      ["contact.deletion", null, Number(contact.id)],
    ]);
    expect(events().every((e) => e.changeSource === "CRM_UI" && e.portalId === 12345678 && typeof e.occurredAt === "number")).toBe(true);
    expect(new Set(events().map((e) => e.eventId)).size).toBe(4);
  });

  it("merges as HubSpot does: survivor keeps its id and gains the merged one's associations and id trail", async () => {
    const a = await createContact("a@example.com");
    const b = await createContact("b@example.com", { phone: "555" });
    const deal = (await control("POST", "/objects/deals", {
      properties: { dealname: "Deal of b", dealstage: "appointmentscheduled" },
      associations: [{ to: { id: b.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 3 }] }],
    })).body;
    received = [];
    const survivor = (await control("POST", "/objects/contacts/merge", { primaryObjectId: a.id, objectIdToMerge: b.id })).body;
    expect(survivor).toMatchObject({ id: a.id, properties: { email: "a@example.com", phone: "555", hs_merged_object_ids: b.id } });
    await flush();
    expect(events().find((e) => e.subscriptionType === "contact.merge")).toMatchObject({
      objectId: Number(a.id),
      primaryObjectId: Number(a.id),
      mergedObjectIds: [Number(b.id)],
      newObjectId: Number(a.id),
    });
    // Reads of the merged id answer with the survivor; the deal is now the survivor's.
    expect((await call(sandbox.url, "GET", `/crm/v3/objects/contacts/${b.id}`)).body.id).toBe(a.id);
    const assoc = await call(sandbox.url, "GET", `/crm/v4/objects/deals/${deal.id}/associations/contacts`);
    expect(assoc.body.results.map((r: { toObjectId: number }) => String(r.toObjectId))).toEqual([a.id]);
  });

  it("merges into a new record id when configured so (HubSpot's newObjectId)", async () => {
    await control("POST", "/config", { mergeCreatesNewId: true });
    const a = await createContact("p@example.com");
    const b = await createContact("q@example.com");
    const survivor = (await control("POST", "/objects/contacts/merge", { primaryObjectId: a.id, objectIdToMerge: b.id })).body;
    await control("POST", "/config", { mergeCreatesNewId: false });
    expect(survivor.id).not.toBe(a.id);
    expect(survivor.properties.email).toBe("p@example.com");
    await flush();
    expect(events().find((e) => e.subscriptionType === "contact.merge")).toMatchObject({ primaryObjectId: Number(a.id), newObjectId: Number(survivor.id) });
    const upsert = await call(sandbox.url, "POST", "/crm/v3/objects/contacts/batch/upsert", { inputs: [{ id: "p@example.com", idProperty: "email", properties: {} }] });
    expect(upsert.body.results[0]).toMatchObject({ id: survivor.id, new: false });
  });

  it("sends a privacy deletion, after which the contact cannot be read, searched or listed", async () => {
    const c = await createContact("gdpr@example.com");
    await control("POST", `/objects/contacts/${c.id}/privacy-delete`);
    await flush();
    expect(events().map((e) => e.subscriptionType)).toContain("contact.privacyDeletion");
    expect((await call(sandbox.url, "GET", `/crm/v3/objects/contacts/${c.id}`)).status).toBe(404);
    const archived = await call(sandbox.url, "GET", `/crm/v3/objects/contacts?archived=true`);
    expect(archived.body.results.map((o: { id: string }) => o.id)).not.toContain(c.id);
  });

  it("batches up to 100 events per request and retries a failing target with backoff", async () => {
    failNext = 2;
    await control("POST", "/objects/contacts", { properties: { email: "bulk{i}@example.com" }, count: 250 });
    const stats = await flush();
    expect(received.map((r) => r.events.length).sort((x, y) => y - x)).toEqual([100, 100, 50]);
    expect(stats).toMatchObject({ emitted: 250, delivered: 250, failedAttempts: 2, givenUp: 0 });
    expect(Math.max(...events().map((e) => e.attemptNumber))).toBeGreaterThanOrEqual(1);
  });

  it("drops the configured share of events unsent, and speaks the generic object.* form when asked", async () => {
    await control("POST", "/config", { webhooks: { dropRate: 1 } });
    await createContact("dropped@example.com");
    expect(await flush()).toMatchObject({ emitted: 1, dropped: 1, delivered: 0 });
    await control("POST", "/config", { webhooks: { dropRate: 0, format: "generic" } });
    await control("POST", "/objects/deals", { properties: { dealname: "Generic", dealstage: "appointmentscheduled" } });
    await flush();
    expect(events()).toMatchObject([{ subscriptionType: "object.creation", objectTypeId: "0-3" }]);
  });

  it("lets search lag writes by the configured index lag; reads by id never lag", async () => {
    await control("POST", "/config", { searchIndexLagMs: 300 });
    const c = await createContact("lag@example.com");
    const search = () => call(sandbox.url, "POST", "/crm/v3/objects/contacts/search", { filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: "lag@example.com" }] }], properties: ["firstname"] });
    expect((await search()).body.total).toBe(0);
    expect((await call(sandbox.url, "GET", `/crm/v3/objects/contacts/${c.id}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 350));
    expect((await search()).body.results[0].properties.firstname).toBe("Ada");
    await control("PATCH", `/objects/contacts/${c.id}`, { properties: { firstname: "Later" } });
    expect((await search()).body.results[0].properties.firstname).toBe("Ada");
    await new Promise((r) => setTimeout(r, 350));
    expect((await search()).body.results[0].properties.firstname).toBe("Later");
    await control("POST", "/config", { searchIndexLagMs: 0 });
  });
});
