import pino from "pino";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { startTestApp, type TestApp } from "../helpers/app";
import { connectSandboxPortal } from "../helpers/oauth";

let app: TestApp;
let refreshToken: string;
const silent = pino({ level: "silent" });

beforeAll(async () => {
  app = await startTestApp({ sandbox: { tokenTtlSeconds: 1800 } });
  refreshToken = (await connectSandboxPortal(app.sandbox.url)).refresh_token;
});

async function makeClient(opts: { marginSeconds?: number; maxRetries?: number; log?: pino.Logger } = {}) {
  const { db } = await import("@/lib/server/db");
  const { HubSpotClient } = await import("@/lib/server/hubspot/client");
  const { OAuthTokenProvider } = await import("@/lib/server/hubspot/token-provider");
  const tokens = new OAuthTokenProvider({
    db,
    log: silent,
    baseUrl: app.sandbox.url,
    clientId: "sandbox-client-id",
    clientSecret: "sandbox-client-secret",
    timeoutMs: 3000,
    marginSeconds: opts.marginSeconds ?? 60,
    bootstrapRefreshToken: refreshToken,
  });
  return new HubSpotClient({
    baseUrl: app.sandbox.url,
    tokens,
    retry: { maxRetries: opts.maxRetries ?? 3, baseMs: 5, maxMs: 50 },
    timeoutMs: 3000,
    log: opts.log ?? silent,
  });
}

const listContacts = async (client: Awaited<ReturnType<typeof makeClient>>) => {
  const { listObjects } = await import("@/lib/server/hubspot/crm");
  return listObjects(client, "contacts", { limit: 1, properties: ["email"] });
};

beforeEach(async () => {
  await app.control.clearFaults();
  await app.control.configure({ tokenTtlSeconds: 1800 });
  const { db } = await import("@/lib/server/db");
  await db.hubSpotConnection.deleteMany();
  refreshToken = (await connectSandboxPortal(app.sandbox.url)).refresh_token;
  await app.control.resetStats();
});

