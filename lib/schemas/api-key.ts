import { z } from "zod";
import { storable } from "./text";

/**
 * What a key may do: `register` (POST /api/crm/register and its own registrations), `read` (every
 * read), `metrics` (GET /api/metrics, for a monitoring system), `webhooks` (manage webhook
 * endpoints and read their deliveries); the last two are never given unless asked for.
 */
export const API_KEY_SCOPES = ["register", "read", "metrics", "webhooks"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
/** A key's scopes when none are chosen (and those of API_KEYS keys). */
export const DEFAULT_API_KEY_SCOPES: ApiKeyScope[] = ["register", "read"];
export const apiKeyScopesSchema = z
  .array(z.enum(API_KEY_SCOPES, { error: "must be register, read, metrics or webhooks" }), { error: "must be a list of scopes" })
  .min(1, { error: "must name at least one scope" })
  .transform((s) => [...new Set(s)])
  .meta({ example: ["register"] });

/** POST /api/api-keys: a name so staff can tell keys apart. */
export const apiKeyCreateSchema = z
  .strictObject({
    name: storable(
      z
        .string({ error: "is required" })
        .trim()
        .min(1, { error: "is required" })
        .max(100, { error: "must be at most 100 characters" }),
    ).meta({ example: "Billing system" }),
    scopes: apiKeyScopesSchema.default([...DEFAULT_API_KEY_SCOPES]).meta({ description: "Default: register and read." }),
  })
  .meta({ id: "ApiKeyCreateRequest" });
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateSchema>;

/** A key as listed: never the key itself, only its first characters. */
export const apiKeySchema = z
  .object({
    id: z.string().meta({ example: "5f0c6a7e-8d5b-4a57-9a43-0c2f6f1d9b11" }),
    name: z.string().meta({ example: "Billing system" }),
    prefix: z.string().meta({ description: "The key's first characters.", example: "hsk_3Fq9xT" }),
    scopes: z.array(z.enum(API_KEY_SCOPES)).meta({ example: ["register"] }),
    created_by: z.string().nullable().meta({ example: "staff@example.com" }),
    created_at: z.string().meta({ example: "2026-11-27T10:00:00.000Z" }),
    last_used_at: z.string().nullable().meta({ example: null }),
  })
  .meta({ id: "ApiKey" });
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyListSchema = z.object({ results: z.array(apiKeySchema) }).meta({ id: "ApiKeyList" });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

export const apiKeyCreatedSchema = apiKeySchema
  .extend({
    key: z.string().meta({
      description: "The whole key. Shown only in this answer: store it now, it cannot be read again.",
      example: "hsk_3Fq9xTqv8mYw0P2cJr7uLk1sNe5dHb4aZgXo6iVt",
    }),
  })
  .meta({ id: "ApiKeyCreated" });
export type ApiKeyCreated = z.infer<typeof apiKeyCreatedSchema>;

/** Path parameter of DELETE /api/api-keys/{keyId}. */
export const apiKeyParamsSchema = z.object({ keyId: z.uuid({ error: "is not a key id" }) });
