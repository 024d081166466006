// The operations rollups against real PostgreSQL: registrations counted by outcome (and synced ones
// by latency) by the trigger, HubSpot answers by class from the client's calls, the overview's series,
// and the fold that keeps the tables small without changing the totals.
import { beforeAll, describe, expect, it } from "vitest";
import { FAST_SYNC_ENV, seedRegistration, startTestApp, type TestApp, useInProcessWorker } from "../helpers/app";
import { waitFor } from "../helpers/wait";

let app: TestApp;
const startWorker = useInProcessWorker();
const ALERTS_OFF = { ALERT_EVALUATE_INTERVAL_MS: "600000" };

beforeAll(async () => {
  app = await startTestApp({ env: { REGISTER_DEADLINE_MS: "3000", ...FAST_SYNC_ENV, ...ALERTS_OFF, HUBSPOT_MAX_RETRIES: "1", SYNC_MAX_ATTEMPTS: "3" } });
});

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const { sqlPool } = await import("@/lib/server/db");
  return (await sqlPool().query(text, params)).rows as T[];
}
const totals = async () =>
  Object.fromEntries((await sql<{ outcome: string; n: number }>("SELECT outcome, sum(count)::int AS n FROM registration_rollup GROUP BY outcome")).map((r) => [r.outcome, r.n]));

describe("operations rollups", () => {
  it("counts registrations by outcome as they happen: synced at once, accepted for later then synced, needs attention", async () => {
    for (const email of ["a@example.com", "b@example.com"]) {
      expect((await app.json("POST", "/api/crm/register", seedRegistration(email))).status).toBe(200);
    }
    expect(await totals()).toEqual({ received: 2, synced_at_once: 2 });

    // HubSpot fails the contact upsert (and its one retry): accepted for later, then the worker syncs it.
    await app.control.fault({ status: 503, count: 2, match: "/contacts/batch/upsert" });
    const later = await app.json("POST", "/api/crm/register", seedRegistration("later@example.com"));
    expect(later.status).toBe(202);
    expect(await totals()).toMatchObject({ received: 3, accepted_for_later: 1 });
    await startWorker();
    await waitFor(async () => (await app.json("GET", `/api/registrations/${later.body.registration_id}`)).body.status === "synced");
    expect(await totals()).toEqual({ received: 3, synced_at_once: 2, accepted_for_later: 1, synced_later: 1 });

    // A 403 stops it for staff.
    await app.control.fault({ status: 403, count: 100, match: "/tickets/batch/create" });
    expect((await app.json("POST", "/api/crm/register", seedRegistration("stuck@example.com"))).status).toBe(202);
    await app.control.clearFaults();
    expect(await totals()).toMatchObject({ received: 4, needs_attention: 1 });

    // Synced ones are bucketed by time from submission to synced.
    const latency = await sql<{ latency_le_ms: number; n: number }>(
      "SELECT latency_le_ms, sum(count)::int AS n FROM registration_rollup WHERE outcome LIKE 'synced%' GROUP BY 1",
    );
    expect(latency.reduce((n, r) => n + r.n, 0)).toBe(3);
    expect(latency.every((r) => r.latency_le_ms > 0)).toBe(true);
  });

  it("the overview charts the last hour from the rollups: outcomes, latency, HubSpot answers, budget, queue", async () => {
    const { flushOpsCounters } = await import("@/lib/server/ops/call-recorder");
    await flushOpsCounters();
    const { getOperationsOverview } = await import("@/lib/server/ops/overview");
    const o = await getOperationsOverview();
    const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((n, r) => n + f(r), 0);
    expect(o.registrations).toHaveLength(60);
    expect(sum(o.registrations, (r) => r.syncedAtOnce)).toBe(2);
    expect(sum(o.registrations, (r) => r.syncedLater)).toBe(1);
    expect(sum(o.registrations, (r) => r.acceptedForLater)).toBe(1);
    expect(sum(o.registrations, (r) => r.needsAttention)).toBe(1);
    expect(o.latency.some((m) => m.p50Ms !== null && m.p95Ms !== null && m.p95Ms >= m.p50Ms)).toBe(true);
    // 503 twice and 403 at least once reached the sandbox, besides the successful calls.
    expect(sum(o.answers, (a) => a.serverError)).toBe(2);
    expect(sum(o.answers, (a) => a.clientError)).toBeGreaterThanOrEqual(1);
    expect(sum(o.answers, (a) => a.ok)).toBeGreaterThan(5);
    expect(sum(o.answers, (a) => a.retries)).toBeGreaterThanOrEqual(1);
    expect(o.budget.windows).toHaveLength(360);
    expect(sum(o.budget.windows, (w) => w.calls)).toBe(sum(o.answers, (a) => a.ok + a.serverError + a.clientError + a.rateLimited + a.network));
    expect(o.budget.max).toBeGreaterThan(0);
    expect(o.queue).toMatchObject({ pending: 0, oldestPendingAgeSeconds: null, needsAttention: 1 });
    expect(o.connection.apiVersion).toBe("2026-09");
  });

  it("folds rows older than two days into one row per key without changing the totals", async () => {
    await sql(
      `INSERT INTO registration_rollup (minute, outcome, latency_le_ms, count) VALUES
         (now() - interval '3 days', 'synced_at_once', 500, 7), (now() - interval '4 days', 'synced_at_once', 500, 5), (now() - interval '5 days', 'failed', 0, 1)`,
    );
    const before = await totals();
    const { foldOldRollups } = await import("@/lib/server/ops/operations-loop");
    await foldOldRollups();
    await foldOldRollups();
    expect(await totals()).toEqual(before);
    const old = await sql<{ minute: string; outcome: string; count: string }>(
      "SELECT minute::text, outcome, count::text FROM registration_rollup WHERE minute < now() - interval '2 days' ORDER BY outcome",
    );
    expect(old).toEqual([
      { minute: "-infinity", outcome: "failed", count: "1" },
      { minute: "-infinity", outcome: "synced_at_once", count: "12" },
    ]);
  });
});