describe("HubSpot client retries", () => {
  it("retries a 429 and then succeeds, with exactly one extra call", async () => {
    const client = await makeClient();
    await listContacts(client); // token obtained
    await app.control.resetStats();
    await app.control.fault({ status: 429, count: 1, match: "GET /crm/v3/objects/contacts" });
    const res = await listContacts(client);
    expect(res.status).toBe(200);
    const stats = await app.control.stats();
    expect(stats.calls).toBe(2);
    expect(stats.status["429"]).toBe(1);
  });

  it("bounds 5xx retries at HUBSPOT_MAX_RETRIES and then fails with a typed error", async () => {
    const client = await makeClient({ maxRetries: 2 });
    await listContacts(client);
    await app.control.resetStats();
    await app.control.fault({ status: 502, count: 100, match: "GET /crm/v3/objects/contacts" });
    const { HubSpotUnavailableError } = await import("@/lib/server/hubspot/errors");
    const err = await listContacts(client).catch((e) => e);
    expect(err).toBeInstanceOf(HubSpotUnavailableError);
    expect(err.status).toBe(502);
    expect((await app.control.stats()).calls).toBe(3);
  });

  it("never retries a DAILY 429", async () => {
    const client = await makeClient();
    await listContacts(client);
    await app.control.resetStats();
    await app.control.fault({ status: 429, count: 5, policyName: "DAILY", match: "GET /crm/v3/objects/contacts" });
    const err = await listContacts(client).catch((e) => e);
    expect(err.isDaily).toBe(true);
    expect((await app.control.stats()).calls).toBe(1);
  });

  it("honours Retry-After", async () => {
    const client = await makeClient();
    await listContacts(client);
    await app.control.fault({ status: 503, count: 1, retryAfterSeconds: 1, match: "GET /crm/v3/objects/contacts" });
    const started = Date.now();
    await listContacts(client);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("keeps HubSpot's correlationId and category on errors", async () => {
    const client = await makeClient();
    const { batchCreate } = await import("@/lib/server/hubspot/crm");
    const err = await batchCreate(client, "deals", [{ properties: { dealname: "x", nonsense: "1" }, associations: [], objectWriteTraceId: "t1" }])
      .then((r) => r.data.errors[0])
      .catch((e) => e);
    expect(err.category).toBe("VALIDATION_ERROR");
  });
});

describe("HubSpot call logging", () => {
  it("logs one JSON line per attempt with its number, status and HubSpot's correlationId, never the token", async () => {
    const { Writable } = await import("node:stream");
    const { loggerOptions } = await import("@/lib/runtime/logger-options");
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const client = await makeClient({ log: pino(loggerOptions("info", "test"), sink) });
    await listContacts(client);
    lines.length = 0;
    await app.control.fault({ status: 429, count: 1, match: "GET /crm/v3/objects/contacts" });
    await listContacts(client);
    const calls = lines.map((l) => JSON.parse(l)).filter((l) => l.hubspot?.path);
    expect(calls.map((c) => [c.hubspot.attempt, c.hubspot.status])).toEqual([[1, 429], [2, 200]]);
    expect(calls[0].hubspot.correlationId).toMatch(/[0-9a-f-]{36}/);
    const { db } = await import("@/lib/server/db");
    const row = await db.hubSpotConnection.findUniqueOrThrow({ where: { id: "default" } });
    const { openSecret } = await import("@/lib/server/secret-box");
    expect(lines.join("")).not.toContain(openSecret(row.accessToken!));
    expect(lines.join("")).not.toContain(refreshToken);
  });
});

describe("OAuth tokens", () => {
  it("refreshes proactively before the call that would use an expiring token", async () => {
    await app.control.configure({ tokenTtlSeconds: 3 });
    const client = await makeClient({ marginSeconds: 2 });
    await listContacts(client);
    await sleep(1300); // now within the margin, still valid at HubSpot
    await listContacts(client);
    const stats = await app.control.stats();
    expect(stats.tokenRequests.refresh_token).toBe(2);
    expect(stats.status["401"] ?? 0).toBe(0);
  });

  it("20 concurrent calls with an expired token cause exactly one refresh", async () => {
    const client = await makeClient();
    await listContacts(client);
    const { db } = await import("@/lib/server/db");
    await db.hubSpotConnection.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const fresh = await makeClient(); // a new process: its cache is empty, the stored token is expired
    await app.control.resetStats();
    const results = await Promise.all(Array.from({ length: 20 }, () => listContacts(fresh)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await app.control.stats()).tokenRequests.refresh_token).toBe(1);
  });

  it("a token HubSpot expired early: 20 concurrent 401s force one refresh and one retry each", async () => {
    const client = await makeClient();
    await listContacts(client);
    await app.control.expireTokens();
    await app.control.resetStats();
    const results = await Promise.all(Array.from({ length: 20 }, () => listContacts(client)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stats = await app.control.stats();
    expect(stats.tokenRequests.refresh_token).toBe(1);
    expect(stats.status["401"]).toBe(20);
    expect(stats.calls).toBe(40);
  });

  it("two processes sharing the database refresh once between them", async () => {
    const a = await makeClient();
    const b = await makeClient();
    const results = await Promise.all([...Array.from({ length: 10 }, () => listContacts(a)), ...Array.from({ length: 10 }, () => listContacts(b))]);
    expect(results).toHaveLength(20);
    expect((await app.control.stats()).tokenRequests.refresh_token).toBe(1);
  });

  it("a revoked refresh token marks the connection as needing reconnect", async () => {
    const client = await makeClient();
    await listContacts(client);
    await app.control.revokeTokens();
    const { HubSpotReconnectRequiredError } = await import("@/lib/server/hubspot/errors");
    expect(await listContacts(client).catch((e) => e)).toBeInstanceOf(HubSpotReconnectRequiredError);
    const { getConnectionStatus } = await import("@/lib/server/hubspot/connection-store");
    expect((await getConnectionStatus()).state).toBe("needs_reconnect");
    const refreshes = (await app.control.stats()).tokenRequests.refresh_token;
    await listContacts(client).catch(() => undefined);
    expect((await app.control.stats()).tokenRequests.refresh_token).toBe(refreshes); // no hammering
  });

  it("stores tokens encrypted, never in plain text", async () => {
    const client = await makeClient();
    await listContacts(client);
    const { db } = await import("@/lib/server/db");
    const row = await db.hubSpotConnection.findUniqueOrThrow({ where: { id: "default" } });
    expect(row.refreshToken).not.toContain(refreshToken);
    expect(row.refreshToken?.startsWith("v2.")).toBe(true);
    expect(row.accessToken?.startsWith("v2.")).toBe(true);
  });
});
