"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ImportMapping } from "@/lib/schemas/import-fields";
import { apiFetch } from "./api";

export const IMPORTS_KEY = ["imports"] as const;
/** How often a running import asks for its progress (only while the tab is visible). */
export const IMPORT_REFRESH_MS = 1_000;

/** An import's progress, followed while it is being validated or sent. */
export function useImport(importId: string | undefined) {
  return useQuery({
    queryKey: [...IMPORTS_KEY, "one", importId],
    queryFn: () => apiFetch(`/api/imports/${importId}`, (s) => s.importStatusSchema),
    enabled: Boolean(importId),
    refetchInterval: (q) => (q.state.error ? false : q.state.data?.status === "done" || q.state.data?.status === "validated" ? false : IMPORT_REFRESH_MS),
  });
}

/**
 * One page of an import's rows in a state. `version` (how many rows have finished) is part of the
 * key: whenever the import's figures move, the page is read again, never shown from an older count.
 */
export function useImportRows(importId: string, state: string, afterLine: number, version: number) {
  return useQuery({
    queryKey: [...IMPORTS_KEY, "rows", importId, state, afterLine, version],
    queryFn: () => apiFetch(`/api/imports/${importId}/rows?state=${state}&after_line=${afterLine}&limit=20`, (s) => s.importRowsPageSchema),
    placeholderData: keepPreviousData,
  });
}

/** Upload a file with its mapping: validated and staged, nothing sent yet. */
export function useUploadImport() {
  return useMutation({
    mutationFn: ({ file, mapping }: { file: File; mapping: ImportMapping }) => {
      const form = new FormData();
      form.append("mapping", JSON.stringify(mapping));
      form.append("validate_only", "true");
      form.append("file", file, file.name);
      return apiFetch("/api/imports", (s) => s.importAcceptedSchema, { method: "POST", body: form });
    },
  });
}

/** Send a validated import; `skipInvalid` leaves its invalid rows out. */
export function useStartImport(importId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (skipInvalid: boolean) =>
      apiFetch(`/api/imports/${importId}/start`, (s) => s.importAcceptedSchema, { method: "POST", json: { skip_invalid: skipInvalid } }),
    onSettled: () => client.invalidateQueries({ queryKey: IMPORTS_KEY }),
  });
}
