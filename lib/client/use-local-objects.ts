"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { CrmObjectType } from "@/lib/schemas/constants";
import { apiFetch } from "./api";

const typeQuery = (type?: CrmObjectType): Record<string, string> => (type ? { type } : {});

/** Offset paging: page numbers and totals. */
export function useLocalObjects({ page, limit, type, enabled = true }: { page: number; limit: number; type?: CrmObjectType; enabled?: boolean }) {
  const query = new URLSearchParams({ page: String(page), limit: String(limit), ...typeQuery(type) });
  return useQuery({
    queryKey: ["local-objects", "offset", page, limit, type ?? null],
    queryFn: () => apiFetch(`/api/objects/local?${query}`, (s) => s.localObjectsPageSchema),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Keyset paging on the row id: constant cost at any depth. */
export function useLocalObjectsAfter({ after, limit, type, enabled = true }: { after?: string; limit: number; type?: CrmObjectType; enabled?: boolean }) {
  const query = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}), ...typeQuery(type) });
  return useQuery({
    queryKey: ["local-objects", "keyset", after ?? null, limit, type ?? null],
    queryFn: () => apiFetch(`/api/objects/local-cursor?${query}`, (s) => s.localCursorPageSchema),
    placeholderData: keepPreviousData,
    enabled,
  });
}
