"use client";
import { useQuery } from "@tanstack/react-query";
import type { CrmObjectType } from "@/lib/schemas/constants";
import type { PipelineObjectType } from "@/lib/schemas/pipeline";
import { apiFetch } from "./api";

/** Pipelines change rarely: keep them for 10 minutes in the browser too. */
const STALE_MS = 10 * 60_000;

export function usePipelines(type: PipelineObjectType) {
  return useQuery({
    queryKey: ["pipelines", type],
    queryFn: () => apiFetch(`/api/crm/pipelines?type=${type}`, (s) => s.pipelinesResponseSchema),
    staleTime: STALE_MS,
    select: (d) => d.results,
  });
}

export function usePropertyOptions(objectType: CrmObjectType, propertyName: string) {
  return useQuery({
    queryKey: ["property", objectType, propertyName],
    queryFn: () => apiFetch(`/api/crm/properties/${objectType}/${propertyName}`, (s) => s.propertyResponseSchema),
    staleTime: STALE_MS,
    select: (d) => d.options,
  });
}
