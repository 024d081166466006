import "server-only";
import { z } from "zod";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { HubSpotClient } from "../hubspot/client";
import { batchRead } from "../hubspot/crm";
import { HubSpotNotFoundError } from "../hubspot/errors";
import type { SimpleObject } from "../hubspot/schemas";
import { readProperties } from "./tables";

/** HubSpot's cap on object batch inputs, and on association batch-read inputs. */
const OBJECT_BATCH = 100;
const ASSOCIATION_BATCH = 1000;

const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Objects by id with the mirrored properties; ids HubSpot does not return are in `missing`.
 * `archived`: the deleted ones (HubSpot keeps them restorable for 90 days) instead of the live.
 */
export async function readObjects(client: HubSpotClient, type: CrmObjectType, ids: string[], archived = false) {
  const found: SimpleObject[] = [];
  for (const chunk of chunks([...new Set(ids)], OBJECT_BATCH)) {
    // Missing ids come back as 207 errors; a 404 for a batch of only missing ones is read the same way.
    const results = await batchRead(client, type, chunk, undefined, readProperties(type), archived).then(
      ({ data }) => data.results,
      (e: unknown) => (e instanceof HubSpotNotFoundError ? [] : Promise.reject(e)),
    );
    found.push(...results);
  }
  const returned = new Set(found.map((o) => o.id));
  return { found, missing: ids.filter((id) => !returned.has(id)) };
}

const associationReadSchema = z.object({
  results: z
    .array(
      z.object({
        from: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
        to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String) })).default([]),
        paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
      }),
    )
    .default([]),
});

/**
 * The `to` ids associated with each `from` id (v4 batch read, 1,000 inputs a call). An id with no
 * associations is answered as a 207 error by HubSpot and maps to an empty list here; a result
 * with more associations than fit one answer is read on with its `after`.
 */
export async function readAssociations(client: HubSpotClient, from: CrmObjectType, to: CrmObjectType, ids: string[]) {
  const byId = new Map<string, string[]>(ids.map((id) => [id, []]));
  let inputs: { id: string; after?: string }[] = [...byId.keys()].map((id) => ({ id }));
  while (inputs.length > 0) {
    const next: { id: string; after: string }[] = [];
    for (const chunk of chunks(inputs, ASSOCIATION_BATCH)) {
      const results = await client
        .request({ method: "POST", path: client.paths.associationBatch(from, to, "read"), body: { inputs: chunk }, schema: associationReadSchema, isIdempotent: true })
        .then(
          ({ data }) => data.results,
          (e: unknown) => (e instanceof HubSpotNotFoundError ? [] : Promise.reject(e)),
        );
      for (const r of results) {
        byId.get(r.from.id)?.push(...r.to.map((t) => t.toObjectId));
        if (r.paging?.next?.after) next.push({ id: r.from.id, after: r.paging.next.after });
      }
    }
    inputs = next;
  }
  return byId;
}
