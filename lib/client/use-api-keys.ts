"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKeyCreateInput } from "@/lib/schemas/api-key";
import { apiFetch } from "./api";

const KEY = ["api-keys"];

export function useApiKeys() {
  return useQuery({ queryKey: KEY, queryFn: () => apiFetch("/api/api-keys", (s) => s.apiKeyListSchema), select: (d) => d.results });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiKeyCreateInput) => apiFetch("/api/api-keys", (s) => s.apiKeyCreatedSchema, { method: "POST", json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/api-keys/${id}`, null, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
