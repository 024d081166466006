// A bulk import shares the rate budget with live traffic: its rows are background work, fed into the
// batchers only as far as two batches wait, and every live caller's group goes first in the next call.
// So a form submitted in the middle of a 3,000-row import still answers 200 within its deadline.
import { beforeAll, describe, expect, it } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import { seedRegistration, startTestApp, useInProcessWorker, type TestApp } from "../helpers/app";
import { importCsv, importStatus, leadsCsv } from "../helpers/imports";
import { waitFor } from "../helpers/wait";

let app: TestApp;
const startWorker = useInProcessWorker();
beforeAll(async () => {
  app = await startTestApp({
    sandbox: { rateLimit: { max: 0, intervalMs: 10_000 } },
    // 10 calls a second: the import takes about ten seconds; a live registration has three.
    env: { HUBSPOT_RATE_LIMIT_MAX: "10", HUBSPOT_RATE_LIMIT_INTERVAL_MS: "1000", REGISTER_DEADLINE_MS: "3000" },
  });
  await startWorker();
});

describe("an import and live registrations at once", () => {
  it("answers a live registration in time while thousands of import rows wait, and then finishes the import", async () => {
    await app.control.configure({ latencyMs: 100 });
    expect((await app.json("POST", "/api/crm/register", seedRegistration("warm@example.com"))).status).toBe(200);
    const res = await importCsv(app, leadsCsv(3_000, { prefix: "fair" }));
    expect(res.status).toBe(202);
    const id = res.body.import_id;
    await waitFor(async () => (await importStatus(app, id)).synced >= 300, 30_000, 100);

    const live = [];
    for (let i = 0; i < 3; i++) {
      const answer = await app.json("POST", "/api/crm/register", seedRegistration(`live-${i}@example.com`));
      live.push(answer.status);
      await sleep(500);
    }
    const during = await importStatus(app, id);
    expect(during.pending).toBeGreaterThan(0);
    expect(live).toEqual([200, 200, 200]);

    const done = await waitFor(async () => {
      const s = await importStatus(app, id);
      return s.status === "done" && s;
    }, 60_000, 200);
    expect(done).toMatchObject({ synced: 3_000, needs_attention: 0, failed: 0 });
  }, 90_000);
});
