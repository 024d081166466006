import { z } from "zod";
import { CRM_OBJECT_TYPES } from "./constants";

/** Path parameters of GET /api/crm/properties/{objectType}/{propertyName}. */
export const propertyParamsSchema = z.object({
  objectType: z.enum(CRM_OBJECT_TYPES, { error: `must be one of ${CRM_OBJECT_TYPES.join(", ")}` }),
  propertyName: z
    .string()
    .regex(/^[a-z0-9_]{1,100}$/, { error: "must be a HubSpot property name (lower case, digits, _)" })
    .meta({ example: "hs_ticket_category" }),
});

export const propertyOptionSchema = z.object({
  value: z.string().meta({ example: "BILLING_ISSUE" }),
  label: z.string().meta({ example: "Billing issue" }),
});
export type PropertyOption = z.infer<typeof propertyOptionSchema>;

export const propertyResponseSchema = z
  .object({
    object_type: z.enum(CRM_OBJECT_TYPES),
    name: z.string().meta({ example: "hs_ticket_category" }),
    label: z.string().meta({ example: "Category" }),
    type: z.string().meta({ example: "enumeration" }),
    options: z.array(propertyOptionSchema).meta({ description: "Allowed values of an enumeration; empty otherwise." }),
  })
  .meta({ id: "PropertyOptions", description: "A HubSpot property and its options, for the form's selects." });
export type PropertyResponse = z.infer<typeof propertyResponseSchema>;
