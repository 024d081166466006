import { expect } from "vitest";
import { sleep } from "@/lib/runtime/sleep";
import type { SandboxControl, SandboxObject } from "@/lib/tooling/sandbox/control-client";

/**
 * Registrations for the fault tests, and the one check they all end with: HubSpot (read from the
 * sandbox) holds exactly what was submitted. Every name is unique, so each submitted deal and
 * ticket can be found by name and counted.
 */

export interface RegistrationBody {
  contact: { email: string; firstname?: string; lastname?: string; phone?: string };
  deals: { dealname: string; amount?: number; dealstage?: string }[];
  tickets: { subject: string; description?: string; category?: string; hs_pipeline?: string; hs_ticket_priority?: string; hs_pipeline_stage?: string }[];
}

/** Registration `i` of a run: 1 contact, 1-2 deals, 1-2 tickets (the mix cycles with `i`). */
export function makeRegistration(tag: string, i: number): RegistrationBody {
  const deals = 1 + (i % 2);
  const tickets = 1 + (Math.floor(i / 2) % 2);
  return {
    contact: { email: `${tag}-${i}@example.com`, firstname: "Fault", lastname: `${tag} ${i}`, phone: "123-456-7890" },
    deals: Array.from({ length: deals }, (_, k) => ({ dealname: `${tag} deal ${i}.${k}`, amount: 100 + i, dealstage: "appointmentscheduled" })),
    tickets: Array.from({ length: tickets }, (_, k) => ({
      subject: `${tag} ticket ${i}.${k}`,
      description: `ticket ${k} of registration ${i}`,
      category: "billing",
      hs_pipeline: "support",
      hs_ticket_priority: "HIGH",
      hs_pipeline_stage: "1",
    })),
  };
}

export const makeRegistrations = (tag: string, n: number) => Array.from({ length: n }, (_, i) => makeRegistration(tag, i));

export interface ContentFigures {
  registrations: number;
  submitted: { contacts: number; deals: number; tickets: number };
  inHubSpot: { contacts: number; deals: number; tickets: number };
  duplicates: number;
  lost: number;
  /** Deals/tickets not associated with exactly their registration's contact. */
  misassociated: number;
  /** Objects in HubSpot that no submitted registration asked for. */
  unexpected: number;
  problems: string[];
}

const idsOf = (o: SandboxObject, type: string) => new Set((o.associations?.[type]?.results ?? []).map((r) => r.id));

/** Compare HubSpot's whole contents with what was submitted. */
export async function hubspotContents(control: SandboxControl, submitted: RegistrationBody[]): Promise<ContentFigures> {
  const [contacts, deals, tickets] = await Promise.all([control.objects("contacts"), control.objects("deals"), control.objects("tickets")]);
  const problems: string[] = [];
  let duplicates = 0;
  let lost = 0;
  let misassociated = 0;

  const byEmail = new Map<string, SandboxObject[]>();
  for (const c of contacts) {
    const email = (c.properties.email ?? "").toLowerCase();
    byEmail.set(email, [...(byEmail.get(email) ?? []), c]);
  }
  const byName = (objs: SandboxObject[], prop: string) => {
    const m = new Map<string, SandboxObject[]>();
    for (const o of objs) m.set(o.properties[prop] ?? "", [...(m.get(o.properties[prop] ?? "") ?? []), o]);
    return m;
  };
  const dealsByName = byName(deals, "dealname");
  const ticketsByName = byName(tickets, "subject");

  const expected = { contacts: new Set<string>(), deals: new Set<string>(), tickets: new Set<string>() };
  for (const r of submitted) {
    const email = r.contact.email.toLowerCase();
    expected.contacts.add(email);
    const found = byEmail.get(email) ?? [];
    if (found.length === 0) {
      lost++;
      problems.push(`contact ${email} missing`);
    }
    if (found.length > 1) {
      duplicates += found.length - 1;
      problems.push(`contact ${email} ×${found.length}`);
    }
    const contactId = found[0]?.id;
    const check = (kind: "deals" | "tickets", name: string, index: Map<string, SandboxObject[]>) => {
      expected[kind].add(name);
      const copies = index.get(name) ?? [];
      if (copies.length === 0) {
        lost++;
        problems.push(`${kind} "${name}" missing`);
      }
      if (copies.length > 1) {
        duplicates += copies.length - 1;
        problems.push(`${kind} "${name}" ×${copies.length}`);
      }
      for (const copy of copies) {
        const linked = idsOf(copy, "contacts");
        if (!contactId || linked.size !== 1 || !linked.has(contactId)) {
          misassociated++;
          problems.push(`${kind} "${name}" associated with [${[...linked].join(",")}], expected [${contactId}]`);
        }
      }
    };
    for (const d of r.deals) check("deals", d.dealname, dealsByName);
    for (const t of r.tickets) check("tickets", t.subject, ticketsByName);
  }
  const unexpectedObjects = [
    ...contacts.filter((c) => !expected.contacts.has((c.properties.email ?? "").toLowerCase())).map((c) => `contact ${c.properties.email}`),
    ...deals.filter((d) => !expected.deals.has(d.properties.dealname ?? "")).map((d) => `deal "${d.properties.dealname}"`),
    ...tickets.filter((t) => !expected.tickets.has(t.properties.subject ?? "")).map((t) => `ticket "${t.properties.subject}"`),
  ];
  problems.push(...unexpectedObjects.map((u) => `unexpected ${u}`));
  return {
    registrations: submitted.length,
    submitted: { contacts: expected.contacts.size, deals: expected.deals.size, tickets: expected.tickets.size },
    inHubSpot: { contacts: contacts.length, deals: deals.length, tickets: tickets.length },
    duplicates,
    lost,
    misassociated,
    unexpected: unexpectedObjects.length,
    problems,
  };
}

