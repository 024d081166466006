import { z } from "zod";
import { CRM_OBJECT_TYPES } from "./constants";
import { pageLimit } from "./paging";

/** GET /api/crm/objects: HubSpot's cursor passed through verbatim. */
export const crmObjectsQuerySchema = z.strictObject({
  type: z.enum(CRM_OBJECT_TYPES, { error: `must be one of ${CRM_OBJECT_TYPES.join(", ")}` }).default("contacts"),
  limit: pageLimit(20),
  after: z
    .string()
    .max(512, { error: "is not a valid cursor" })
    .regex(/^[A-Za-z0-9%=_\-.~+/]+$/, { error: "is not a valid cursor" })
    .optional()
    .meta({ description: "`next_after` of the previous page." }),
});
export type CrmObjectsQuery = z.infer<typeof crmObjectsQuerySchema>;

export const hubSpotObjectSchema = z
  .object({
    id: z.string(),
    properties: z.record(z.string(), z.string().nullable()),
    createdAt: z.string(),
    updatedAt: z.string(),
    archived: z.boolean().optional(),
  })
  .meta({ id: "HubSpotObject" });

export const crmObjectsResponseSchema = z
  .object({
    contacts: z.array(hubSpotObjectSchema).optional(),
    deals: z.array(hubSpotObjectSchema).optional(),
    tickets: z.array(hubSpotObjectSchema).optional(),
    next_after: z.string().nullable(),
  })
  .meta({ id: "CrmObjectsPage", description: "One key, named after the requested type, holds the page." });
