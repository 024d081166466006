import "server-only";
import type { CrmObjectsQuery } from "@/lib/schemas/crm-objects";
import { validationError } from "../errors";
import { getHubSpot } from "../hubspot";
import { listObjects } from "../hubspot/crm";
import { HubSpotValidationError } from "../hubspot/errors";

/** The properties shown per type (HubSpot returns only a few by default). */
export const LIST_PROPERTIES = {
  contacts: ["email", "firstname", "lastname", "phone"],
  deals: ["dealname", "amount", "dealstage", "pipeline", "closedate"],
  tickets: ["subject", "content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_priority", "hs_ticket_category"],
} as const;

/** One page of HubSpot objects; HubSpot's opaque cursor is passed through as `next_after`. */
export async function listCrmObjects({ type, limit, after }: CrmObjectsQuery) {
  try {
    const res = await listObjects(getHubSpot(), type, { limit, after, properties: [...LIST_PROPERTIES[type]] });
    const results = res.data.results.map(({ id, properties, createdAt, updatedAt, archived }) => ({
      id,
      properties,
      createdAt,
      updatedAt,
      archived,
    }));
    return { [type]: results, next_after: res.data.paging?.next?.after ?? null };
  } catch (e) {
    // HubSpot answers 400 to a cursor it did not issue.
    if (e instanceof HubSpotValidationError && after) throw validationError([{ field: "after", message: "is not a valid cursor" }]);
    throw e;
  }
}
