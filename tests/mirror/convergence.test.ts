import { beforeAll, describe, expect, it } from "vitest";
import { resolveMerged } from "@/lib/tooling/sandbox/merge";
import { makeRegistration } from "../helpers/registrations";
import { startTestApp, type TestApp } from "../helpers/app";
import { expectMirrorEqualsSandbox, staffApi, untilInboxApplied, type Sql } from "../helpers/mirror";
import { serveWebhookRoute } from "../helpers/webhooks";

/**
 * The mirror converges on HubSpot: 1,000 changes made directly in the sandbox (as staff would:
 * creations, edits, deletions, merges, privacy deletions) while 30 % of the webhooks are dropped
 * unsent. The worker applies what arrives; the catch-up (by last-modified time) and the id sweep
 * fill in the rest. Then every object is compared, and registrations of merged contacts point at
 * the survivors.
 */
const SEARCH_LAG_MS = 1_500;
let app: TestApp;
let sql: Sql;
const staff = () => staffApi(app.sandbox.url);

beforeAll(async () => {
  app = await startTestApp({
    sandbox: { searchIndexLagMs: 300, rateLimit: { max: 500, intervalMs: 10_000 } },
    env: {
      HUBSPOT_RATE_LIMIT_MAX: "500",
      MIRROR_BUDGET_SHARE: "0.5",
      MIRROR_APPLY_INTERVAL_MS: "200",
      MIRROR_CATCHUP_INTERVAL_SECONDS: "0",
      MIRROR_SWEEP_INTERVAL_SECONDS: "0",
      MIRROR_SEARCH_LAG_MS: String(SEARCH_LAG_MS),
    },
  });
  await app.control.configure({ webhooks: { targetUrl: await serveWebhookRoute(), dropRate: 0.3, flushMs: 20 } });
  const { sqlPool } = await import("@/lib/server/db");
  sql = async (text, values) => (await sqlPool().query(text, values)).rows;
});

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

async function makeChanges(count: number, contacts: string[]) {
  const rnd = random(42);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
  const live = { contacts: [...contacts], deals: [] as string[], tickets: [] as string[] };
  const drop = (type: keyof typeof live, id: string) => live[type].splice(live[type].indexOf(id), 1);
  const done: Record<string, number> = {};
  const assoc = (typeId: number, id: string) => [{ to: { id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: typeId }] }];
  for (let i = 0; i < count; i++) {
    const roll = rnd();
    const kind =
      live.contacts.length < 5 || roll < 0.2 ? "contact" : roll < 0.3 ? "deal" : roll < 0.4 ? "ticket" : roll < 0.83 ? "edit" : roll < 0.9 ? "delete" : roll < 0.96 ? "merge" : "privacy";
    done[kind] = (done[kind] ?? 0) + 1;
    if (kind === "contact") live.contacts.push((await staff()("POST", "/objects/contacts", { properties: { email: `c${i}@example.com`, firstname: `C${i}` } })).id);
    else if (kind === "deal") {
      const deal = await staff()("POST", "/objects/deals", { properties: { dealname: `Deal ${i}`, dealstage: "appointmentscheduled", amount: String(i) }, associations: assoc(3, pick(live.contacts)) });
      live.deals.push(deal.id);
    } else if (kind === "ticket") {
      const ticket = await staff()("POST", "/objects/tickets", { properties: { subject: `Ticket ${i}`, hs_pipeline: "0", hs_pipeline_stage: "1" }, associations: assoc(16, pick(live.contacts)) });
      live.tickets.push(ticket.id);
    } else if (kind === "edit") {
      const type = pick(["contacts", "contacts", "deals", "tickets"] as const);
      const id = pick(live[type]);
      if (!id) continue;
      const properties = type === "contacts" ? { lastname: `L${i}`, phone: `555-${i}` } : type === "deals" ? { dealname: `Deal renamed ${i}`, amount: String(i * 10) } : { subject: `Ticket renamed ${i}`, hs_ticket_priority: pick(["LOW", "MEDIUM", "HIGH"]) };
      await staff()("PATCH", `/objects/${type}/${id}`, { properties });
    } else if (kind === "delete") {
      const type = pick(["contacts", "deals", "tickets"] as const);
      const id = pick(live[type]);
      if (!id || live.contacts.length < 5) continue;
      await staff()("DELETE", `/objects/${type}/${id}`);
      drop(type, id);
    } else if (kind === "merge") {
      const [a, b] = [pick(live.contacts), pick(live.contacts)];
      if (a === b) continue;
      await staff()("POST", "/objects/contacts/merge", { primaryObjectId: a, objectIdToMerge: b });
      drop("contacts", b);
    } else {
      const id = pick(live.contacts);
      await staff()("POST", `/objects/contacts/${id}/privacy-delete`);
      drop("contacts", id);
    }
  }
  return done;
}

