"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { CrmObjectType } from "@/lib/schemas/constants";
import { apiFetch } from "./api";

/** One page of HubSpot objects of a type; `after` is HubSpot's cursor. */
export function useCrmObjects({ type, limit, after }: { type: CrmObjectType; limit: number; after?: string }) {
  const query = new URLSearchParams({ type, limit: String(limit), ...(after ? { after } : {}) });
  return useQuery({
    queryKey: ["crm-objects", type, limit, after ?? null],
    queryFn: () => apiFetch(`/api/crm/objects?${query}`, (s) => s.crmObjectsResponseSchema),
    select: (d) => ({ results: d[type] ?? [], nextAfter: d.next_after }),
    placeholderData: keepPreviousData,
  });
}
