// Fault: the sync worker (`npm run worker`, a real child process) is killed with SIGKILL in the
// middle of a batch and a new one is started. Nothing is lost and nothing is written twice.
import { describe, expect, it } from "vitest";
import { useFaultTest } from "../helpers/fault-test";
import { startWorkerProcess, type ChildHandle } from "../helpers/processes";
import { countByStatus, histogram, loadRegistrationRows, makeRegistration, makeRegistrations, mapLimit } from "../helpers/registrations";
import { waitFor } from "../helpers/wait";

const WORKER_ENV = { WORKER_CONCURRENCY: "4" };
const fault = useFaultTest({
  worker: "child processes",
  env: { REGISTER_DEADLINE_MS: "0", HUBSPOT_MAX_RETRIES: "1", HUBSPOT_RATE_LIMIT_MAX: "10000" },
});

describe("fault: the worker is killed with SIGKILL mid-batch and restarted", () => {
  it("ends with every registration in HubSpot exactly once", async () => {
    const { app } = fault;
    const tag = "fkill";
    const warm = await fault.begin(tag);

    // HubSpot is down while the registrations arrive: each is stored and answered 202, and its
    // first attempt (made by the request, in this test process) fails. The backlog is the worker's.
    await app.control.fault({ outageSeconds: 600, status: 503, match: "/crm/" });
    const submitted = makeRegistrations(tag, 40);
    const answers = await mapLimit(submitted, 10, fault.register);
    expect(histogram(answers.map((a) => a.status))).toEqual({ 202: submitted.length });
    await waitFor(async () => {
      const rows = await loadRegistrationRows();
      return rows.filter((r) => r.status === "pending" && r.attempts >= 1).length === submitted.length;
    });

    // HubSpot comes back, slow: each call takes 400 ms, so the worker is always mid-batch.
    await app.control.clearFaults();
    await app.control.configure({ latencyMs: 400 });
    await app.control.resetStats();
    const first: ChildHandle = startWorkerProcess(WORKER_ENV, "worker-1");
    const { db } = await import("@/lib/server/db");
    let heldAtKill = 0;
    try {
      // Kill it once it has synced a few and holds others (their lease is its claim): mid-batch.
      await waitFor(async () => {
        const synced = (await countByStatus()).synced ?? 0;
        heldAtKill = await db.registration.count({ where: { status: "pending", lockedUntil: { gt: new Date() } } });
        return synced >= 6 && heldAtKill > 0;
      }, 30_000, 20);
    } catch (e) {
      throw new Error(`${(e as Error).message}\nworker-1 output:\n${first.output()}`);
    }
    await first.kill9();
    const atKill = await countByStatus();
    const callsAtKill = (await app.control.stats()).calls;
    // Killed with work left: registrations still pending, some of them held by the dead worker
    // (its pg-boss jobs stay "active"; a new worker must not wait minutes for pg-boss to expire them).
    expect(atKill.pending ?? 0).toBeGreaterThan(0);
    expect(first.isRunning()).toBe(false);

    await app.control.configure({ latencyMs: 50 });
    const second = startWorkerProcess(WORKER_ENV, "worker-2");
    try {
      await fault.waitUntilSynced(submitted.length + 1, 200);
    } catch (e) {
      const jobs = await db.$queryRawUnsafe(
        `SELECT j.singleton_key, j.state, j.started_on, j.start_after, r.status, r.locked_until, r.next_attempt_at
         FROM pgboss.job j JOIN registration r ON r.id::text = j.singleton_key
         WHERE j.state < 'completed' ORDER BY 1, 2`,
      );
      throw new Error(`${(e as Error).message}: ${JSON.stringify(await countByStatus())}\n${JSON.stringify(jobs, null, 1)}\nworker-2 output:\n${second.output()}`);
    }
    await second.stop();

    await fault.expectEachOnceInHubSpot([warm, ...submitted], "worker-sigkill", {
      answers: histogram(answers.map((a) => a.status)),
      atKill: { synced: (atKill.synced ?? 1) - 1, pending: atKill.pending ?? 0, heldByKilledWorker: heldAtKill },
      hubspotCallsBeforeKill: callsAtKill,
      hubspotCalls: (await app.control.stats()).calls,
    });
  }, 90_000);

  it("a job a dead worker left active for a registration it had already synced does not stall the queue", async () => {
    const { app } = fault;
    // The state a worker leaves when killed after syncing a registration but before pg-boss marked
    // its job completed (jobs of a batch complete together), with the same registration queued again.
    const { db } = await import("@/lib/server/db");
    const { getBoss, enqueueSync, SYNC_QUEUE } = await import("@/lib/server/queue");
    const synced = await db.registration.findFirstOrThrow({ where: { status: "synced" } });
    const boss = await getBoss();
    await boss.send(SYNC_QUEUE, { registrationId: synced.id }, { singletonKey: synced.id });
    // Whatever is queued now is taken by the "dead" worker (and never completed).
    const taken = await boss.fetch<{ registrationId: string }>(SYNC_QUEUE, { batchSize: 100 });
    expect(taken.map((j) => j.data.registrationId)).toContain(synced.id);
    await enqueueSync(synced.id);

    // A new registration, accepted while HubSpot is down, queued behind it.
    await app.control.configure({ latencyMs: 0 });
    await app.control.fault({ outageSeconds: 600, status: 503, match: "/crm/" });
    const late = makeRegistration("fkill-late", 0);
    const res = await app.json("POST", "/api/crm/register", late);
    expect(res.status).toBe(202);
    // Its own first attempt (made by the request) has failed: only a worker can finish it now.
    await waitFor(async () => {
      const s = (await app.json("GET", res.body.status_url)).body;
      return s.status === "pending" && s.attempts >= 1;
    });
    await app.control.clearFaults();

    const worker = startWorkerProcess(WORKER_ENV, "worker-3");
    try {
      await waitFor(async () => (await app.json("GET", res.body.status_url)).body.status === "synced", 30_000, 200);
    } catch (e) {
      throw new Error(`${(e as Error).message}: the queue is stalled behind the dead worker's job\n${worker.output()}`);
    }
    await worker.stop();
    const deals = (await app.control.objects("deals")).filter((d) => d.properties.dealname?.startsWith("fkill-late"));
    expect(deals).toHaveLength(late.deals.length);
  }, 60_000);
});
