import { beforeAll, describe, expect, it } from "vitest";
import { makeRegistration } from "../helpers/registrations";
import { startTestApp, type TestApp } from "../helpers/app";
import { untilInboxApplied, type Sql } from "../helpers/mirror";
import { callsTo } from "@/lib/tooling/sandbox/control-client";
import { serveWebhookRoute } from "../helpers/webhooks";

/**
 * While registrations keep the portal's budget busy (20 calls per 2 s here), the mirror (webhooks
 * of every object they create, and a catch-up every second) spends at most its share of each
 * window (MIRROR_BUDGET_SHARE 10 %: 2 calls), searches within its per-second limit, and the
 * sandbox never answers 429. Calls are counted by operation in the sandbox's stats.
 */
const BUDGET = { max: 20, intervalMs: 2_000 };
const SHARE = 0.1;
let app: TestApp;
let sql: Sql;

beforeAll(async () => {
  app = await startTestApp({
    sandbox: { rateLimit: BUDGET, searchPerSecond: 5 },
    env: {
      HUBSPOT_RATE_LIMIT_MAX: String(BUDGET.max),
      HUBSPOT_RATE_LIMIT_INTERVAL_MS: String(BUDGET.intervalMs),
      MIRROR_BUDGET_SHARE: String(SHARE),
      MIRROR_SEARCH_PER_SECOND: "4",
      MIRROR_APPLY_INTERVAL_MS: "200",
      MIRROR_CATCHUP_INTERVAL_SECONDS: "1",
      MIRROR_SEARCH_LAG_MS: "0",
      REGISTER_DEADLINE_MS: "60000",
    },
  });
  await app.control.configure({ webhooks: { targetUrl: await serveWebhookRoute(), flushMs: 50 } });
  const { sqlPool } = await import("@/lib/server/db");
  sql = async (text, values) => (await sqlPool().query(text, values)).rows;
});

describe("mirror budget share", () => {
  it("stays within its share of every window while registrations run, and registrations all land", async () => {
    const { startMirrorWorker } = await import("@/lib/server/mirror/worker");
    // Warm up: the app creates its sync-key properties and reads pipelines before the clock starts.
    expect((await app.json("POST", "/api/crm/register", makeRegistration("share-warm", 0))).status).toBe(200);
    const worker = await startMirrorWorker();
    await app.control.resetStats();
    const started = Date.now();
    const sent: Promise<number>[] = [];
    for (let i = 0; i < 160; i++) {
      sent.push(app.json("POST", "/api/crm/register", makeRegistration("share", i)).then((r) => r.status));
      await new Promise((r) => setTimeout(r, 50));
    }
    const statuses = await Promise.all(sent);
    const seconds = (Date.now() - started) / 1000;
    const stats = await app.control.stats();
    await worker.stop();
    expect(statuses.every((s) => s === 200)).toBe(true);

    // The mirror's calls: batch reads of objects and of associations (registrations make none here).
    const mirrorCalls = callsTo(stats, "batch/read");
    const registrationCalls = callsTo(stats, "batch/upsert") + callsTo(stats, "batch/create");
    const searches = callsTo(stats, "/search");
    // The limiter's window is the interval plus a 250 ms guard; the lane holds floor(20 × 10 %) = 2 of it.
    const windows = seconds / ((BUDGET.intervalMs + 250) / 1000);
    const laneMax = Math.floor(BUDGET.max * SHARE);
    console.log(JSON.stringify({ budgetShare: { seconds, registrationCalls, mirrorCalls, searches, windows, share: mirrorCalls / (mirrorCalls + registrationCalls) } }));
    expect(mirrorCalls).toBeGreaterThan(0);
    expect(mirrorCalls).toBeLessThanOrEqual(laneMax * (Math.ceil(windows) + 1));
    expect(searches).toBeLessThanOrEqual(4 * (Math.ceil(seconds) + 1));
    expect(stats.rateLimited).toBe(0);
    // The mirror wanted more than it got: events were still waiting when registrations finished.
    const [{ pending }] = await sql(`SELECT count(*)::int AS pending FROM hubspot_webhook_event WHERE applied_at IS NULL`);
    expect(pending).toBeGreaterThan(0);
    const again = await startMirrorWorker();
    await untilInboxApplied(sql, 120_000);
    await again.stop();
  }, 240_000);
});
