import { z } from "zod";
import { text } from "./text";

/** A contact as the API accepts it: HubSpot property names, email is the dedupe key. */
export const contactSchema = z
  .strictObject({
    email: z.email({ error: "must be a valid email address" }).max(254).meta({ example: "john.doe@example.com" }),
    firstname: text(100).optional().meta({ example: "John" }),
    lastname: text(100).optional().meta({ example: "Doe" }),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[0-9+().\-\s]*$/, { error: "may contain only digits, spaces and + ( ) . -" })
      .optional()
      .meta({ example: "123-456-7890" }),
  })
  .meta({ id: "Contact", description: "Created or updated in HubSpot by email." });

export type ContactInput = z.infer<typeof contactSchema>;
