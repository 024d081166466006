// Several processes on one database: two app processes (tests/helpers/app-server.ts, the real route
// handlers) and one worker (`npm run worker`), OAuth mode. At token expiry, 100 concurrent calls
// spread over both app processes cause exactly one refresh at HubSpot and no failed request; with
// refresh-token rotation every process keeps working (nobody uses a refresh token another rotated).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_API_KEY, type TestApp } from "../helpers/app";
import { connectSandboxPortal } from "../helpers/oauth";
import { startAppServer, startWorkerProcess, stopAllChildren, type AppServerHandle, type ChildHandle } from "../helpers/processes";
import {
  countByStatus,
  expectHubSpotHoldsExactly,
  expectRowsMatchHubSpot,
  histogram,
  loadRegistrationRows,
  makeRegistrations,
  mapLimit,
} from "../helpers/registrations";
import { waitFor } from "../helpers/wait";

const SHORT_TTL_SECONDS = 4;

let app: TestApp;
let apps: AppServerHandle[] = [];
let worker: ChildHandle;

beforeAll(async () => {
  app = await startTestApp({
    sandbox: { tokenTtlSeconds: SHORT_TTL_SECONDS, rateLimit: { max: 0, intervalMs: 10_000 } },
    env: {
      HUBSPOT_CLIENT_ID: "sandbox-client-id",
      HUBSPOT_CLIENT_SECRET: "sandbox-client-secret",
      // Refresh one second before expiry: with a 4-second token the margin must be small.
      HUBSPOT_TOKEN_REFRESH_MARGIN_SECONDS: "1",
      REGISTER_DEADLINE_MS: "3000",
      SYNC_SWEEP_INTERVAL_MS: "300",
      SYNC_LEASE_SECONDS: "2",
      SYNC_MAX_BACKOFF_SECONDS: "1",
      HUBSPOT_RATE_LIMIT_MAX: "10000",
    },
  });
  process.env.HUBSPOT_REFRESH_TOKEN = (await connectSandboxPortal(app.sandbox.url)).refresh_token;
  worker = startWorkerProcess({}, "worker");
  apps = await Promise.all([startAppServer({}, "app-a"), startAppServer({}, "app-b")]);
});
afterAll(async () => {
  await stopAllChildren();
});

type Answer = { status: number; body: any; via: string };

async function call(target: AppServerHandle, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, body: await res.json(), via: target.name };
}

/** `n` calls at once, alternating between the two app processes. */
const burst = (n: number, path = "/api/crm/objects?type=contacts&limit=1") =>
  Promise.all(Array.from({ length: n }, (_, i) => call(apps[i % 2], "GET", path)));

async function connectionRow() {
  const { db } = await import("@/lib/server/db");
  return db.hubSpotConnection.findUniqueOrThrow({ where: { id: "default" }, select: { status: true, refreshCount: true, statusReason: true } });
}

const failures = (answers: Answer[]) => answers.filter((a) => a.status !== 200).map((a) => `${a.via}: ${a.status} ${JSON.stringify(a.body)}`);

describe("two app processes and a worker on one database (OAuth)", () => {
  it("at token expiry, 100 concurrent calls over both processes make exactly one refresh and none fails", async () => {
    // Both processes hold the short-lived token (one fetched it, the other read it from the database).
    expect(failures(await burst(4))).toEqual([]);
    const issuedBy = Date.now();
    // The next token lasts; the one they hold now runs out in a few seconds.
    await app.control.configure({ tokenTtlSeconds: 1800 });
    await waitFor(async () => Date.now() > issuedBy + SHORT_TTL_SECONDS * 1000 + 200, 30_000, 100);
    await app.control.resetStats();

    const answers = await burst(100);
    const stats = await app.control.stats();
    console.log(
      JSON.stringify({
        processes: "2 app + 1 worker",
        concurrentCalls: answers.length,
        answers: histogram(answers.map((a) => a.status)),
        perProcess: histogram(answers.map((a) => a.via)),
        refreshesAtHubSpot: stats.tokenRequests.refresh_token,
        hubspot401: stats.status["401"] ?? 0,
      }),
    );
    expect(failures(answers)).toEqual([]);
    expect(histogram(answers.map((a) => a.via))).toEqual({ "app-a": 50, "app-b": 50 });
    expect(stats.tokenRequests.refresh_token).toBe(1);
    expect((await connectionRow()).status).toBe("active");
  });

  it("an expired token seen by both processes at once (401 at HubSpot) is refreshed once", async () => {
    expect(failures(await burst(4))).toEqual([]);
    await app.control.expireTokens();
    await app.control.resetStats();
    const answers = await burst(40);
    const stats = await app.control.stats();
    expect(failures(answers)).toEqual([]);
    expect(stats.status["401"] ?? 0).toBeGreaterThan(0);
    expect(stats.tokenRequests.refresh_token).toBe(1);
  });

  it("refresh-token rotation keeps every process working: no invalid_grant, the worker syncs", async () => {
    await app.control.configure({ rotateRefreshTokens: true });
    const before = (await connectionRow()).refreshCount;
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      await app.control.expireTokens();
      await app.control.resetStats();
      // Alternate which process meets the expired token first.
      const first = await call(apps[round % 2], "GET", "/api/crm/objects?type=deals&limit=1");
      const rest = await burst(20, "/api/crm/objects?type=tickets&limit=1");
      expect(failures([first, ...rest])).toEqual([]);
      expect((await app.control.stats()).tokenRequests.refresh_token).toBe(1);
    }
    const row = await connectionRow();
    expect(row).toMatchObject({ status: "active", statusReason: null });
    expect(row.refreshCount - before).toBe(rounds);

    // Registrations through both app processes, HubSpot unreachable for them, so the worker (which
    // has not refreshed since the rotations) syncs them with the connection's current tokens.
    await app.control.fault({ outageSeconds: 600, status: 503, match: "/crm/v3/objects" });
    const submitted = makeRegistrations("procs", 12);
    const answers = await mapLimit(submitted, 6, (body, i) => call(apps[i % 2], "POST", "/api/crm/register", body));
    expect(histogram(answers.map((a) => a.status))).toEqual({ 202: submitted.length });
    await app.control.expireTokens();
    await app.control.clearFaults();
    try {
      await waitFor(async () => (await countByStatus()).synced === submitted.length, 60_000, 200);
    } catch (e) {
      throw new Error(`${(e as Error).message}: ${JSON.stringify(await countByStatus())}\n${worker.output()}`);
    }
    expect((await connectionRow()).status).toBe("active");
    await expectRowsMatchHubSpot(app.control, await loadRegistrationRows(), submitted);
    await expectHubSpotHoldsExactly(app.control, submitted, "several-processes-rotation", {
      answers: histogram(answers.map((a) => a.status)),
      rotations: (await connectionRow()).refreshCount - before,
    });
  });
});
