"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  registrationAcceptedSchema,
  registrationResponseSchema,
  registrationStatusSchema,
  type RegistrationInput,
  type RegistrationResponse,
} from "@/lib/schemas/registration";
import { apiFetch } from "./api";

/**
 * The register call answers 200 with the HubSpot ids, or 202 when HubSpot could not take it in
 * time (stored, synced in the background): both are results the page shows.
 */
const answerSchema = z.union([registrationResponseSchema, registrationAcceptedSchema]);

export type RegisterResult =
  | { kind: "synced"; data: RegistrationResponse }
  | { kind: "queued"; registrationId: string; statusUrl: string; message: string };

export function useRegister() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: RegistrationInput): Promise<RegisterResult> => {
      const answer = await apiFetch("/api/crm/register", answerSchema, { method: "POST", json: input });
      if ("contact_id" in answer) return { kind: "synced", data: answer };
      return { kind: "queued", registrationId: answer.registration_id, statusUrl: answer.status_url, message: answer.message };
    },
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ["crm-objects"] });
      client.invalidateQueries({ queryKey: ["local-objects"] });
    },
  });
}

/** Follow a queued registration until the background sync finishes (every 3 s while pending). */
export function useRegistrationStatus(registrationId: string | undefined) {
  return useQuery({
    queryKey: ["registration", registrationId],
    queryFn: () => apiFetch(`/api/registrations/${registrationId}`, registrationStatusSchema),
    enabled: Boolean(registrationId),
    refetchInterval: (q) => (q.state.data?.status === "pending" || !q.state.data ? 3_000 : false),
  });
}
