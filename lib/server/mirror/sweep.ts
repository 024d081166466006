import "server-only";
import { CRM_OBJECT_TYPES, type CrmObjectType } from "@/lib/schemas/constants";
import { sqlPool } from "../db";
import type { HubSpotClient } from "../hubspot/client";
import { searchPage, SEARCH_PAGE } from "./catch-up";
import { refreshObjects } from "./refresh";
import { MIRROR_TABLE } from "./tables";

async function mirroredIdsBetween(type: CrmObjectType, afterId: string, upTo: string | null): Promise<string[]> {
  const { rows } = await sqlPool().query<{ id: string }>(
    `SELECT id::text FROM ${MIRROR_TABLE[type]} WHERE deleted_at IS NULL AND id > $1::bigint AND ($2::bigint IS NULL OR id <= $2::bigint)`,
    [afterId, upTo],
  );
  return rows.map((r) => r.id);
}

/**
 * Every id HubSpot has of one type against the mirror's live rows, one id range at a time
 * (search sorted by id, a fresh query per page: never near the 10,000 cap). What only one side
 * has is read by id: a record HubSpot no longer returns is marked deleted (or merged, when the
 * read answers with its survivor), one the mirror lacks is stored. Deletions make no
 * last-modified change for the catch-up to see, and a privacy deletion or merge whose webhooks
 * were all lost is found only here. A record the search index has not caught up with is read by
 * id and so never taken for deleted.
 */
export async function sweepType(client: HubSpotClient, type: CrmObjectType) {
  let afterId = "0";
  let checked = 0;
  let read = 0;
  for (;;) {
    const page = await searchPage(client, type, [{ propertyName: "hs_object_id", operator: "GT", value: afterId }], "hs_object_id", ["hs_object_id"]);
    const upTo = page.length < SEARCH_PAGE ? null : page[page.length - 1].id;
    const inHubSpot = new Set(page.map((o) => o.id));
    const mirrored = await mirroredIdsBetween(type, afterId, upTo);
    const mirroredSet = new Set(mirrored);
    const differing = [...mirrored.filter((id) => !inHubSpot.has(id)), ...[...inHubSpot].filter((id) => !mirroredSet.has(id))];
    await refreshObjects(client, type, differing);
    checked += page.length;
    read += differing.length;
    if (upTo === null) return { checked, read };
    afterId = upTo;
  }
}

export async function sweep(client: HubSpotClient) {
  const result: Record<string, { checked: number; read: number }> = {};
  for (const type of CRM_OBJECT_TYPES) result[type] = await sweepType(client, type);
  return result;
}
