// Fault: HubSpot goes down in the middle of a bulk import, some answers are lost on the way back,
// and the worker (a real child process, where the import feeder runs) is killed with SIGKILL while
// it holds rows. A new worker finishes the import: every row is in HubSpot exactly once. Uploading
// the same file again then creates nothing: no registration, no HubSpot write.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { importCsv, importStatus, leadRegistrations, registrationsCsv } from "../helpers/imports";
import { startWorkerProcess, stopAllChildren } from "../helpers/processes";
import { expectHubSpotHoldsExactly } from "../helpers/registrations";
import { waitFor } from "../helpers/wait";

let app: TestApp;
const ROWS = 1_200;
// 5 calls a second, so the import lasts long enough to fail in the middle of it.
const WORKER_ENV = { WORKER_CONCURRENCY: "4", HUBSPOT_RATE_LIMIT_MAX: "10", HUBSPOT_RATE_LIMIT_INTERVAL_MS: "2000" };

beforeAll(async () => {
  app = await startTestApp({
    sandbox: { rateLimit: { max: 0, intervalMs: 10_000 } },
    env: { SYNC_SWEEP_INTERVAL_MS: "300", SYNC_LEASE_SECONDS: "2", SYNC_MAX_BACKOFF_SECONDS: "1", HUBSPOT_MAX_RETRIES: "1" },
  });
});
afterAll(async () => {
  await stopAllChildren();
});

async function heldRows() {
  const { db } = await import("@/lib/server/db");
  return db.registration.count({ where: { status: "pending", importId: { not: null }, lockedUntil: { gt: new Date() } } });
}

describe("fault: an outage and a worker kill in the middle of an import", () => {
  it("syncs every row exactly once, and the same file uploaded again creates nothing", async () => {
    const rows = leadRegistrations("fimp", ROWS);
    const csv = registrationsCsv(rows);
    await app.control.configure({ latencyMs: 150 });
    let worker = startWorkerProcess(WORKER_ENV, "worker-1");
    const res = await importCsv(app, csv);
    expect(res.status).toBe(202);
    const id = res.body.import_id;

    await waitFor(async () => (await importStatus(app, id)).synced >= 200, 60_000, 100);
    await app.control.fault({ outageSeconds: 2, status: 503, match: "/crm/" });
    // Answers lost after HubSpot wrote: the rows' attempts cannot tell whether their objects exist.
    await app.control.fault({ count: 3, afterResponse: true, match: "/batch/" });
    await waitFor(async () => (await importStatus(app, id)).synced >= 500 && (await heldRows()) > 0, 60_000, 50);
    const atKill = await importStatus(app, id);
    await worker.kill9();
    expect(atKill.pending).toBeGreaterThan(0);

    worker = startWorkerProcess(WORKER_ENV, "worker-2");
    let done;
    try {
      done = await waitFor(async () => {
        const s = await importStatus(app, id);
        return s.status === "done" && s;
      }, 120_000, 200);
    } catch (e) {
      throw new Error(`${(e as Error).message}: ${JSON.stringify(await importStatus(app, id))}\n${worker.output()}`);
    }
    expect(done).toMatchObject({ synced: ROWS, pending: 0, needs_attention: 0, failed: 0 });
    const stats = await app.control.stats();
    await expectHubSpotHoldsExactly(app.control, rows, "import-outage-kill", { syncedAtKill: atKill.synced, dropped: stats.dropped, status: stats.status });

    const { db } = await import("@/lib/server/db");
    const registrations = await db.registration.count();
    await app.control.resetStats();
    const again = await importCsv(app, csv);
    expect(again.status).toBe(202);
    expect(await importStatus(app, again.body.import_id)).toMatchObject({ status: "done", synced: ROWS, pending: 0 });
    expect(await db.registration.count()).toBe(registrations);
    const writes = Object.entries((await app.control.stats()).byRoute).filter(([route]) => /POST/.test(route));
    expect(writes).toEqual([]);
    await expectHubSpotHoldsExactly(app.control, rows, "import-reupload");
  }, 240_000);
});
