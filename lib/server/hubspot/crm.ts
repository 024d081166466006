import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { HubSpotClient } from "./client";
import {
  batchResponseSchema,
  listResponseSchema,
  hubSpotPipelinesResponseSchema,
  propertySchema,
  anySchema,
} from "./schemas";

/** HubSpot-defined association type ids. */
export const ASSOCIATION_TYPE = { dealToContact: 3, ticketToContact: 16 } as const;

export interface CreateInput {
  properties: Record<string, string>;
  associations: { to: { id: string }; types: { associationCategory: "HUBSPOT_DEFINED"; associationTypeId: number }[] }[];
  /** Lets HubSpot answer 207 per item instead of failing the whole batch. */
  objectWriteTraceId: string;
}

/** POST …/objects/{type}/batch/create. Not idempotent: callers reconcile on ambiguity. */
export function batchCreate(client: HubSpotClient, type: CrmObjectType, inputs: CreateInput[], hasSlot = false) {
  return client.request({
    hasSlot,
    method: "POST",
    path: client.paths.batch(type, "create"),
    body: { inputs },
    schema: batchResponseSchema,
    isIdempotent: false,
  });
}

/** POST …/batch/upsert by a unique property (email for contacts). Safe to repeat. */
export function batchUpsert(
  client: HubSpotClient,
  type: CrmObjectType,
  idProperty: string,
  inputs: { id: string; properties: Record<string, string>; objectWriteTraceId?: string }[],
  hasSlot = false,
) {
  return client.request({
    hasSlot,
    method: "POST",
    path: client.paths.batch(type, "upsert"),
    body: { inputs: inputs.map((i) => ({ ...i, idProperty })) },
    schema: batchResponseSchema,
    isIdempotent: true,
  });
}

/** POST …/batch/read by id or a unique property. Missing ids come back as 207 errors. `archived`: read deleted ones instead. */
export function batchRead(client: HubSpotClient, type: CrmObjectType, ids: string[], idProperty?: string, properties: string[] = [], archived = false) {
  return client.request({
    method: "POST",
    path: client.paths.batch(type, "read"),
    query: archived ? { archived: "true" } : undefined,
    body: { inputs: ids.map((id) => ({ id })), properties, ...(idProperty ? { idProperty } : {}) },
    schema: batchResponseSchema,
    isIdempotent: true,
  });
}

export function listObjects(client: HubSpotClient, type: CrmObjectType, q: { limit: number; after?: string; properties: string[] }) {
  return client.request({
    method: "GET",
    path: client.paths.objects(type),
    query: { limit: q.limit, after: q.after, properties: q.properties.join(",") },
    schema: listResponseSchema,
  });
}

export function listPipelines(client: HubSpotClient, type: "deals" | "tickets") {
  return client.request({ method: "GET", path: client.paths.pipelines(type), schema: hubSpotPipelinesResponseSchema });
}

export function getProperty(client: HubSpotClient, type: CrmObjectType, name: string) {
  return client.request({ method: "GET", path: client.paths.property(type, name), schema: propertySchema });
}

export function createProperty(client: HubSpotClient, type: CrmObjectType, definition: Record<string, unknown>) {
  return client.request({
    method: "POST",
    path: client.paths.properties(type),
    body: definition,
    schema: anySchema,
    isIdempotent: false,
  });
}
