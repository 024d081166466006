/**
 * Plain values the schemas are built from, in a module without zod: browser code (tabs, filters)
 * imports them from here so that using a list of names never pulls zod into a page's first load.
 */
export const CRM_OBJECT_TYPES = ["contacts", "deals", "tickets"] as const;
export type CrmObjectType = (typeof CRM_OBJECT_TYPES)[number];

export const REGISTRATION_STATUSES = ["pending", "synced", "partial", "needs_attention", "failed"] as const;
export type RegistrationStatusName = (typeof REGISTRATION_STATUSES)[number];

/** The webhook events an endpoint may subscribe to (docs/webhooks.md). */
export const WEBHOOK_EVENT_TYPES = ["registration.synced", "registration.needs_attention"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Columns the mirror's tables sort by, per type (`sort=email`, `sort=-created` for descending). */
export const MIRROR_SORT_KEYS = {
  contacts: ["id", "email", "name", "phone", "created"],
  deals: ["id", "dealname", "amount", "stage", "created"],
  tickets: ["id", "subject", "priority", "category", "stage", "created"],
} as const satisfies Record<CrmObjectType, readonly string[]>;
export type MirrorSortKey<T extends CrmObjectType = CrmObjectType> = (typeof MIRROR_SORT_KEYS)[T][number];
