import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { staffApi, type Sql } from "../helpers/mirror";
import { waitFor } from "../helpers/wait";

/**
 * When the worker's catch-up runs, with no webhooks at all: on start (what changed while the app
 * was down) and when asked, as a staff sign-in that connects a portal asks (requestCatchUp); with
 * MIRROR_CATCHUP_INTERVAL_SECONDS=0 never on its own.
 */
let app: TestApp;
let sql: Sql;

beforeAll(async () => {
  app = await startTestApp({ env: { MIRROR_BUDGET_SHARE: "0.5", MIRROR_CATCHUP_INTERVAL_SECONDS: "0", MIRROR_SEARCH_LAG_MS: "0" } });
  const { sqlPool } = await import("@/lib/server/db");
  sql = async (text, values) => (await sqlPool().query(text, values)).rows;
});

const mirrored = async (email: string) =>
  (await sql(`SELECT 1 FROM mirror_contact WHERE properties->>'email' = $1 AND deleted_at IS NULL`, [email])).length > 0;

describe("catch-up schedule", () => {
  it("runs on start and when a portal connects, and not otherwise with interval 0", async () => {
    const staff = staffApi(app.sandbox.url);
    await staff("POST", "/objects/contacts", { properties: { email: "before-start@example.com" } });
    await new Promise((r) => setTimeout(r, 20));
    const { startMirrorWorker } = await import("@/lib/server/mirror/worker");
    const worker = await startMirrorWorker();
    try {
      await waitFor(() => mirrored("before-start@example.com"), 15_000);
      await staff("POST", "/objects/contacts", { properties: { email: "after-start@example.com" } });
      await new Promise((r) => setTimeout(r, 2_500));
      expect(await mirrored("after-start@example.com")).toBe(false);
      const { requestCatchUp } = await import("@/lib/server/mirror/sync-state");
      await requestCatchUp();
      await waitFor(() => mirrored("after-start@example.com"), 15_000);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
