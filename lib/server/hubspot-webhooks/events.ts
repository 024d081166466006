import "server-only";
import { CRM_OBJECT_TYPES, type CrmObjectType } from "@/lib/schemas/constants";
import { webhookEventSchema, type WebhookEvent } from "@/lib/schemas/hubspot-webhook";

/** What an event means for the mirror, read from either shape of subscription type (lib/schemas/webhook.ts). */

export type EventKind = "creation" | "change" | "association" | "restore" | "merge" | "deletion" | "privacy_deletion";

const LEGACY_TYPES: Record<string, CrmObjectType> = { contact: "contacts", deal: "deals", ticket: "tickets" };
const TYPE_IDS: Record<string, CrmObjectType> = { "0-1": "contacts", "0-3": "deals", "0-5": "tickets" };
const KINDS: Record<string, EventKind> = {
  creation: "creation",
  propertyChange: "change",
  associationChange: "association",
  restore: "restore",
  merge: "merge",
  deletion: "deletion",
  privacyDeletion: "privacy_deletion",
};

/** One event as the inbox stores it. */
export interface InboxRow {
  dedupeKey: string;
  eventId: string;
  subscriptionType: string;
  objectType: CrmObjectType;
  objectId: string;
  occurredAt: Date;
  /** The event without `propertyValue`: the value is read from HubSpot, never kept from the event. */
  payload: Record<string, unknown>;
}

/** The object type and kind of an event, or null for events the mirror does not follow (companies, …). */
export function classifyEvent(e: Pick<WebhookEvent, "subscriptionType" | "objectTypeId">): { type: CrmObjectType; kind: EventKind } | null {
  const [prefix, action] = e.subscriptionType.split(".", 2);
  const type = prefix === "object" ? TYPE_IDS[e.objectTypeId ?? ""] : LEGACY_TYPES[prefix];
  const kind = KINDS[action ?? ""];
  return type && kind && CRM_OBJECT_TYPES.includes(type) ? { type, kind } : null;
}

/**
 * Inbox rows for a posted batch. Events the mirror does not follow are counted as ignored. The
 * dedupe key is the event id qualified by its subscription, object and time: a retry of the same
 * event repeats all of them, and HubSpot does not promise event ids are unique on their own.
 */
export function toInboxRows(batch: unknown[]): { rows: InboxRow[]; ignored: number; invalid: number } {
  const rows: InboxRow[] = [];
  let ignored = 0;
  let invalid = 0;
  for (const raw of batch) {
    const parsed = webhookEventSchema.safeParse(raw);
    if (!parsed.success) {
      invalid++;
      continue;
    }
    const e = parsed.data;
    const classified = classifyEvent(e);
    const objectId = e.objectId ?? e.primaryObjectId ?? e.fromObjectId;
    if (!classified || !objectId) {
      ignored++;
      continue;
    }
    const { propertyValue: _value, ...payload } = raw as Record<string, unknown>;
    rows.push({
      dedupeKey: [e.subscriptionType, e.objectTypeId ?? "", e.subscriptionId ?? "", e.eventId, objectId, e.occurredAt].join(":"),
      eventId: e.eventId,
      subscriptionType: e.subscriptionType,
      objectType: classified.type,
      objectId,
      occurredAt: new Date(e.occurredAt),
      payload,
    });
  }
  return { rows, ignored, invalid };
}
