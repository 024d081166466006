import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import { getHubSpot } from "../hubspot";
import { HubSpotNotFoundError } from "../hubspot/errors";
import { recordWithAssociationsSchema } from "../hubspot/schemas";
import { LIST_PROPERTIES } from "./crm-objects";

const ASSOCIATED: Record<CrmObjectType, CrmObjectType[]> = { contacts: ["deals", "tickets"], deals: ["contacts"], tickets: ["contacts"] };

export interface CrmRecord {
  id: string;
  type: CrmObjectType;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  associations: { type: CrmObjectType; ids: string[] }[];
}

/** One HubSpot record with its associations, for the record view (the sandbox has no HubSpot UI); null when missing. */
export async function getCrmRecord({ type, id }: { type: CrmObjectType; id: string }): Promise<CrmRecord | null> {
  try {
    const hubspot = getHubSpot();
    const { data } = await hubspot.request({
      method: "GET",
      path: hubspot.paths.object(type, id),
      query: { properties: LIST_PROPERTIES[type].join(","), associations: ASSOCIATED[type].join(",") },
      schema: recordWithAssociationsSchema,
    });
    return {
      id: data.id,
      type,
      properties: data.properties,
      createdAt: data.createdAt,
      updatedAt: data.updatedAt,
      associations: ASSOCIATED[type].map((t) => ({ type: t, ids: [...new Set((data.associations?.[t]?.results ?? []).map((r) => r.id))] })),
    };
  } catch (e) {
    if (e instanceof HubSpotNotFoundError) return null;
    throw e;
  }
}
