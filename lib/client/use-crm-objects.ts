"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { CrmObjectType } from "@/lib/schemas/constants";
import { apiFetch } from "./api";

export type CrmObjectsSource = "live" | "mirror";

/**
 * One page of HubSpot objects of a type: live from HubSpot (`after` is HubSpot's cursor), or from
 * the local mirror, with search (`q`) and a sort column (`sort`, `-` first for descending).
 */
export function useCrmObjects({ type, limit, after, source = "live", q, sort }: {
  type: CrmObjectType;
  limit: number;
  after?: string;
  source?: CrmObjectsSource;
  q?: string;
  sort?: string;
}) {
  const mirror = source === "mirror";
  const query = new URLSearchParams({
    type,
    limit: String(limit),
    ...(after ? { after } : {}),
    ...(mirror ? { source, ...(q ? { q } : {}), ...(sort ? { sort } : {}) } : {}),
  });
  return useQuery({
    queryKey: ["crm-objects", type, limit, after ?? null, source, mirror ? (q ?? "") : "", mirror ? (sort ?? "") : ""],
    queryFn: () => apiFetch(`/api/crm/objects?${query}`, (s) => s.crmObjectsResponseSchema),
    select: (d) => ({ results: d[type] ?? [], nextAfter: d.next_after, lastSyncedAt: d.last_synced_at ?? null }),
    placeholderData: keepPreviousData,
    // The mirror is local and cheap to read: keep "last synced" and new rows current while looking.
    refetchInterval: mirror ? 15_000 : false,
  });
}
