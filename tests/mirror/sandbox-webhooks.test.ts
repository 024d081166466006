import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app";
import { serveWebhookRoute } from "../helpers/webhooks";

/**
 * HubSpot's side played by the sandbox over HTTP: staff change records, the sandbox posts signed
 * webhook batches to the app's route, the apply loop brings the mirror in step.
 */
let app: TestApp;
let sql: (text: string, values?: unknown[]) => Promise<any[]>;

beforeAll(async () => {
  app = await startTestApp({ env: { MIRROR_BUDGET_SHARE: "0.5" } });
  await app.control.configure({ webhooks: { targetUrl: await serveWebhookRoute(), flushMs: 20 } });
  const { sqlPool } = await import("@/lib/server/db");
  sql = async (text, values) => (await sqlPool().query(text, values)).rows;
});

const staff = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${app.sandbox.url}/__sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  return res.status === 204 ? undefined : res.json();
};

describe("sandbox webhooks into the mirror", () => {
  it("applies staff's creations, edits, merges and deletions that arrive as signed webhooks", async () => {
    const { applyPendingEvents } = await import("@/lib/server/mirror/apply-loop");
    const a = await staff("POST", "/objects/contacts", { properties: { email: "a@example.com", firstname: "A" } });
    const b = await staff("POST", "/objects/contacts", { properties: { email: "b@example.com", firstname: "B" } });
    const deal = await staff("POST", "/objects/deals", {
      properties: { dealname: "B's deal", dealstage: "appointmentscheduled" },
      associations: [{ to: { id: b.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 3 }] }],
    });
    await staff("PATCH", `/objects/contacts/${a.id}`, { properties: { lastname: "Lovelace" } });
    await staff("POST", "/objects/contacts/merge", { primaryObjectId: a.id, objectIdToMerge: b.id });
    const stats = await staff("POST", "/webhooks/flush");
    expect(stats).toMatchObject({ delivered: stats.emitted, failedAttempts: 0 });
    while ((await applyPendingEvents()).events > 0);
    const contacts = await sql(`SELECT id::text, properties, merged_into::text, deleted_at IS NOT NULL AS gone FROM mirror_contact ORDER BY id`);
    expect(contacts).toEqual([
      { id: a.id, properties: { email: "a@example.com", firstname: "A", lastname: "Lovelace" }, merged_into: null, gone: false },
      // Merged before the mirror read it: only a tombstone naming the survivor.
      { id: b.id, properties: {}, merged_into: a.id, gone: true },
    ]);
    expect(await sql(`SELECT contact_id::text, object_id::text FROM mirror_association`)).toEqual([{ contact_id: a.id, object_id: deal.id }]);
  });
});
