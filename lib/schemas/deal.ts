import { z } from "zod";
import { text } from "./text";

/**
 * A number in plain decimal notation: `String(1e21)` and `String(3.5e-8)` use an exponent, which
 * HubSpot refuses as "not a valid number" (after the contact was already written).
 */
const plainDecimal = (n: number) => (/e/i.test(String(n)) ? n.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 }) : String(n));

/** Deal amount: a number or a numeric string, sent to HubSpot as a string. */
const amountSchema = z
  .union([z.number().finite().nonnegative(), z.string().trim().regex(/^\d+(\.\d{1,2})?$/, { error: "must be a number" })], {
    error: "must be a non-negative number",
  })
  .transform((v) => (typeof v === "number" ? plainDecimal(v) : v))
  .meta({ example: 1200 });

export const dealSchema = z
  .strictObject({
    dealname: text(255).min(1, { error: "is required" }).meta({ example: "New Deal" }),
    amount: amountSchema.optional(),
    dealstage: text(100)
      .min(1)
      .optional()
      .meta({ description: "Stage id or label in the deal's pipeline; default: its first stage.", example: "appointmentscheduled" }),
    pipeline: text(100)
      .min(1)
      .optional()
      .meta({ description: "Pipeline id or label; default: HubSpot's default pipeline.", example: "default" }),
    closedate: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).or(z.iso.date()).optional(),
  })
  .meta({ id: "Deal", description: "Created in HubSpot and associated with the contact." });

export type DealInput = z.infer<typeof dealSchema>;