describe("mirror convergence", () => {
  it("equals HubSpot after 1,000 direct changes with 30 % of webhooks dropped, once caught up", async () => {
    const registered: { id: string; contact_id: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const { status, body } = await app.json("POST", "/api/crm/register", makeRegistration("conv", i));
      expect(status).toBe(200);
      registered.push(body);
    }
    const { startMirrorWorker } = await import("@/lib/server/mirror/worker");
    const worker = await startMirrorWorker();
    try {
      const done = await makeChanges(1_000, registered.map((r) => r.contact_id));
      console.log(JSON.stringify({ changes: done }));
      expect(done.merge).toBeGreaterThan(20);
      expect(done.delete).toBeGreaterThan(20);
      const webhooks = await staff()("POST", "/webhooks/flush");
      expect(webhooks.dropped / webhooks.emitted).toBeGreaterThan(0.2);
      await untilInboxApplied(sql);
    } finally {
      await worker.stop();
    }
    // What the dropped webhooks would have said: the catch-up (past the search index lag) and the sweep.
    await new Promise((r) => setTimeout(r, SEARCH_LAG_MS + 200));
    const { getMirrorHubSpot } = await import("@/lib/server/hubspot");
    const { catchUp } = await import("@/lib/server/mirror/catch-up");
    const { sweep } = await import("@/lib/server/mirror/sweep");
    await catchUp(getMirrorHubSpot(), SEARCH_LAG_MS);
    await sweep(getMirrorHubSpot());

    const { MIRRORED_PROPERTIES } = await import("@/lib/server/mirror/tables");
    const counts = await expectMirrorEqualsSandbox(sql, app.control, MIRRORED_PROPERTIES);
    console.log(JSON.stringify({ convergence: counts }));
    expect(counts.contacts).toBeGreaterThan(30);
    expect(counts.associations).toBeGreaterThan(30);

    // Registrations of merged contacts point at the survivor HubSpot reads them as. Not when the
    // survivor was deleted too before the mirror heard of the merge (its webhook among those
    // dropped): HubSpot then answers a read of the merged id with nothing, live or archived, the
    // merge is named only in the deleted survivor's `hs_merged_object_ids`, and neither id leads
    // to a record. The run's fixed changes make that happen in some runs, by which webhooks drop.
    const rows = await sql(`SELECT contact_id FROM registration WHERE email LIKE 'conv-%'`);
    const objects = app.sandbox.state.objects.contacts;
    const lastOf = (id: string) => {
      let obj = objects.get(id);
      for (let hops = 0; obj?.mergedInto && hops < 20; hops++) obj = objects.get(obj.mergedInto);
      return obj;
    };
    for (const { contact_id } of rows) {
      const original = objects.get(contact_id);
      if (original?.mergedInto && !lastOf(contact_id)?.archived) throw new Error(`registration still names merged contact ${contact_id}`);
      const now = resolveMerged(app.sandbox.state, "contacts", contact_id);
      if (now) expect(now.id).toBe(contact_id);
    }
    expect((await app.control.stats()).rateLimited).toBe(0);
  }, 240_000);
});
