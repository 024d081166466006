import "server-only";
import { z } from "zod";
import { CRM_OBJECT_TYPES, type CrmObjectType } from "@/lib/schemas/constants";
import type { HubSpotClient } from "../hubspot/client";
import { simpleObjectSchema, type SimpleObject } from "../hubspot/schemas";
import { applyObjects } from "./refresh";
import { readState, writeState } from "./sync-state";
import { MODIFIED_PROPERTY, readProperties } from "./tables";

/** HubSpot's largest search page. */
export const SEARCH_PAGE = 200;

const searchResponseSchema = z.object({ total: z.number().optional(), results: z.array(simpleObjectSchema).default([]) });

interface Filter {
  propertyName: string;
  operator: "GT" | "LTE" | "EQ";
  value: string;
}

/** One CRM search page: one filter group (AND), one sort, no offset (every page is a new query). */
export async function searchPage(client: HubSpotClient, type: CrmObjectType, filters: Filter[], sortBy: string, properties = readProperties(type)) {
  const { data } = await client.request({
    method: "POST",
    path: client.paths.search(type),
    body: { filterGroups: [{ filters }], sorts: [{ propertyName: sortBy, direction: "ASCENDING" }], properties, limit: SEARCH_PAGE },
    schema: searchResponseSchema,
    isIdempotent: true,
  });
  return data.results;
}

const modifiedMs = (type: CrmObjectType, o: SimpleObject) => {
  const raw = o.properties[MODIFIED_PROPERTY[type]] ?? o.updatedAt;
  return /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
};

const watermarkKey = (type: CrmObjectType) => `watermark:${type}`;

/** Everything modified at or before `ms` is in the mirror (persisted per type). */
export async function readWatermark(type: CrmObjectType): Promise<number> {
  return (await readState<{ ms: number }>(watermarkKey(type))).ms ?? 0;
}

/**
 * Every record of one instant, paged by id: the way past a full page of ties (a bulk import can
 * give thousands of records one last-modified time), where sorting by time cannot move on.
 */
async function drainInstant(client: HubSpotClient, type: CrmObjectType, ms: number) {
  let afterId = "0";
  let objects = 0;
  let pages = 0;
  for (;;) {
    const page = await searchPage(
      client,
      type,
      [{ propertyName: MODIFIED_PROPERTY[type], operator: "EQ", value: String(ms) }, { propertyName: "hs_object_id", operator: "GT", value: afterId }],
      "hs_object_id",
    );
    await applyObjects(client, type, page, false);
    objects += page.length;
    pages++;
    if (page.length < SEARCH_PAGE) return { objects, pages };
    afterId = page[page.length - 1].id;
  }
}

/**
 * Incremental sync of one type by last-modified time, from the persisted watermark up to
 * `horizonMs` (now less the search index's lag). Every page is a fresh query from the watermark
 * (filter `> watermark`, sorted by modified time), so HubSpot's 10,000-result cap on paging never
 * applies and records modified meanwhile cannot shift a page. After a full page the watermark
 * moves to just before its last instant, whose records come again at the head of the next page;
 * a page made of one instant is gone through by id. Each page's associations are read in batches.
 */
export async function catchUpType(client: HubSpotClient, type: CrmObjectType, horizonMs: number) {
  let ms = await readWatermark(type);
  let objects = 0;
  let pages = 0;
  while (ms < horizonMs) {
    const page = await searchPage(
      client,
      type,
      [{ propertyName: MODIFIED_PROPERTY[type], operator: "GT", value: String(ms) }, { propertyName: MODIFIED_PROPERTY[type], operator: "LTE", value: String(horizonMs) }],
      MODIFIED_PROPERTY[type],
    );
    pages++;
    await applyObjects(client, type, page, false);
    objects += page.length;
    if (page.length < SEARCH_PAGE) {
      ms = horizonMs;
    } else {
      const first = modifiedMs(type, page[0]);
      const last = modifiedMs(type, page[page.length - 1]);
      if (first === last) {
        const drained = await drainInstant(client, type, last);
        objects += drained.objects;
        pages += drained.pages;
      }
      ms = first === last ? last : last - 1;
    }
    await writeState(watermarkKey(type), { ms });
  }
  return { objects, pages };
}

/** The catch-up of every type; returns what it read. */
export async function catchUp(client: HubSpotClient, searchLagMs: number) {
  const horizon = Date.now() - searchLagMs;
  const result: Record<string, { objects: number; pages: number }> = {};
  for (const type of CRM_OBJECT_TYPES) result[type] = await catchUpType(client, type, horizon);
  return result;
}
