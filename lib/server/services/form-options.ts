import "server-only";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { PipelineObjectType, PipelinesResponse } from "@/lib/schemas/pipeline";
import type { PropertyResponse } from "@/lib/schemas/property";
import { cachedReads } from "../cached-reads";
import { AppError } from "../errors";
import { getHubSpot } from "../hubspot";
import { getProperty } from "../hubspot/crm";
import { HubSpotNotFoundError } from "../hubspot/errors";
import { getPipelines } from "./pipelines";

const propertyReads = cachedReads<PropertyResponse>();

/** Pipelines and their stages in display order (the cached read the register service uses too). */
export async function listPipelineOptions({ type }: { type: PipelineObjectType }): Promise<PipelinesResponse> {
  const pipelines = await getPipelines(getHubSpot(), type);
  return {
    type,
    results: pipelines.map((p) => ({
      id: p.id,
      label: p.label,
      stages: [...p.stages]
        .sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))
        .map(({ id, label }) => ({ id, label })),
    })),
  };
}

async function readProperty(objectType: CrmObjectType, propertyName: string): Promise<PropertyResponse> {
  try {
    const { data } = await getProperty(getHubSpot(), objectType, propertyName);
    return {
      object_type: objectType,
      name: data.name,
      label: data.label ?? data.name,
      type: data.type ?? "string",
      options: (data.options ?? []).map(({ value, label }) => ({ value, label })),
    };
  } catch (e) {
    if (e instanceof HubSpotNotFoundError) throw new AppError("NOT_FOUND", `HubSpot has no ${objectType} property ${propertyName}.`);
    throw e;
  }
}

/** A property and its options, cached per property (../cached-reads.ts). */
export function getPropertyOptions({ objectType, propertyName }: { objectType: CrmObjectType; propertyName: string }) {
  return propertyReads(`${objectType}/${propertyName}`, () => readProperty(objectType, propertyName));
}

