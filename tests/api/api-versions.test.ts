import pino from "pino";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { HubSpotApiVersion } from "@/lib/runtime/hubspot-api-version";
import { startTestApp, type TestApp } from "../helpers/app";
import { connectSandboxPortal } from "../helpers/oauth";

let app: TestApp;
const CLIENT = { clientId: "sandbox-client-id", clientSecret: "sandbox-client-secret" };

beforeAll(async () => {
  app = await startTestApp();
});

beforeEach(async () => {
  const { db } = await import("@/lib/server/db");
  await db.hubSpotConnection.deleteMany();
  await app.control.resetStats();
});

/** A client pinned to `version`, on OAuth tokens refreshed through that version's token path, logging into `lines`. */
async function pinnedClient(version: HubSpotApiVersion, lines: string[]) {
  const { db } = await import("@/lib/server/db");
  const { HubSpotClient } = await import("@/lib/server/hubspot/client");
  const { OAuthTokenProvider } = await import("@/lib/server/hubspot/token-provider");
  const { hubSpotPaths } = await import("@/lib/server/hubspot/paths");
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
  const { refresh_token } = await connectSandboxPortal(app.sandbox.url);
  const tokens = new OAuthTokenProvider({
    db, log, baseUrl: app.sandbox.url, ...CLIENT, timeoutMs: 3000, marginSeconds: 60,
    bootstrapRefreshToken: refresh_token, tokenPath: hubSpotPaths(version).oauthToken(),
  });
  return new HubSpotClient({ baseUrl: app.sandbox.url, tokens, apiVersion: version, retry: { maxRetries: 0, baseMs: 5, maxMs: 5 }, timeoutMs: 3000, log });
}

const anySchema = (await import("zod")).z.any();

/** Every logical call the app makes (and the association, search and OAuth ones it can make), through one pinned client. */
async function runContract(version: HubSpotApiVersion) {
  const lines: string[] = [];
  const client = await pinnedClient(version, lines);
  const crm = await import("@/lib/server/hubspot/crm");
  const { introspectAccessToken } = await import("@/lib/server/hubspot/oauth-introspect");
  const p = client.paths;
  const email = `contract-${version}@example.com`;

  const upsert = await crm.batchUpsert(client, "contacts", "email", [{ id: email, properties: { email, firstname: "Ada" } }]);
  const contactId = upsert.data.results[0].id;
  const inline = [{ to: { id: contactId }, types: [{ associationCategory: "HUBSPOT_DEFINED" as const, associationTypeId: crm.ASSOCIATION_TYPE.dealToContact }] }];
  const created = await crm.batchCreate(client, "deals", [{ properties: { dealname: `Deal ${version}`, dealstage: "appointmentscheduled" }, associations: inline, objectWriteTraceId: "t1" }]);
  const dealId = created.data.results[0].id;
  const read = await crm.batchRead(client, "contacts", [email], "email", ["firstname"]);
  expect(read.data.results[0].properties.firstname).toBe("Ada");
  expect((await crm.listObjects(client, "deals", { limit: 10, properties: ["dealname"] })).data.results.map((r) => r.id)).toContain(dealId);
  expect((await crm.listPipelines(client, "deals")).data.results[0].id).toBe("default");
  const propName = `contract_${version.replace("-", "_")}`;
  await crm.createProperty(client, "deals", { name: propName, label: "Contract", groupName: "dealinformation", type: "string", fieldType: "text" });
  expect((await crm.getProperty(client, "deals", propName)).data.name).toBe(propName);
  const one = await client.request({ method: "GET", path: p.object("deals", dealId), query: { associations: "contacts" }, schema: anySchema });
  expect(one.data.associations.contacts.results[0].id).toBe(contactId);

  const search = await client.request({
    method: "POST", path: p.search("contacts"), schema: anySchema, isIdempotent: true,
    body: { filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }], properties: ["email"], limit: 1 },
  });
  expect(search.data.total).toBe(1);

  const ticket = await client.request({ method: "POST", path: p.objects("tickets"), schema: anySchema, body: { properties: { subject: "T", hs_pipeline_stage: "1" }, associations: [] } });
  await client.request({ method: "PUT", path: p.associateDefault("tickets", ticket.data.id, "contacts", contactId), schema: anySchema });
  const labelled = await client.request({
    method: "PUT", path: p.associationPair("deals", dealId, "tickets", ticket.data.id), schema: anySchema,
    body: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 27 }],
  });
  const ofTicket = await client.request({ method: "GET", path: p.associationsOf("tickets", ticket.data.id, "contacts"), schema: anySchema });
  const batchRead = await client.request({ method: "POST", path: p.associationBatch("deals", "contacts", "read"), schema: anySchema, isIdempotent: true, body: { inputs: [{ id: dealId }] } });
  const labels = await client.request({ method: "GET", path: p.associationLabels("deals", "contacts"), schema: anySchema });
  expect(labels.data.results.map((l: { typeId: number }) => l.typeId)).toContain(3);

  const token = await client.opts.tokens.getToken();
  const info = await introspectAccessToken({ baseUrl: app.sandbox.url, path: p.oauthIntrospect(), ...CLIENT, timeoutMs: 3000 }, token);
  expect(info.hub_id).toBe(12345678);

  const stats = await app.control.stats();
  const paths = lines.map((l) => JSON.parse(l).hubspot?.path).filter(Boolean) as string[];
  return {
    ids: [ofTicket.data.results[0].toObjectId, batchRead.data.results[0].to[0].toObjectId, labelled.data.toObjectId],
    contactId, ticketId: ticket.data.id, stats, paths,
  };
}

describe("one pinned HubSpot API version decides every path", () => {
  it("2026-09 (the default): only dated paths, association ids as strings", async () => {
    const r = await runContract("2026-09");
    expect(Object.keys(r.stats.byVersion)).toEqual(["2026-09"]);
    expect(r.paths.length).toBeGreaterThan(10);
    expect(r.paths.every((path) => /^\/crm\/(objects|associations|properties|pipelines)\/2026-09\//.test(path))).toBe(true);
    expect(r.ids).toEqual([r.contactId, r.contactId, r.ticketId]);
  });

  it("2026-03: the same contract on 2026-03 paths", async () => {
    const r = await runContract("2026-03");
    expect(Object.keys(r.stats.byVersion)).toEqual(["2026-03"]);
    expect(r.paths.every((path) => path.includes("/2026-03/"))).toBe(true);
    expect(r.ids).toEqual([r.contactId, r.contactId, r.ticketId]);
  });

  it("legacy: the v3/v4 paths of before, integer association ids", async () => {
    const r = await runContract("legacy");
    expect(Object.keys(r.stats.byVersion)).toEqual(["legacy"]);
    expect(r.paths.every((path) => /^\/crm\/v[34]\//.test(path))).toBe(true);
    expect(r.paths).toContain("/crm/v4/associations/deals/contacts/labels");
    expect(r.ids).toEqual([Number(r.contactId), Number(r.contactId), Number(r.ticketId)]);
  });

  it("the token endpoint each version names refreshes the token (dated pins use /oauth/2026-03)", async () => {
    const { hubSpotPaths } = await import("@/lib/server/hubspot/paths");
    expect(hubSpotPaths("2026-09").oauthToken()).toBe("/oauth/2026-03/token");
    expect(hubSpotPaths("legacy").oauthToken()).toBe("/oauth/v3/token");
    await app.control.resetStats();
    const client = await pinnedClient("2026-09", []);
    await client.opts.tokens.getToken();
    expect((await app.control.stats()).tokenRequests.refresh_token).toBeGreaterThanOrEqual(1);
  });
});
