import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { HubSpotClient } from "../hubspot/client";
import type { SimpleObject } from "../hubspot/schemas";
import { readAssociations, readObjects } from "./hubspot-reads";
import { repointLocalReferences } from "./local-references";
import { forgetObjects, markGone, replaceAssociations, upsertObjects, type Gone } from "./store";
import { ASSOCIATED_TYPES, MERGED_IDS_PROPERTY } from "./tables";

/** The ids merged into each record, from HubSpot's `hs_merged_object_ids` (`"12;34"`). */
export function mergesOf(objects: SimpleObject[]): Gone[] {
  return objects.flatMap((o) =>
    (o.properties[MERGED_IDS_PROPERTY] ?? "")
      .split(/[;,\s]+/)
      .filter((id) => /^\d{1,18}$/.test(id) && id !== o.id)
      .map((id) => ({ id, into: o.id, at: new Date(o.updatedAt) })),
  );
}

/** Store what HubSpot holds of these objects' associations (a page of search results, or records read by id). */
export async function refreshAssociations(client: HubSpotClient, type: CrmObjectType, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  for (const to of ASSOCIATED_TYPES[type]) {
    await replaceAssociations(type, to, await readAssociations(client, type, to, ids));
  }
}

/**
 * Objects as HubSpot has them now (whatever happened to them): what HubSpot sends is stored;
 * records merged into one it sends (named in its `hs_merged_object_ids`, or read by an old id)
 * point to the survivor, in the mirror and in this app's registrations and references; the rest
 * HubSpot no longer has are marked deleted. Then the associations of what exists.
 */
export async function applyObjects(client: HubSpotClient, type: CrmObjectType, objects: SimpleObject[], isFresh: boolean, missing: string[] = []) {
  await upsertObjects(type, objects, isFresh);
  const merges = mergesOf(objects);
  const merged = new Set(merges.map((m) => m.id));
  const now = new Date();
  const deleted = missing.filter((id) => !merged.has(id)).map((id) => ({ id, at: now }));
  const marked = await markGone(type, [...merges, ...deleted]);
  await repointLocalReferences(type, merges.filter((m) => marked.has(m.id)).map((m) => ({ id: m.id, into: m.into! })));
  await refreshAssociations(client, type, [...new Set(objects.map((o) => o.id))]);
  return { stored: objects.length, merged: merges.length, deleted: deleted.length };
}

/**
 * Read these ids from HubSpot (batch reads of 100) and apply what it answers. Ids it no longer
 * has are looked for among its deleted records: one not even there is gone for good (a privacy
 * deletion whose webhooks were lost, or a deletion older than HubSpot's 90 days), and the mirror
 * keeps none of its data.
 */
export async function refreshObjects(client: HubSpotClient, type: CrmObjectType, ids: string[]) {
  if (ids.length === 0) return { stored: 0, merged: 0, deleted: 0 };
  const { found, missing } = await readObjects(client, type, ids);
  const result = await applyObjects(client, type, found, true, missing);
  const explained = new Set(mergesOf(found).map((m) => m.id));
  const unexplained = missing.filter((id) => !explained.has(id));
  if (unexplained.length > 0) {
    const archived = new Set((await readObjects(client, type, unexplained, true)).found.map((o) => o.id));
    await forgetObjects(type, unexplained.filter((id) => !archived.has(id)));
  }
  return result;
}
