import { z } from "zod";

export const ERROR_CODES = [
  "VALIDATION_ERROR",
  "INVALID_JSON",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "CONFLICT",
  "IDEMPOTENCY_KEY_REUSED",
  "RATE_LIMITED",
  "HUBSPOT_ERROR",
  "HUBSPOT_UNAVAILABLE",
  "HUBSPOT_NOT_CONNECTED",
  "WEBHOOKS_NOT_CONFIGURED",
  "INTERNAL_ERROR",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const fieldIssueSchema = z.object({
  field: z.string().meta({ example: "contact.email" }),
  message: z.string().meta({ example: "must be a valid email address" }),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** Every error answer: `{ success: false, error: { code, message, details? } }`. */
export const errorResponseSchema = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.array(fieldIssueSchema).optional(),
      correlation_id: z.string().optional().meta({ description: "HubSpot's correlationId, when HubSpot failed." }),
      request_id: z.string().optional(),
    }),
  })
  .meta({ id: "ErrorResponse" });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** Turn zod issues into `field` paths like `deals[1].amount`. */
export function fieldIssuesFrom(error: z.ZodError, prefix = ""): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>(
      (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
      prefix,
    );
    const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : undefined;
    if (unknownKeys?.length) {
      const base = path ? `${path}.` : "";
      // An empty key is shown as `""`, so the field is still named.
      const shown = unknownKeys.map((k) => (k === "" ? '""' : k));
      return { field: `${base}${shown[0]}`, message: `unknown field${shown.length > 1 ? `s: ${shown.join(", ")}` : ""}` };
    }
    const message = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
    return { field: path || "(body)", message };
  });
}
