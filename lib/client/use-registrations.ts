"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RegistrationStatusName } from "@/lib/schemas/constants";
import type { RegistrationStatus } from "@/lib/schemas/registration";
import { apiFetch } from "./api";
import { hasPending, registrationsQuery, replaceRow } from "./registration-view";

export const REGISTRATIONS_KEY = ["registrations"] as const;
/** How often a list or a registration with something pending asks again (only while the tab is visible). */
export const PENDING_REFRESH_MS = 3_000;

type Page = { results: RegistrationStatus[]; next_before: string | null };

/** Stored registrations, newest first; `before` is the previous page's `next_before`. Pending rows refresh themselves. */
export function useRegistrations({ status, limit, before }: { status?: RegistrationStatusName; limit: number; before?: string }) {
  return useQuery({
    queryKey: [...REGISTRATIONS_KEY, "list", status ?? null, limit, before ?? null],
    queryFn: () => apiFetch(`/api/registrations?${registrationsQuery({ status, limit, before })}`, (s) => s.registrationsPageSchema),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (hasPending(q.state.data?.results) ? PENDING_REFRESH_MS : false),
  });
}

/** One registration, followed while it is pending (or not loaded yet). */
export function useRegistration(registrationId: string | undefined) {
  return useQuery({
    queryKey: [...REGISTRATIONS_KEY, "one", registrationId],
    queryFn: () => apiFetch(`/api/registrations/${registrationId}`, (s) => s.registrationStatusSchema),
    enabled: Boolean(registrationId),
    refetchInterval: (q) => (q.state.error ? false : q.state.data?.status === "pending" || !q.state.data ? PENDING_REFRESH_MS : false),
  });
}

/** Put a failed (or waiting) registration back in the queue; its rows show the answer at once, then everything is read again. */
export function useRetryRegistration() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (registrationId: string) =>
      apiFetch(`/api/registrations/${registrationId}/retry`, (s) => s.registrationStatusSchema, { method: "POST" }),
    onSuccess: (row) => {
      client.setQueryData([...REGISTRATIONS_KEY, "one", row.registration_id], row);
      client.setQueriesData<Page>({ queryKey: [...REGISTRATIONS_KEY, "list"] }, (page) => page && replaceRow(page, row));
    },
    onSettled: () => client.invalidateQueries({ queryKey: REGISTRATIONS_KEY }),
  });
}

/** The retry mutation, handed to the pieces of the registrations page that offer Retry. */
export type RetryRegistration = ReturnType<typeof useRetryRegistration>;
