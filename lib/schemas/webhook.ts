import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./constants";
import { beforeCursor, pageLimit } from "./paging";
import { storable } from "./text";

export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./constants";
/** Sent only by "Send test event", to that endpoint, whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "retrying", "delivered", "given_up"] as const;

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { error: `must be ${WEBHOOK_EVENT_TYPES.join(" or ")}` }), { error: "must be a list of event types" })
  .min(1, { error: "choose at least one event" })
  .transform((e) => [...new Set(e)])
  .meta({ example: ["registration.synced", "registration.needs_attention"] });

/** POST /api/webhooks. The server also checks where the URL leads (private addresses are refused). */
export const webhookEndpointCreateSchema = z
  .strictObject({
    url: storable(
      z
        .string({ error: "is required" })
        .trim()
        .min(1, { error: "is required" })
        .max(2048, { error: "must be at most 2048 characters" }),
    )
      .pipe(z.url({ protocol: /^https?$/, error: "must be an https:// URL" }))
      .meta({ example: "https://hooks.example.com/hubspot-sync" }),
    events: eventsSchema,
  })
  .meta({ id: "WebhookEndpointCreateRequest" });
export type WebhookEndpointCreateInput = z.input<typeof webhookEndpointCreateSchema>;

/** PATCH /api/webhooks/{endpointId}: pause or resume it, or change its events. */
export const webhookEndpointUpdateSchema = z
  .strictObject({ enabled: z.boolean({ error: "must be true or false" }).optional(), events: eventsSchema.optional() })
  .refine((u) => u.enabled !== undefined || u.events !== undefined, { error: "send enabled and/or events", path: ["enabled"] })
  .meta({ id: "WebhookEndpointUpdateRequest" });

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string().meta({ example: "https://hooks.example.com/hubspot-sync" }),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    enabled: z.boolean(),
    source: z.enum(["dashboard", "env"]).meta({ description: "env: provisioned by WEBHOOK_URL (cannot be deleted here)." }),
    created_by: z.string().nullable().meta({ example: "staff@example.com" }),
    created_at: z.string(),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

export const webhookEndpointListSchema = z.object({ results: z.array(webhookEndpointSchema) }).meta({ id: "WebhookEndpointList" });

export const webhookEndpointCreatedSchema = webhookEndpointSchema
  .extend({
    secret: z.string().meta({
      description: "The signing secret. Shown only in this answer: store it now, it cannot be read again.",
      example: "whsec_Qm9vdHN0cmFwIHNlY3JldCBleGFtcGxlIG9ubHk",
    }),
  })
  .meta({ id: "WebhookEndpointCreated" });
export type WebhookEndpointCreated = z.infer<typeof webhookEndpointCreatedSchema>;

export const webhookEndpointParamsSchema = z.object({ endpointId: z.uuid({ error: "is not a webhook endpoint id" }) });

/** GET /api/webhooks/{endpointId}/deliveries: newest first, keyset paging with `before`. */
export const webhookDeliveriesQuerySchema = z.strictObject({
  limit: pageLimit(20),
  before: beforeCursor(),
});

export const webhookDeliverySchema = z
  .object({
    id: z.uuid(),
    event_id: z.uuid().meta({ description: "Sent as `Webhook-Id`: the same on every attempt." }),
    event_type: z.string().meta({ example: "registration.synced" }),
    registration_id: z.string().nullable(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).meta({
      description: "pending: not tried yet (or its first attempt is under way); retrying: an attempt failed (last_error), tried again at next_attempt_at; delivered: answered 2xx; given_up: not delivered within WEBHOOK_MAX_AGE_SECONDS.",
    }),
    attempts: z.number().int(),
    next_attempt_at: z.string().nullable(),
    last_attempt_at: z.string().nullable(),
    last_status_code: z.number().int().nullable().meta({ description: "HTTP status of the last answer; null when none came (timeout, refused)." }),
    last_error: z.string().nullable(),
    response_excerpt: z.string().nullable().meta({ description: "The start of the last answer's body (at most 500 characters)." }),
    delivered_at: z.string().nullable(),
    given_up_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveriesPageSchema = z
  .object({ results: z.array(webhookDeliverySchema), next_before: z.string().nullable() })
  .meta({ id: "WebhookDeliveriesPage" });
export type WebhookDeliveriesPage = z.infer<typeof webhookDeliveriesPageSchema>;

/** The body of every delivery (JSON, exactly the bytes signed). */
export const webhookEventSchema = z
  .object({
    id: z.uuid().meta({ description: "The event id, also in `Webhook-Id`: deduplicate on it (delivery is at least once)." }),
    type: z.string().meta({ example: "registration.synced" }),
    occurred_at: z.string().meta({ example: "2026-12-01T13:00:00.000Z" }),
    data: z.object({
      registration_id: z.uuid().optional(),
      status: z.string().optional(),
      contact_id: z.string().nullable().optional(),
      deal_ids: z.array(z.string()).optional(),
      ticket_ids: z.array(z.string()).optional(),
      idempotency_key: z.string().nullable().optional(),
      attempts: z.number().int().optional(),
      reason: z.string().nullable().optional(),
    }),
  })
  .meta({ id: "WebhookEvent" });
