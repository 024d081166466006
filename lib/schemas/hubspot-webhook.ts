import { z } from "zod";

/**
 * HubSpot's webhook events (POST /api/hubspot/webhooks), in both shapes it sends: per-object
 * subscription types (`contact.creation`, `deal.propertyChange`, `contact.merge`,
 * `contact.privacyDeletion` …) and generic ones (`object.creation` … with `objectTypeId`). Ids
 * come as numbers or digit strings; fields not listed are kept as they are.
 */
const hubSpotId = z.union([z.number(), z.string().regex(/^\d{1,20}$/)]).transform(String);

export const webhookEventSchema = z
  .object({
    eventId: hubSpotId,
    subscriptionId: hubSpotId.optional(),
    subscriptionType: z.string().min(1).max(100).meta({ example: "contact.propertyChange" }),
    objectId: hubSpotId.optional(),
    objectTypeId: z.string().max(20).optional().meta({ description: "Generic `object.*` events: `0-1` contacts, `0-3` deals, `0-5` tickets." }),
    occurredAt: z.number().int().nonnegative().meta({ description: "Milliseconds since the epoch." }),
    attemptNumber: z.number().int().optional(),
    propertyName: z.string().max(200).optional(),
    primaryObjectId: hubSpotId.optional(),
    mergedObjectIds: z.array(hubSpotId).max(500).optional(),
    newObjectId: hubSpotId.optional(),
    fromObjectId: hubSpotId.optional(),
    toObjectId: hubSpotId.optional(),
  })
  .loose()
  .meta({ id: "HubSpotWebhookEvent" });
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

/** A batch as HubSpot posts it: a JSON array of events. */
export const webhookBatchSchema = z.array(z.unknown()).max(1000).meta({ id: "HubSpotWebhookBatch" });

export const webhookReceiptSchema = z
  .object({
    received: z.number().int().meta({ description: "Events in the batch." }),
    stored: z.number().int().meta({ description: "New events stored for the mirror." }),
    duplicates: z.number().int().meta({ description: "Events already stored (HubSpot's retries, replays)." }),
    ignored: z.number().int().meta({ description: "Events of objects the mirror does not follow, or not readable." }),
  })
  .meta({ id: "WebhookReceipt" });
