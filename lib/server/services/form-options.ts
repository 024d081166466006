import "server-only";
import type { CrmObjectType } from "@/lib/schemas/pagination";
import type { PipelineObjectType, PipelinesResponse } from "@/lib/schemas/pipeline";
import type { PropertyResponse } from "@/lib/schemas/property";
import { AppError } from "../errors";
import { getHubSpot } from "../hubspot";
import { getProperty } from "../hubspot/crm";
import { HubSpotNotFoundError } from "../hubspot/errors";
import { getPipelines } from "./pipelines";

/** Property definitions change rarely: one read per 10 minutes keeps the selects off the rate budget. */
const TTL_MS = 10 * 60_000;
const propertyCache = new Map<string, { at: number; value: Promise<PropertyResponse> }>();

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

/** A property and its options, cached per property; a failed read is not cached. */
export function getPropertyOptions({ objectType, propertyName }: { objectType: CrmObjectType; propertyName: string }) {
  const key = `${objectType}/${propertyName}`;
  const hit = propertyCache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = readProperty(objectType, propertyName);
  propertyCache.set(key, { at: Date.now(), value });
  value.catch(() => propertyCache.delete(key));
  return value;
}

