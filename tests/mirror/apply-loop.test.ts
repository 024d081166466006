import { beforeAll, describe, expect, it } from "vitest";
import { seedRegistration, startTestApp, type TestApp } from "../helpers/app";
import { callsTo } from "@/lib/tooling/sandbox/control-client";
import { contactEvent, signedHeaders, WEBHOOK_PATH } from "../helpers/webhooks";

/**
 * The apply loop against the sandbox over HTTP: events posted to the inbox as HubSpot would,
 * applied in one round each (batch reads of the changed objects and their associations).
 */
let app: TestApp;
let sql: (text: string, values?: unknown[]) => Promise<any[]>;
let apply: () => Promise<{ events: number; read: number; gone: number; privacy: number }>;

beforeAll(async () => {
  // A larger share than the default 10 %, so rounds do not wait out the window between tests.
  app = await startTestApp({ env: { MIRROR_BUDGET_SHARE: "0.5" } });
  const { sqlPool } = await import("@/lib/server/db");
  sql = async (text, values) => (await sqlPool().query(text, values)).rows;
  ({ applyPendingEvents: apply } = await import("@/lib/server/mirror/apply-loop"));
});

async function deliver(events: Record<string, unknown>[]) {
  const body = JSON.stringify(events);
  const res = await app.request("POST", WEBHOOK_PATH, {
    rawBody: body,
    headers: { authorization: "", ...signedHeaders(body, { uri: `http://localhost:5001${WEBHOOK_PATH}` }) },
  });
  expect(res.status).toBe(200);
}

async function register(email: string) {
  const { status, body } = await app.json("POST", "/api/crm/register", seedRegistration(email));
  expect(status).toBe(200);
  return body as { contact_id: string; deal_ids: string[]; ticket_ids: string[] };
}

const crm = (method: string, path: string, body?: unknown) =>
  fetch(`${app.sandbox.url}${path}`, {
    method,
    headers: { authorization: "Bearer pat-sandbox-token", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("apply loop", () => {
  it("mirrors created objects with their associations, then property changes and deletions", async () => {
    const reg = await register("ada@example.com");
    const [deal, ticket] = [reg.deal_ids[0], reg.ticket_ids[0]];
    await deliver([
      contactEvent("contact.creation", Number(reg.contact_id)),
      { ...contactEvent("deal.creation", Number(deal)) },
      { ...contactEvent("ticket.creation", Number(ticket)) },
    ]);
    expect(await apply()).toMatchObject({ events: 3, read: 3, gone: 0 });
    const [contact] = await sql(`SELECT properties, deleted_at FROM mirror_contact WHERE id = $1`, [reg.contact_id]);
    expect(contact).toMatchObject({ properties: { email: "ada@example.com", firstname: "John", lastname: "Doe" }, deleted_at: null });
    const links = await sql(`SELECT object_type, object_id::text FROM mirror_association WHERE contact_id = $1 ORDER BY 1`, [reg.contact_id]);
    expect(links).toEqual([
      { object_type: "deals", object_id: deal },
      { object_type: "tickets", object_id: ticket },
    ]);

    expect((await crm("PATCH", `/crm/v3/objects/contacts/${reg.contact_id}`, { properties: { firstname: "Ada" } })).status).toBe(200);
    expect((await crm("DELETE", `/crm/v3/objects/deals/${deal}`)).status).toBe(204);
    await deliver([
      contactEvent("contact.propertyChange", Number(reg.contact_id), { propertyName: "firstname", propertyValue: "Ada" }),
      { ...contactEvent("deal.deletion", Number(deal)) },
    ]);
    expect(await apply()).toMatchObject({ events: 2, read: 1, gone: 1 });
    expect((await sql(`SELECT properties->>'firstname' AS f FROM mirror_contact WHERE id = $1`, [reg.contact_id]))[0].f).toBe("Ada");
    expect((await sql(`SELECT deleted_at FROM mirror_deal WHERE id = $1`, [deal]))[0].deleted_at).toBeInstanceOf(Date);
    expect(await sql(`SELECT 1 FROM mirror_association WHERE object_type = 'deals' AND object_id = $1`, [deal])).toEqual([]);
  });

  it("skips reading a change the mirror already holds, and marks every event applied", async () => {
    const reg = await register("grace@example.com");
    await deliver([contactEvent("contact.creation", Number(reg.contact_id))]);
    await apply();
    await app.control.resetStats();
    // HubSpot's late retry of an older change: nothing to read.
    await deliver([contactEvent("contact.propertyChange", Number(reg.contact_id), { occurredAt: Date.now() - 60_000, propertyName: "phone" })]);
    expect(await apply()).toMatchObject({ events: 1, read: 0 });
    expect(callsTo(await app.control.stats(), "batch/read")).toBe(0);
    expect(await sql(`SELECT count(*)::int AS n FROM hubspot_webhook_event WHERE applied_at IS NULL`)).toEqual([{ n: 0 }]);
  });

  it("points the mirror and registrations at the survivor of a merge, and scrubs a privacy deletion", async () => {
    const survivor = await register("linus@example.com");
    const merged = await register("linus.t@example.com");
    await deliver([
      contactEvent("contact.merge", Number(survivor.contact_id), {
        primaryObjectId: Number(survivor.contact_id),
        mergedObjectIds: [Number(merged.contact_id)],
        newObjectId: Number(survivor.contact_id),
      }),
    ]);
    expect(await apply()).toMatchObject({ events: 1, read: 1, gone: 1 });
    const [row] = await sql(`SELECT merged_into::text, deleted_at FROM mirror_contact WHERE id = $1`, [merged.contact_id]);
    expect(row.merged_into).toBe(survivor.contact_id);
    const regs = await sql(`SELECT contact_id, progress->>'contact' AS p FROM registration WHERE email = 'linus.t@example.com'`);
    expect(regs).toEqual([{ contact_id: survivor.contact_id, p: survivor.contact_id }]);

    await deliver([contactEvent("contact.privacyDeletion", Number(survivor.contact_id))]);
    expect(await apply()).toMatchObject({ privacy: 1 });
    const [tomb] = await sql(`SELECT properties, privacy_deleted_at FROM mirror_contact WHERE id = $1`, [survivor.contact_id]);
    expect(tomb.properties).toEqual({});
    const scrubbed = await sql(`SELECT payload, email, request_hash FROM registration WHERE contact_id = $1`, [survivor.contact_id]);
    expect(scrubbed).toHaveLength(2);
    for (const r of scrubbed) expect(r).toEqual({ payload: { privacy_deleted: true }, email: null, request_hash: "" });
    const refs = await sql(`SELECT label FROM crm_object_ref WHERE object_type = 'contacts' AND hubspot_id = $1`, [survivor.contact_id]);
    expect(refs).toEqual([{ label: "(deleted for privacy)" }]);
  });
});
