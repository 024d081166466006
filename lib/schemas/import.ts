import { z } from "zod";
import { REGISTRATION_STATUSES } from "./constants";
import { fieldIssueSchema } from "./error";
import { IMPORT_FIELD_NAMES, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./import-fields";

export const IMPORT_STATUSES = ["validating", "validated", "running", "done"] as const;
/** A row's state: `invalid` (never sent), `staged` (valid, import not started), else its registration's status. */
export const IMPORT_ROW_STATES = ["invalid", "staged", ...REGISTRATION_STATUSES] as const;

const flag = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1")
  .optional();

export const importMappingSchema = z
  .record(z.string(), z.enum(IMPORT_FIELD_NAMES, { error: `must be one of ${IMPORT_FIELD_NAMES.join(", ")}, or null` }).nullable())
  .meta({
    id: "ImportMapping",
    description: "Column header → field (null leaves the column out). Columns not named map by themselves when the header is a field's name.",
    example: { "E-mail": "email", "Deal value": "amount", Notes: null },
  });

/** The mapping as sent in a query string or a multipart field: JSON text. */
export const mappingJsonSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON object" });
      return z.NEVER;
    }
  })
  .pipe(importMappingSchema);

/** POST /api/imports options, in the query string (and, for multipart, as fields before `file`). */
export const importCreateQuerySchema = z.strictObject({
  mapping: mappingJsonSchema.optional().meta({ description: "JSON of ImportMapping." }),
  skip_invalid: flag.meta({ description: "Start even when some rows are invalid; those rows are left out. Default false: a file with invalid rows is refused (400) and nothing is sent." }),
  validate_only: flag.meta({ description: "Validate and stage the rows, send nothing; start later with POST /api/imports/{importId}/start." }),
});

export const importStartSchema = z
  .strictObject({ skip_invalid: z.boolean().default(false) })
  .meta({ id: "ImportStart", description: "skip_invalid: leave the invalid rows out (required when there are any)." });

export const importIdParamsSchema = z.object({ importId: z.uuid({ error: "must be an import id (UUID)" }) });

export const importAcceptedSchema = z
  .object({
    import_id: z.uuid(),
    status: z.enum(IMPORT_STATUSES),
    status_url: z.string().meta({ example: "/api/imports/6f1c0a3e-9a53-4c43-8a59-1f0a4c9b1e2d" }),
    total_rows: z.number().int(),
    invalid_rows: z.number().int(),
  })
  .meta({ id: "ImportAccepted" });
export type ImportAccepted = z.infer<typeof importAcceptedSchema>;

export const importStatusSchema = z
  .object({
    import_id: z.uuid(),
    status: z.enum(IMPORT_STATUSES).meta({
      description: "validated: staged, nothing sent (start it); running: rows are being synced; done: no row is pending (some may need attention).",
    }),
    file_name: z.string().nullable(),
    columns: z.array(z.string()),
    mapping: importMappingSchema,
    unmapped_columns: z.array(z.string()).meta({ description: "Columns of the file that no field takes: ignored." }),
    total_rows: z.number().int(),
    invalid_rows: z.number().int(),
    skip_invalid: z.boolean(),
    synced: z.number().int(),
    pending: z.number().int(),
    needs_attention: z.number().int().meta({ description: "Stopped until staff act (needs attention or partial)." }),
    failed: z.number().int().meta({ description: "Refused by HubSpot with nothing written." }),
    rows_per_second: z.number().meta({ description: "Rows synced per second: while running, over the last ~10 s of polling (else since the start); once done, from start to end." }),
    seconds_left: z.number().nullable().meta({ description: "Pending rows at the current rate; null when unknown." }),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
  })
  .meta({ id: "ImportStatus" });
export type ImportStatus = z.infer<typeof importStatusSchema>;

export const importRowsQuerySchema = z.strictObject({
  state: z.enum(IMPORT_ROW_STATES, { error: `must be one of ${IMPORT_ROW_STATES.join(", ")}` }).optional(),
  after_line: z.coerce.number({ error: "must be a line number" }).int().min(0).optional().meta({ description: "`next_after_line` of the previous page." }),
  limit: z.coerce.number({ error: "must be a whole number between 1 and 500" }).int().min(1).max(500, { error: "must be between 1 and 500" }).default(50),
});

export const importRowSchema = z
  .object({
    line: z.number().int().meta({ description: "The file line the row starts on (the header is line 1)." }),
    state: z.enum(IMPORT_ROW_STATES),
    email: z.string().nullable(),
    issues: z.array(fieldIssueSchema).meta({ description: "Why the row is invalid: `field` is the field and its column." }),
    registration_id: z.uuid().nullable(),
    contact_id: z.string().nullable(),
    deal_ids: z.array(z.string()),
    ticket_ids: z.array(z.string()),
    error: z.string().nullable().meta({ description: "Why HubSpot refused it, or why it waits." }),
  })
  .meta({ id: "ImportRow" });
export type ImportRow = z.infer<typeof importRowSchema>;

export const importRowsPageSchema = z
  .object({ results: z.array(importRowSchema), next_after_line: z.number().int().nullable() })
  .meta({ id: "ImportRowsPage" });

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS };
