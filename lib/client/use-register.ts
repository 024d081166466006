"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RegistrationInput, RegistrationResponse } from "@/lib/schemas/registration";
import { apiFetch } from "./api";
import { REGISTRATIONS_KEY } from "./use-registrations";

/**
 * The register call answers 200 with the HubSpot ids, or 202 when HubSpot could not take it in
 * time (stored, synced in the background): both are results the page shows.
 */
export type RegisterResult =
  | { kind: "synced"; data: RegistrationResponse }
  | { kind: "queued"; registrationId: string; statusUrl: string; message: string };

export function useRegister() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: RegistrationInput): Promise<RegisterResult> => {
      const answer = await apiFetch("/api/crm/register", (s) => s.registerAnswerSchema, { method: "POST", json: input });
      if ("contact_id" in answer) return { kind: "synced", data: answer };
      return { kind: "queued", registrationId: answer.registration_id, statusUrl: answer.status_url, message: answer.message };
    },
    onSettled: () => {
      // A refused registration is stored too (failed, with the reason): every outcome changes the lists.
      client.invalidateQueries({ queryKey: ["crm-objects"] });
      client.invalidateQueries({ queryKey: ["local-objects"] });
      client.invalidateQueries({ queryKey: REGISTRATIONS_KEY });
    },
  });
}
