import { z } from "zod";
import { REGISTRATION_STATUSES } from "./constants";
import { contactSchema } from "./contact";
import { dealSchema } from "./deal";
import { ticketSchema } from "./ticket";

/** HubSpot's batch endpoints take at most 100 inputs; one registration fits in one batch. */
export const MAX_OBJECTS_PER_REGISTRATION = 100;

export const registrationSchema = z
  .strictObject({
    contact: contactSchema,
    deals: z.array(dealSchema).max(MAX_OBJECTS_PER_REGISTRATION).default([]),
    tickets: z.array(ticketSchema).max(MAX_OBJECTS_PER_REGISTRATION).default([]),
  })
  .meta({ id: "RegistrationRequest" });

export type RegistrationInput = z.infer<typeof registrationSchema>;

export const registrationResponseSchema = z
  .object({
    success: z.literal(true),
    message: z.string().meta({ example: "Contact, Deal(s), and Ticket(s) processed successfully." }),
    contact_id: z.string().meta({ example: "12345" }),
    deal_ids: z.array(z.string()).meta({ example: ["67890"] }),
    ticket_ids: z.array(z.string()).meta({ example: ["98765"] }),
  })
  .meta({ id: "RegistrationResponse" });

export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;

/** 202: accepted and stored; HubSpot could not take it within the deadline, a worker will. */
export const registrationAcceptedSchema = z
  .object({
    success: z.literal(true),
    status: z.literal("pending"),
    message: z.string().meta({ example: "Accepted: HubSpot is unavailable right now; the registration will be synced in the background." }),
    registration_id: z.uuid(),
    status_url: z.string().meta({ example: "/api/registrations/6f1c0a3e-9a53-4c43-8a59-1f0a4c9b1e2d" }),
  })
  .meta({ id: "RegistrationAccepted" });
export type RegistrationAccepted = z.infer<typeof registrationAcceptedSchema>;

/**
 * What POST /api/crm/register answers: 200 with the HubSpot ids, or 202 when HubSpot could not
 * take it in time (stored, synced in the background).
 */
export const registerAnswerSchema = z.union([registrationResponseSchema, registrationAcceptedSchema]);

export const registrationStatusSchema = z
  .object({
    registration_id: z.uuid(),
    status: z.enum(REGISTRATION_STATUSES).meta({
      description:
        "pending: HubSpot will be tried (again); synced: every object is in HubSpot; partial: HubSpot refused part of it and holds the rest (ids below); needs_attention: stopped until staff retry or reconnect (reason in last_error); failed: refused with nothing written.",
    }),
    attempts: z.number().int(),
    last_error: z
      .string()
      .nullable()
      .meta({ description: "Why the last attempt failed (pending), why it was refused (partial, failed) or why it stopped (needs_attention)." }),
    contact_id: z.string().nullable(),
    deal_ids: z.array(z.string()).meta({ description: "Deals HubSpot holds for it: all of them once synced, those created so far otherwise." }),
    ticket_ids: z.array(z.string()).meta({ description: "Tickets HubSpot holds for it: all of them once synced, those created so far otherwise." }),
    email: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    synced_at: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
  })
  .meta({ id: "RegistrationStatus" });
export type RegistrationStatus = z.infer<typeof registrationStatusSchema>;

/** `Idempotency-Key` header: the same key and body replay the first answer (kept at least 24 h). */
export const idempotencyKeySchema = z
  .string()
  .min(1, { error: "must not be empty", abort: true })
  .max(255, { error: "must be at most 255 characters" })
  .regex(/^[\x21-\x7e]+$/, { error: "must be printable ASCII without spaces" });

export const registrationsPageSchema = z
  .object({ results: z.array(registrationStatusSchema), next_before: z.string().nullable() })
  .meta({ id: "RegistrationsPage" });
