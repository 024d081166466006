import { expect } from "vitest";
import type { SandboxControl } from "@/lib/tooling/sandbox/control-client";

/** Mirror checks shared by the mirror tests: the mirror against the sandbox, object by object. */

export type Sql = (text: string, values?: unknown[]) => Promise<any[]>;

const TYPES = ["contacts", "deals", "tickets"] as const;
const TABLE = { contacts: "mirror_contact", deals: "mirror_deal", tickets: "mirror_ticket" } as const;

/** A change made in the sandbox as staff would (its control API): throws on anything but 2xx. */
export function staffApi(sandboxUrl: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandboxUrl}/__sandbox${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status}: ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };
}

/** Waits until the inbox has nothing left to apply (the worker applies it). */
export async function untilInboxApplied(sql: Sql, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await sql(`SELECT count(*)::int AS n FROM hubspot_webhook_event WHERE applied_at IS NULL`);
    if (n === 0) return;
    if (Date.now() > until) throw new Error(`${n} webhook events still not applied`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Every live object of every type equals in the mirror and the sandbox: the same ids, the same
 * mirrored properties, and each contact's deals and tickets. Returns the counts compared.
 */
export async function expectMirrorEqualsSandbox(sql: Sql, control: SandboxControl, mirrored: Record<(typeof TYPES)[number], readonly string[]>) {
  const counts: Record<string, number> = {};
  for (const type of TYPES) {
    const inSandbox = await control.objects(type);
    const rows = await sql(`SELECT id::text, properties FROM ${TABLE[type]} WHERE deleted_at IS NULL ORDER BY id`);
    const expected = inSandbox
      .map((o) => ({ id: o.id, properties: Object.fromEntries(mirrored[type].filter((k) => o.properties[k] !== undefined).map((k) => [k, o.properties[k]])) }))
      .sort((a, b) => Number(a.id) - Number(b.id));
    expect(rows, `${type} in the mirror`).toEqual(expected);
    counts[type] = rows.length;
    if (type !== "contacts") continue;
    const links = await sql(`SELECT contact_id::text AS c, object_type AS t, object_id::text AS o FROM mirror_association ORDER BY 1, 2, 3`);
    const expectedLinks = inSandbox
      .flatMap((c) =>
        (["deals", "tickets"] as const).flatMap((t) => [...new Set((c.associations?.[t]?.results ?? []).map((r) => r.id))].map((o) => ({ c: c.id, t, o }))),
      )
      .sort((a, b) => a.c.localeCompare(b.c) || a.t.localeCompare(b.t) || a.o.localeCompare(b.o));
    expect(links, "contacts' deals and tickets in the mirror").toEqual(expectedLinks);
    counts.associations = links.length;
  }
  return counts;
}
