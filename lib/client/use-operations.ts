"use client";
import { useQuery } from "@tanstack/react-query";
import type { OperationsOverview } from "@/lib/schemas/operations";
import { apiFetch } from "./api";

/** How often the operations page asks again (react-query pauses while the tab is hidden). */
export const OPERATIONS_REFRESH_MS = 5_000;

/** The operations overview, starting from what the server rendered and refreshed every few seconds. */
export function useOperations(initial: OperationsOverview) {
  return useQuery({
    queryKey: ["operations"],
    queryFn: () => apiFetch("/api/operations", (s) => s.operationsOverviewSchema),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    refetchInterval: OPERATIONS_REFRESH_MS,
    staleTime: 0,
  });
}
