import { z } from "zod";
import { CRM_OBJECT_TYPES, MIRROR_SORT_KEYS, type CrmObjectType } from "./constants";
import { decodeMirrorCursor, searchTerms } from "./mirror-query";
import { pageLimit } from "./paging";

const sortHelp = (type: CrmObjectType) => `must be one of ${MIRROR_SORT_KEYS[type].join(", ")} (prefixed with "-" for descending)`;

/**
 * GET /api/crm/objects: live, HubSpot's cursor passed through verbatim (the default); or, with
 * `source=mirror`, `q` or `sort`, the local mirror: keyset pages in any order of the shown
 * columns, full-text search. A cursor belongs to the mode and sort that issued it.
 */
export const crmObjectsQuerySchema = z
  .strictObject({
    type: z.enum(CRM_OBJECT_TYPES, { error: `must be one of ${CRM_OBJECT_TYPES.join(", ")}` }).default("contacts"),
    limit: pageLimit(20),
    after: z
      .string()
      .max(512, { error: "is not a valid cursor" })
      .regex(/^[A-Za-z0-9%=_\-.~+/]+$/, { error: "is not a valid cursor" })
      .optional()
      .meta({ description: "`next_after` of the previous page." }),
    source: z
      .enum(["live", "mirror"], { error: "must be live or mirror" })
      .optional()
      .meta({ description: "`live` (default): HubSpot, one call per page. `mirror`: the local mirror (implied by `q` or `sort`)." }),
    q: z
      .string()
      .max(200, { error: "must be at most 200 characters" })
      .optional()
      .meta({ description: "Mirror only: words searched as prefixes in names and emails, deal names or ticket subjects.", example: "ada" }),
    sort: z
      .string()
      .max(40, { error: "is not a sort column" })
      .optional()
      .meta({ description: "Mirror only: a shown column, `-` first for descending (default `id`).", example: "-created" }),
  })
  .superRefine((v, ctx) => {
    const issue = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (v.source === "live") {
      if (v.q !== undefined) issue("q", "searches the mirror: use source=mirror");
      if (v.sort !== undefined) issue("sort", "sorts the mirror: use source=mirror");
      return;
    }
    if (v.source === undefined && v.q === undefined && v.sort === undefined) return;
    if (v.q !== undefined && searchTerms(v.q).length === 0) issue("q", "must contain a letter or a digit");
    const key = (v.sort ?? "id").replace(/^-/, "");
    if (!(MIRROR_SORT_KEYS[v.type] as readonly string[]).includes(key)) issue("sort", sortHelp(v.type));
    if (v.after === undefined) return;
    const cursor = decodeMirrorCursor(v.after);
    if (!cursor) issue("after", "is not a valid cursor");
    else if (cursor.sort !== (v.sort ?? "id")) issue("after", "belongs to another sort order");
  });
/** Whether a query reads the mirror (source=mirror, or q or sort given). */
export const readsMirror = (q: Pick<CrmObjectsQuery, "source" | "q" | "sort">) =>
  q.source === "mirror" || (q.source === undefined && (q.q !== undefined || q.sort !== undefined));
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
    source: z.literal("mirror").optional().meta({ description: "Present when the page came from the local mirror." }),
    last_synced_at: z.string().nullable().optional().meta({ description: "Mirror only: when it last heard from HubSpot (null: never)." }),
  })
  .meta({ id: "CrmObjectsPage", description: "One key, named after the requested type, holds the page." });
