import { z } from "zod";
import { CRM_OBJECT_TYPES } from "./constants";
import { pageLimit } from "./paging";

/** GET /api/objects/local: offset paging. */
export const localObjectsQuerySchema = z.strictObject({
  page: z.coerce
    .number({ error: "must be a whole number of 1 or more" })
    .int({ error: "must be a whole number of 1 or more" })
    .min(1, { error: "must be 1 or more" })
    .max(1_000_000, { error: "is too large" })
    .default(1),
  limit: pageLimit(20),
  type: z.enum(CRM_OBJECT_TYPES, { error: `must be one of ${CRM_OBJECT_TYPES.join(", ")}` }).optional(),
});

/** GET /api/objects/local-cursor: keyset paging on the row id. */
export const localCursorQuerySchema = z.strictObject({
  limit: pageLimit(20),
  after: z
    .string()
    .regex(/^\d{1,18}$/, { error: "is not a valid cursor" })
    .optional()
    .meta({ description: "`next_after` of the previous page." }),
  type: z.enum(CRM_OBJECT_TYPES, { error: `must be one of ${CRM_OBJECT_TYPES.join(", ")}` }).optional(),
});

export const localObjectSchema = z
  .object({
    id: z.string(),
    object_type: z.enum(CRM_OBJECT_TYPES),
    hubspot_id: z.string(),
    label: z.string(),
    registration_id: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "LocalObject" });
export type LocalObject = z.infer<typeof localObjectSchema>;

export const localObjectsPageSchema = z
  .object({
    page: z.number(),
    limit: z.number(),
    total_pages: z.number(),
    total_records: z.number(),
    results: z.array(localObjectSchema),
  })
  .meta({ id: "LocalObjectsPage" });

export const localCursorPageSchema = z
  .object({ results: z.array(localObjectSchema), next_after: z.string().nullable() })
  .meta({ id: "LocalObjectsCursorPage" });
