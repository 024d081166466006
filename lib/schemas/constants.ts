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
