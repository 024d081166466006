"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { WebhookDeliveriesPage, WebhookEndpointCreateInput } from "@/lib/schemas/webhook";
import { apiFetch } from "./api";

const KEY = ["webhooks"] as const;
/** How often a deliveries page with something not yet settled asks again (only while the tab is visible). */
const UNSETTLED_REFRESH_MS = 3_000;

export function useWebhookEndpoints() {
  return useQuery({ queryKey: [...KEY, "endpoints"], queryFn: () => apiFetch("/api/webhooks", (s) => s.webhookEndpointListSchema), select: (d) => d.results });
}

export function useCreateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: WebhookEndpointCreateInput) => apiFetch("/api/webhooks", (s) => s.webhookEndpointCreatedSchema, { method: "POST", json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useUpdateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      apiFetch(`/api/webhooks/${id}`, (s) => s.webhookEndpointSchema, { method: "PATCH", json: { enabled } }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/webhooks/${id}`, null, { method: "DELETE" }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useSendTestEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/webhooks/${id}/test`, null, { method: "POST" }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...KEY, "deliveries"] }),
  });
}

const isUnsettled = (page: WebhookDeliveriesPage | undefined) => page?.results.some((d) => d.status === "pending" || d.status === "retrying") ?? false;

/** One endpoint's deliveries, newest first; `before` is the previous page's `next_before`. */
export function useWebhookDeliveries(endpointId: string | undefined, before?: string, limit = 20) {
  return useQuery({
    queryKey: [...KEY, "deliveries", endpointId, before ?? null, limit],
    queryFn: () => apiFetch(`/api/webhooks/${endpointId}/deliveries?limit=${limit}${before ? `&before=${before}` : ""}`, (s) => s.webhookDeliveriesPageSchema),
    enabled: Boolean(endpointId),
    placeholderData: keepPreviousData,
    // New events arrive at any time: a live list (faster while something is on its way).
    refetchInterval: (q) => (q.state.error ? false : isUnsettled(q.state.data) ? UNSETTLED_REFRESH_MS : 2 * UNSETTLED_REFRESH_MS),
  });
}
