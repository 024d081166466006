"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { registrationResponseSchema, type RegistrationInput } from "@/lib/schemas/registration";
import { apiFetch } from "./api";

/**
 * The register call answers 200 with the HubSpot ids, or (when registrations are synced in the
 * background) 202 with where to follow it: both are results the page shows.
 */
const queuedSchema = z.object({ registration_id: z.string(), status_url: z.string().optional() }).loose();
const answerSchema = z.union([registrationResponseSchema, queuedSchema]);

export type RegisterResult =
  | { kind: "synced"; data: z.infer<typeof registrationResponseSchema> }
  | { kind: "queued"; registrationId: string; statusUrl?: string };

export function useRegister() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: RegistrationInput): Promise<RegisterResult> => {
      const answer = await apiFetch("/api/crm/register", answerSchema, { method: "POST", json: input });
      if ("contact_id" in answer) return { kind: "synced", data: answer as z.infer<typeof registrationResponseSchema> };
      return { kind: "queued", registrationId: String(answer.registration_id), statusUrl: answer.status_url as string | undefined };
    },
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ["crm-objects"] });
      client.invalidateQueries({ queryKey: ["local-objects"] });
    },
  });
}