/** The assertion every fault test ends with; prints the figures once as a compact JSON line. */
export async function expectHubSpotHoldsExactly(
  control: SandboxControl,
  submitted: RegistrationBody[],
  label: string,
  extra: Record<string, unknown> = {},
): Promise<ContentFigures> {
  const figures = await hubspotContents(control, submitted);
  const { problems, ...shown } = figures;
  console.log(JSON.stringify({ fault: label, ...shown, ...extra }));
  expect(problems.slice(0, 20)).toEqual([]);
  expect(figures.lost).toBe(0);
  expect(figures.duplicates).toBe(0);
  expect(figures.misassociated).toBe(0);
  expect(figures.unexpected).toBe(0);
  expect(figures.inHubSpot).toEqual(figures.submitted);
  return figures;
}

/** Rows as the fault tests read them back from PostgreSQL. */
export interface RegistrationRow {
  id: string;
  status: string;
  email: string;
  contact_id: string | null;
  deal_ids: string[];
  ticket_ids: string[];
  attempts: number;
}

/**
 * Every stored registration is synced, and the HubSpot ids it recorded are exactly the objects in
 * HubSpot for its email, deal names and ticket subjects.
 */
export async function expectRowsMatchHubSpot(control: SandboxControl, rows: RegistrationRow[], submitted: RegistrationBody[]) {
  const [contacts, deals, tickets] = await Promise.all([control.objects("contacts"), control.objects("deals"), control.objects("tickets")]);
  const byEmail = new Map(submitted.map((r) => [r.contact.email.toLowerCase(), r]));
  const mismatches: string[] = [];
  for (const row of rows) {
    const reg = byEmail.get(row.email.toLowerCase());
    if (!reg) {
      mismatches.push(`row ${row.id} (${row.email}) was not submitted`);
      continue;
    }
    if (row.status !== "synced") mismatches.push(`row ${row.email} is ${row.status}`);
    const contact = contacts.find((c) => c.properties.email?.toLowerCase() === row.email.toLowerCase());
    if (row.contact_id !== contact?.id) mismatches.push(`row ${row.email} contact ${row.contact_id} ≠ ${contact?.id}`);
    const dealIds = reg.deals.map((d) => deals.find((o) => o.properties.dealname === d.dealname)?.id);
    const ticketIds = reg.tickets.map((t) => tickets.find((o) => o.properties.subject === t.subject)?.id);
    if (JSON.stringify(row.deal_ids) !== JSON.stringify(dealIds)) mismatches.push(`row ${row.email} deals ${row.deal_ids} ≠ ${dealIds}`);
    if (JSON.stringify(row.ticket_ids) !== JSON.stringify(ticketIds)) mismatches.push(`row ${row.email} tickets ${row.ticket_ids} ≠ ${ticketIds}`);
  }
  expect(mismatches.slice(0, 20)).toEqual([]);
}

/** Run `fn` over `items` with at most `concurrency` at a time; results in input order. */
export async function mapLimit<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** `{ "200": 41, "202": 19 }` */
export const histogram = (values: (number | string)[]) =>
  values.reduce<Record<string, number>>((h, v) => ({ ...h, [String(v)]: (h[String(v)] ?? 0) + 1 }), {});

/** All stored registrations (the test's own database), oldest first. */
export async function loadRegistrationRows(): Promise<RegistrationRow[]> {
  const { db } = await import("@/lib/server/db");
  const rows = await db.registration.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    email: ((r.payload as { contact?: { email?: string } }).contact?.email ?? "").toLowerCase(),
    contact_id: r.contactId,
    deal_ids: r.dealIds,
    ticket_ids: r.ticketIds,
    attempts: r.attempts,
  }));
}

/** Counts of stored registrations by status. */
export async function countByStatus(): Promise<Record<string, number>> {
  const { db } = await import("@/lib/server/db");
  const groups = await db.registration.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

/**
 * First registration of a test: loads the pipelines and creates the sync-key properties. With a
 * short deadline it may answer 202; its attempt goes on in the background, so wait for it.
 */
export async function warmUp(post: (body: RegistrationBody) => Promise<{ status: number; body: any }>, body: RegistrationBody, timeoutMs = 20_000) {
  const res = await post(body);
  expect([200, 202]).toContain(res.status);
  const end = Date.now() + timeoutMs;
  while ((await countByStatus()).synced !== 1) {
    if (Date.now() > end) throw new Error("the warm-up registration did not sync");
    await sleep(50);
  }
}
