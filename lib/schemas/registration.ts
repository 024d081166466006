import { z } from "zod";
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
