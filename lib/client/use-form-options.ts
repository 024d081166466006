"use client";
import { useQuery } from "@tanstack/react-query";
import type { PipelineObjectType } from "@/lib/schemas/pipeline";
import { pipelinesResponseSchema } from "@/lib/schemas/pipeline";
import { propertyResponseSchema } from "@/lib/schemas/property";
import type { CrmObjectType } from "@/lib/schemas/pagination";
import { apiFetch } from "./api";

/** Pipelines change rarely: keep them for 10 minutes in the browser too. */
const STALE_MS = 10 * 60_000;

export function usePipelines(type: PipelineObjectType) {
  return useQuery({
    queryKey: ["pipelines", type],
    queryFn: () => apiFetch(`/api/crm/pipelines?type=${type}`, pipelinesResponseSchema),
    staleTime: STALE_MS,
    select: (d) => d.results,
  });
}

export function usePropertyOptions(objectType: CrmObjectType, propertyName: string) {
  return useQuery({
    queryKey: ["property", objectType, propertyName],
    queryFn: () => apiFetch(`/api/crm/properties/${objectType}/${propertyName}`, propertyResponseSchema),
    staleTime: STALE_MS,
    select: (d) => d.options,
  });
}
